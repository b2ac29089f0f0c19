import { parseExecutionInput } from '../domain/execution-input';
import type { RunDeps } from '../domain/run-lock';
import { requestRun } from '../operations/request-run';

/** First state of every execution: hold the VPC, or note the change for its holder and stop. */
export async function acquireLockStep(event: { input: unknown; executionId: string }, deps: RunDeps) {
  const input = parseExecutionInput(event.input);
  const first = await deps.locks.acquire(input.vpcId, event.executionId);
  if (first.acquired || !first.holder)
    return { acquired: first.acquired, holder: first.holder ?? event.executionId };
  if (await deps.executions.isRunning(first.holder)) {
    await deps.locks.markPending(input.vpcId);
    return { acquired: false, holder: first.holder };
  }
  // The holder died without releasing (aborted, timed out): take over from it.
  const stolen = await deps.locks.acquire(input.vpcId, event.executionId, first.holder);
  return {
    acquired: stolen.acquired,
    holder: stolen.holder ?? event.executionId,
    tookOverFrom: first.holder,
  };
}

/** Last state of every execution, success or failure: free the VPC and start a successor if a change came in. */
export async function releaseLockStep(event: { vpcId: string; executionId: string }, deps: RunDeps) {
  const before = await deps.locks.release(event.vpcId, event.executionId);
  if (!before?.pending) return { released: true, successor: null };
  const successor = await requestRun(
    { vpcId: event.vpcId, trigger: { source: 'follow-up', requestedBy: event.executionId } },
    deps.locks,
    deps.executions,
  );
  return { released: true, successor };
}
