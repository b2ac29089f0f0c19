import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { centralReachOf, clientsFor } from '../lib/aws/clients/accounts';
import { ec2Client } from '../lib/aws/clients/ec2';
import { organizationsClient } from '../lib/aws/clients/organizations';
import { centralAcross } from '../lib/aws/central-reads';
import { Ec2Api } from '../lib/aws/ec2-api';
import { usd } from '../lib/domain/cost';
import {
  fleetTotalsOf,
  needsAttention,
  utcMinute,
  type FleetRow,
  type LastRun,
} from '../lib/domain/fleet-row';
import { latestRunsOf } from '../lib/domain/rollout';
import { accountRegionOf, type AccountRegion } from '../lib/domain/vpc-ref';
import { hubTargets, overTargets } from '../lib/operations/fleet-drift';
import { readFleetRows } from '../lib/operations/fleet-view';
import { assertHub, EXIT, UsageError, type CommandEnv } from './context';
import type { FLEET_FILTERS, FLEET_SORTS, FleetOptions } from './fleet-options';
import { parseSince, runsOf } from './progress';
import { accountRegionFor, cliSessionName, ownAccountOf, vpcClients } from './vpc-clients';

/** Drift, an endpoint failed or missing, or a last run that failed: someone should look. */
const KEEP: Record<(typeof FLEET_FILTERS)[number], (r: FleetRow) => boolean> = {
  all: () => true,
  drifted: (r) => r.drift > 0,
  failed: (r) => r.endpoints.failed > 0 || r.lastRun.state === 'failed',
  attention: needsAttention,
};

export const ORDER: Record<(typeof FLEET_SORTS)[number], (a: FleetRow, b: FleetRow) => number> = {
  vpc: (a, b) =>
    `${a.accountId}/${a.region}/${a.vpcId}`.localeCompare(`${b.accountId}/${b.region}/${b.vpcId}`),
  cost: (a, b) => (b.monthlyCost ?? 0) - (a.monthlyCost ?? 0) || ORDER.vpc(a, b),
  drift: (a, b) => b.drift - a.drift || ORDER.vpc(a, b),
};

/**
 * `fleet`: one row per opted-in VPC — where, its services, endpoints ok / missing / failed, AZs, cost a
 * month, drift and its last run — across this account and region, every enabled region (--all-regions)
 * or the hub's members (--all-accounts). Exit 3 when a row needs attention, 1 when a target could not be
 * read, else 0.
 */
export async function fleetCommand(opts: FleetOptions, env: CommandEnv): Promise<number> {
  const { all, unreachable } = await readFleet(opts, env);
  const rows = all.filter(KEEP[opts.filter ?? 'all']).sort(ORDER[opts.sort ?? 'vpc']);
  const document = { rows, totals: fleetTotalsOf(all), unreachable };
  env.output.print(document, () => fleetText(document, env));
  if (all.some(needsAttention)) return EXIT.attention;
  return unreachable.length > 0 ? EXIT.failed : EXIT.ok;
}

/** Every opted-in VPC's row of the targets (`fleet` and `report` alike), and the targets not read. */
export async function readFleet(
  opts: Pick<FleetOptions, 'allAccounts' | 'allRegions' | 'since'>,
  env: CommandEnv,
): Promise<{
  all: FleetRow[];
  unreachable: { accountId: string; region: string; error: string; message: string }[];
}> {
  if (opts.allAccounts && env.target)
    throw new UsageError('fleet --all-accounts reads every member: leave out --account and --role-arn');
  const since = Date.now() - parseSince(opts.since ?? '30d');
  const targets = await targetsOf(opts, env);
  const runs = await runsOf(env);
  const lastRuns = latestRunsOf(runs ? await runs.since(since) : []);
  const own = await ownAccountOf(env);
  // This stack's state machine runs the VPCs of its own region; the hub's runs every target it has.
  const runsHere = (t: AccountRegion) => runs !== undefined && (opts.allAccounts || t.region === env.region);
  const result = await overTargets(targets, async (target) => {
    const clients = opts.allAccounts
      ? clientsFor(target, own, env.config.hub, cliSessionName())
      : vpcClients(env, target.region);
    const rows = await readFleetRows(
      new Ec2Api(clients.ec2),
      env.config,
      target,
      (vpcId) =>
        runsHere(target) ? (lastRuns.get(vpcId) ?? { state: 'not started' }) : { state: 'unknown' },
      clients.route53,
      opts.allAccounts && env.config.central
        ? centralAcross(centralReachOf(target, own, env.config.hub, cliSessionName()))
        : undefined,
    );
    return { rows };
  });
  return { all: result.checked.flatMap((c) => c.rows), unreachable: result.unreachable };
}

