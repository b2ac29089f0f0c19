import { ec2Client } from '../lib/aws/clients/ec2';
import { Ec2Api } from '../lib/aws/ec2-api';
import { setVpcTags } from '../lib/aws/vpc-tags';
import { requestRun } from '../lib/operations/request-run';
import { EXIT, type CommandEnv, type ExecutionReport } from './context';
import { runLocalExecutions } from './local-backing';
import { readSavedTags } from './saved-tags';
import { vpcRefFor } from './vpc-clients';
import type { RunMachinery } from '../functions/_shared/compose';

/**
 * `restore FILE`: puts back the privatelink tags `uninstall` saved, VPC by VPC, and asks for a run of each
 * through the normal path (`--local`: runs them in-process), so the VPCs are provisioned again.
 */
export async function restoreCommand(
  file: string,
  opts: { local?: boolean },
  env: CommandEnv,
  machinery: () => Promise<RunMachinery>,
): Promise<number> {
  const saved = readSavedTags(file);
  const runs = await machinery();
  const api = new Ec2Api(ec2Client);
  const started: string[] = [];
  for (const { vpcId, tags } of saved.vpcs) {
    await setVpcTags(api, vpcId, tags);
    const outcome = await requestRun(
      await vpcRefFor(vpcId, env),
      { trigger: { source: 'manual', requestedBy: 'cli:restore' } },
      runs,
    );
    env.io.err(`${vpcId}: privatelink tags put back; ${outcome.outcome} ${outcome.executionArn}`);
    if (outcome.outcome === 'started') started.push(outcome.executionArn.split(':').pop() ?? '');
  }
  const executions: ExecutionReport[] = opts.local
    ? await runLocalExecutions(runs.executions.stateMachineArn, env, started)
    : [];
  env.output.print(
    { restored: saved.vpcs.map((v) => v.vpcId), executions },
    () => `${saved.vpcs.length} VPC(s) tagged again from ${file}`,
  );
  return executions.some((e) => e.status !== 'SUCCEEDED') ? EXIT.failed : EXIT.ok;
}
