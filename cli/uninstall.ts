import { removeVpcTags } from '../lib/aws/vpc-tags';
import { vpcRefFor } from './vpc-clients';
import { ec2Client } from '../lib/aws/clients/ec2';
import { Ec2Api } from '../lib/aws/ec2-api';
import { readOptedInVpcs } from '../lib/aws/fleet-reads';
import { TAG_PREFIX } from '../lib/domain/config';
import { requestRun } from '../lib/operations/request-run';
import { EXIT, UsageError, type CommandEnv, type ExecutionReport } from './context';
import { runLocalExecutions } from './local-backing';
import { defaultTagsFile, writeSavedTags } from './saved-tags';
import type { SfnExecutions } from '../lib/aws/sfn-executions';
import type { RunLockStore } from '../lib/domain/run-lock';

/**
 * `uninstall`: opts every VPC of the region out through the normal path — its privatelink: tags go, and a
 * run removes what we made there (endpoints, routes, groups, probe copies), nothing else — then says how
 * to remove the stack. Destructive for the VPCs' endpoints, so it asks for --yes.
 */
export async function uninstallCommand(
  opts: { yes?: boolean; local?: boolean; tagsFile?: string },
  env: CommandEnv,
  machinery: () => Promise<{ locks: RunLockStore; executions: SfnExecutions }>,
): Promise<number> {
  const api = new Ec2Api(ec2Client);
  const vpcs = (await readOptedInVpcs(api)).map((v) => ({
    vpcId: v.VpcId ?? '',
    tags: Object.fromEntries(
      (v.Tags ?? [])
        .filter((t) => (t.Key ?? '').startsWith(TAG_PREFIX))
        .map((t) => [t.Key ?? '', t.Value ?? '']),
    ),
  }));
  if (!opts.yes)
    throw new UsageError(
      `uninstall removes the endpoints this stack made in ${vpcs.length} VPC(s) of ${env.region} ` +
        `(${vpcs.map((v) => v.vpcId).join(', ') || 'none'}): run it again with --yes`,
    );
  const runs = await machinery();
  // The tags are the source of truth: kept before any is removed (privatelink restore puts them back).
  const file = opts.tagsFile ?? defaultTagsFile(env.region);
  writeSavedTags(file, env.region, vpcs);
  env.io.err(
    `the privatelink tags of ${vpcs.length} VPC(s) saved to ${file}: privatelink restore ${file} puts them back`,
  );
  const started: string[] = [];
  for (const { vpcId, tags } of vpcs) {
    await removeVpcTags(api, vpcId, Object.keys(tags));
    const outcome = await requestRun(
      await vpcRefFor(vpcId, env),
      { trigger: { source: 'manual', requestedBy: `cli:uninstall` } },
      runs,
    );
    env.io.err(`${vpcId}: privatelink tags removed; ${outcome.outcome} ${outcome.executionArn}`);
    if (outcome.outcome === 'started') started.push(outcome.executionArn.split(':').pop() ?? '');
  }
  const executions: ExecutionReport[] = opts.local
    ? await runLocalExecutions(runs.executions.stateMachineArn, env, started)
    : [];
  const remove = `npx serverless remove --stage <stage> --region ${env.region}`;
  // Local runs have ended by now; deployed ones go on after this command returns.
  const next = opts.local
    ? `their runs finished: remove the stack: ${remove}`
    : `when their runs have finished (privatelink progress, privatelink follow <arn>), remove the stack: ${remove}`;
  env.output.print(
    { optedOut: vpcs.map((v) => v.vpcId), tagsFile: file, executions, next },
    () => `${vpcs.length} VPC(s) opted out and ${next}`,
  );
  return executions.some((e) => e.status !== 'SUCCEEDED') ? EXIT.failed : EXIT.ok;
}
