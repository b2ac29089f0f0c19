import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ListMapRunsCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { sfnClient } from '../lib/aws/clients/sfn';
import { join } from 'node:path';
import { s3Client } from '../lib/aws/clients/s3';
import { withLocalDistributedMaps } from '../lib/operations/local/distributed-map';
import { loadDefinition, runLocally } from '../lib/operations/local/run-state-machine';
import type { BatchResult } from '../lib/operations/org-drift/check-targets';
import type { OrgDriftSummary } from '../lib/operations/org-drift/summary';
import { deployment, useDeployment } from '../functions/_shared/compose';
import { assertHub, EXIT, findStateMachineByName, type CommandEnv } from './context';
import { ensureLocalBacking, runLocalExecutions } from './local-backing';
import { asLocalHandlers, loadStateMachineHandlers } from './local-handlers';
import { progressLine } from './render';
import { ownAccountOf } from './vpc-clients';

/** The Organization check's definition, as deployed. */
export const ORG_ASL_PATH = join(__dirname, '../statemachine/org-drift.asl.json');

/**
 * `drift --all-accounts --local`: the Organization check (statemachine/org-drift.asl.json) run in this
 * process against --endpoint-url — its Distributed Map by the local runner (items from the emulator's S3,
 * batches, MaxConcurrency, tolerated failures, results written to S3), each child with the real child ASL
 * and handlers. Exit 3 when drift is found, 1 when an account could not be checked, else 0.
 */
export async function localOrgCheckCommand(opts: { remediate?: boolean }, env: CommandEnv): Promise<number> {
  assertHub(env.config, 'drift --all-accounts');
  const provisionArn = await ensureLocalBacking(env);
  const bucket = await ensureLocalBucket(`${env.stackName}-org-check`.toLowerCase());
  useDeployment({ ...deployment(), orgCheck: { bucket } });
  const own = await ownAccountOf(env);
  const definition = loadDefinition(ORG_ASL_PATH, env.region, own.accountId);
  const startedAt = new Map<string, number>();
  const local = withLocalDistributedMaps(definition, {
    s3: s3Client,
    handlers: asLocalHandlers(loadStateMachineHandlers(definition)),
    onChild: (child, done, total) =>
      env.io.err(`  batch ${done}/${total}: ${batchLine(child.output as BatchResult | undefined, child)}`),
  });
  const name = `org-check-${Date.now()}`;
  env.io.err(`▶ ${name} (running the Organization check in-process)`);
  const result = await runLocally(
    local.definition,
    { mode: opts.remediate ? 'remediate' : 'report' },
    local.handlers,
    {
      executionName: name,
      stateMachineArn: `arn:aws:states:${env.region}:${own.accountId}:stateMachine:${env.stackName}-org-drift`,
      onEvent: (event) => {
        const line = progressLine(event, startedAt, env.terminal, env.verbose);
        if (line) env.io.err(line);
      },
      signal: env.signal,
    },
  );
  if (result.status !== 'SUCCEEDED')
    throw new OrgCheckFailedError(
      `the Organization check ${result.status}: ${result.error ?? ''}: ${result.cause ?? ''}`,
    );
  const summary = result.output as OrgDriftSummary;
  const executions =
    opts.remediate && summary.remediationsStarted > 0
      ? await runLocalExecutions(provisionArn, env)
      : undefined;
  env.output.print(executions ? { ...summary, executions } : summary, () => summaryText(summary));
  return exitFor(summary);
}

/**
 * `drift --all-accounts`: starts the deployed Organization check and follows it — account-regions done,
 * of how many, from its Map Run — to its summary. A stack deployed without one (before 0.3) is checked
 * from here, one member after another, and says so. Ctrl-C stops following; the check goes on.
 */
