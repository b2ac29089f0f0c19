import type { ExecutionInput } from '../domain/execution-input';
import { executionName, lockKeyOf, type ExecutionStarter, type RunLockStore } from '../domain/run-lock';
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
  input: ExecutionInput,
  locks: RunLockStore,
  executions: ExecutionStarter,
  opts: { ownAccountId?: string } = {},
): Promise<RunRequestOutcome> {
  const key = lockKeyOf(input, opts.ownAccountId);
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
    `could not start a run of ${input.vpcId}: ${MAX_GENERATION_STEPS} generations in a row were taken by closed executions`,
  );
}
