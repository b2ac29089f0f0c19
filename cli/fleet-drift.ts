import { eventBridgeClient } from '../lib/aws/clients/eventbridge';
import { organizationsClient } from '../lib/aws/clients/organizations';
import { cliSessionName, ownAccountOf } from './vpc-clients';
import { EventBridgeSink } from '../lib/aws/event-sink';
import { silentEvents } from '../lib/domain/events';
import { runHubDrift, type FleetDriftReport } from '../lib/operations/fleet-drift';
import { runMachinery } from './commands';
import { assertHub, EXIT, UsageError, type CommandEnv } from './context';
import { driftTable } from './render';

/**
 * `drift --all-accounts`: the hub's drift check over every member the config names (hub.accounts, the
 * active accounts of hub.organizationalUnits) in every region of hub.regions, through the spoke roles, as
 * the schedule runs it. Exit 3 when drift is found, 1 when an account could not be read, else 0.
 */
export async function fleetDriftCommand(
  opts: { remediate?: boolean; emitEvents?: boolean },
  env: CommandEnv,
): Promise<number> {
  const { config } = env;
  assertHub(config, 'drift --all-accounts');
  if (env.target)
    throw new UsageError('drift --all-accounts checks every member: leave out --account and --role-arn');
  const report = await runHubDrift({
    config,
    own: await ownAccountOf(env),
    session: cliSessionName(),
    events: opts.emitEvents ? new EventBridgeSink(eventBridgeClient) : silentEvents,
    runs: opts.remediate ? await runMachinery(env, false) : undefined,
    mode: opts.remediate ? 'remediate' : 'report',
    organizations: organizationsClient,
  });
  env.output.print(report, () => fleetText(report, env));
  if (report.checked.some((c) => c.drifted.length > 0)) return EXIT.attention;
  return report.unreachable.length > 0 ? EXIT.failed : EXIT.ok;
}

function fleetText(report: FleetDriftReport, env: CommandEnv): string {
  const lines = report.checked.map(
    (c) => `${c.accountId} ${c.region}: ${c.drifted.length} of ${c.vpcsChecked} opted-in VPC(s) drifted`,
  );
  for (const c of report.checked.filter((x) => x.drifted.length > 0))
    lines.push('', `${c.accountId} ${c.region}:`, driftTable(c, env.terminal));
  for (const u of report.unreachable)
    lines.push(`${u.accountId} ${u.region}: not checked: ${u.error}: ${u.message}`);
  return lines.join('\n');
}