export async function orgCheckCommand(
  opts: { remediate?: boolean; emitEvents?: boolean },
  env: CommandEnv,
  pollMs = 5000,
): Promise<number> {
  assertHub(env.config, 'drift --all-accounts');
  const stateMachineArn = await findStateMachineByName(sfnClient, `${env.stackName}-org-drift`);
  if (!stateMachineArn) {
    env.io.err(
      `${env.stackName} has no Organization check (deployed before it came): checking each member from here`,
    );
    return (await import('./fleet-drift')).fleetDriftCommand(opts, env);
  }
  const mode = opts.remediate ? 'remediate' : 'report';
  const { executionArn = '' } = await sfnClient.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ mode }) }),
  );
  env.io.err(`started ${executionArn}`);
  let said = '';
  for (;;) {
    const execution = await sfnClient.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status === 'SUCCEEDED') {
      const summary = JSON.parse(execution.output ?? '{}') as OrgDriftSummary;
      env.output.print(summary, () => summaryText(summary));
      return exitFor(summary);
    }
    if (execution.status !== 'RUNNING')
      throw new OrgCheckFailedError(
        `the Organization check ${executionArn} ${execution.status}: ${execution.error ?? ''}: ${execution.cause ?? ''}`,
      );
    const progress = await mapRunProgress(executionArn);
    if (progress && progress !== said) env.io.err(`  ${(said = progress)}`);
    if (env.signal?.aborted) {
      env.io.err(
        `interrupted: ${executionArn} goes on in Step Functions; its summary is its output (aws stepfunctions describe-execution)`,
      );
      return EXIT.attention;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/**
 * Account-regions done of how many, from the execution's Map Run: its item counts are the manifest's
 * targets (its execution counts would be the batches); failed are those of batches that failed.
 */
async function mapRunProgress(executionArn: string): Promise<string | undefined> {
  const { mapRuns = [] } = await sfnClient.send(new ListMapRunsCommand({ executionArn }));
  const mapRunArn = mapRuns[0]?.mapRunArn;
  if (!mapRunArn) return undefined;
  const { itemCounts } = await sfnClient.send(new DescribeMapRunCommand({ mapRunArn }));
  if (!itemCounts) return undefined;
  const done = (itemCounts.succeeded ?? 0) + (itemCounts.failed ?? 0);
  return `account-regions ${done}/${itemCounts.total ?? 0} done, ${itemCounts.failed ?? 0} in failed batches, ${itemCounts.running ?? 0} running`;
}

/** 3 when drift was found, 1 when an account-region was not checked, else 0. */
const exitFor = (summary: OrgDriftSummary): number =>
  summary.drifted.length > 0 ? EXIT.attention : summary.unreachable.length > 0 ? EXIT.failed : EXIT.ok;

/** The Organization check's execution did not finish: the message says how it ended. */
export class OrgCheckFailedError extends Error {
  override name = 'OrgCheckFailedError';
}

/** The emulator's bucket for the manifests and results, made when missing. */
async function ensureLocalBucket(bucket: string): Promise<string> {
  try {
    await s3Client.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3Client.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  return bucket;
}

function batchLine(batch: BatchResult | undefined, child: { status: string; error?: string }): string {
  if (!batch) return `${child.status}: ${child.error ?? 'no error given'}`;
  const drifted = batch.checked.filter((c) => c.drifted.length > 0).length;
  return `${batch.checked.length} checked, ${drifted} drifted, ${batch.unreachable.length} unreachable`;
}

/** The summary for people: counts, then each drifted and each unreachable account-region. */
export function summaryText(s: OrgDriftSummary): string {
  return [
    `${s.checked} of ${s.targets} account-region(s) checked: ${s.vpcsChecked} opted-in VPC(s), ${s.drifted.length} account-region(s) with drift, ${s.unreachable.length} not checked${s.remediationsStarted ? `; ${s.remediationsStarted} run(s) started to repair` : ''}`,
    ...s.drifted.map((d) => `  drift   ${d.accountId} ${d.region}: ${d.vpcIds.join(', ')}`),
    ...s.unreachable.map((u) => `  unread  ${u.accountId} ${u.region}: ${u.error}: ${u.message}`),
  ].join('\n');
}
