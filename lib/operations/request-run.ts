import { runRequest, type ExecutionInput } from '../domain/execution-input';
import { executionName, type RunDeps } from '../domain/run-lock';
import { lockKeyOf, type VpcRef } from '../domain/vpc-ref';
import { RunNotStartedError } from '../domain/errors';

export type RunRequestOutcome =
  | { outcome: 'started'; executionArn: string }
  | { outcome: 'already-started'; executionArn: string }
  | { outcome: 'queued-behind'; executionArn: string };

/** Generations a request moves past at most: each closed execution of a generation costs one. */
const MAX_GENERATION_STEPS = 5;

/**
 * What every trigger (events, schedule, people) calls to have a VPC looked at again (docs/architecture.md,
 * "One writer per VPC"). Marks the VPC pending; starts the execution of the current generation unless a
 * running one holds the VPC (that one will start a successor). When the execution of this generation has
 * closed without releasing — it died, or its release failed — the name is taken for 90 days: move to the
 * next generation (one conditional update, so a racing burst agrees on it) and start that one.
 */
export async function requestRun(
  vpc: VpcRef,
  ask: Pick<ExecutionInput, 'trigger' | 'mode' | 'desired' | 'probe'>,
  { locks, executions }: RunDeps,
): Promise<RunRequestOutcome> {
  const { trigger, ...extra } = ask;
  const input = runRequest(vpc, trigger, extra);
  const key = lockKeyOf(vpc);
  let record = await locks.markPending(key);
  for (let step = 0; step < MAX_GENERATION_STEPS; step += 1) {
    if (record.holder && (await executions.isRunning(record.holder))) {
      return { outcome: 'queued-behind', executionArn: record.holder };
    }
    const { started, executionArn } = await executions.start(executionName(record), input);
    if (started) return { outcome: 'started', executionArn };
    if (await executions.isRunning(executionArn)) return { outcome: 'already-started', executionArn };
    record = await locks.advanceGeneration(key, record.generation);
  }
  throw new RunNotStartedError(
    `could not start a run of ${vpc.vpcId}: ${MAX_GENERATION_STEPS} generations in a row were taken by closed executions`,
  );
}