async function targetsOf(
  opts: Pick<FleetOptions, 'allAccounts' | 'allRegions'>,
  env: CommandEnv,
): Promise<AccountRegion[]> {
  const own = await ownAccountOf(env);
  if (opts.allAccounts) {
    assertHub(env.config, 'fleet --all-accounts');
    const targets = await hubTargets(env.config, own, organizationsClient);
    if (!opts.allRegions) return targets;
    const regions = await enabledRegions();
    const accounts = [...new Set(targets.map((t) => t.accountId))];
    return accounts.flatMap((accountId) =>
      regions.map((region) => accountRegionOf(own, { accountId, region })),
    );
  }
  const here = await accountRegionFor(env);
  if (!opts.allRegions) return [here];
  return (await enabledRegions()).map((region) => ({ ...here, region }));
}

/** The regions enabled in the caller's account (EC2 DescribeRegions). */
async function enabledRegions(): Promise<string[]> {
  const { Regions = [] } = await ec2Client.send(new DescribeRegionsCommand({}));
  return Regions.map((r) => r.RegionName ?? '')
    .filter(Boolean)
    .sort();
}

function fleetText(
  document: {
    rows: FleetRow[];
    totals: ReturnType<typeof fleetTotalsOf>;
    unreachable: { accountId: string; region: string; error: string; message: string }[];
  },
  env: CommandEnv,
): string {
  const c = env.terminal.colors;
  const table = env.terminal.table([
    'account',
    'region',
    'vpc',
    'services',
    'endpoints',
    'AZs',
    'a month',
    'drift',
    'last run',
  ]);
  for (const r of document.rows) {
    const e = r.endpoints;
    const health = [
      `${e.ok} ok`,
      e.missing ? c.yellow(`${e.missing} missing`) : '',
      e.failed ? c.red(`${e.failed} failed`) : '',
      e.pending ? `${e.pending} pending` : '',
    ].filter(Boolean);
    table.push([
      r.accountId,
      r.region,
      r.name ? `${r.vpcId}\n${r.name}` : r.vpcId,
      r.tagsValid ? r.services.join(', ') : c.red('invalid tags'),
      health.join(', '),
      String(r.azs),
      r.monthlyCost === null ? 'unknown' : usd(r.monthlyCost),
      r.drift ? c.yellow(String(r.drift)) : '0',
      lastRunText(r.lastRun, env),
    ]);
  }
  const t = document.totals;
  const lines = [
    document.rows.length ? table.toString() : 'No opted-in VPC matches.',
    `${t.vpcs} opted-in VPC(s): ${t.drifted} drifted, ${t.attention} need attention; ${usd(t.monthlyCost)}/month of interface endpoints${t.costUnknown ? ` (${t.costUnknown} VPC(s) at unknown prices)` : ''}`,
    ...document.unreachable.map((u) => `${u.accountId} ${u.region}: not read: ${u.error}: ${u.message}`),
  ];
  return lines.join('\n');
}

function lastRunText(run: LastRun, env: CommandEnv): string {
  const c = env.terminal.colors;
  const when = run.startedAt ? ` ${utcMinute(run.startedAt)}` : '';
  if (run.state === 'failed') return c.red(`failed${when}${run.error ? `: ${run.error}` : ''}`);
  return `${run.state}${when}`;
}
