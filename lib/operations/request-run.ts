import type { ExecutionInput } from '../domain/execution-input';
import { executionName, type ExecutionStarter, type RunLockStore } from '../domain/run-lock';

export type RunRequestOutcome =
  | { outcome: 'started'; executionArn: string }
  | { outcome: 'already-started'; executionArn: string }
  | { outcome: 'queued-behind'; executionArn: string };

/**
 * What every trigger (events, schedule, people) calls to have a VPC looked at again. Marks the VPC
 * pending; starts an execution unless a running one holds the VPC (that one will start a successor).
 */
export async function requestRun(
  input: ExecutionInput,
  locks: RunLockStore,
  executions: ExecutionStarter,
): Promise<RunRequestOutcome> {
  const record = await locks.markPending(input.vpcId);
  if (record.holder && (await executions.isRunning(record.holder))) {
    return { outcome: 'queued-behind', executionArn: record.holder };
  }
  const { started, executionArn } = await executions.start(executionName(record), input);
  return { outcome: started ? 'started' : 'already-started', executionArn };
}
