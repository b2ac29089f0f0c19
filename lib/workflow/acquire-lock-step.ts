import { toRunInput, type RunInput } from '../domain/execution-input';
import type { RunDeps } from '../domain/run-lock';
import type { StepContext } from './step-context';

export interface LockResult {
  acquired: boolean;
  holder: string;
  tookOverFrom?: string;
}

/**
 * First state of every execution: validates the input once (it becomes the root of the execution state),
 * then holds the VPC, or notes the change for the execution that holds it and stops.
 */
export async function acquireLockStep(
  event: { input: unknown; executionId: string },
  ctx: Pick<StepContext, 'region'>,
  deps: RunDeps,
): Promise<RunInput & { lock: LockResult }> {
  const input = toRunInput(event.input, ctx.region);
  return { ...input, lock: await acquire(input.vpcId, event.executionId, deps) };
}

async function acquire(vpcId: string, executionId: string, deps: RunDeps): Promise<LockResult> {
  const first = await deps.locks.acquire(vpcId, executionId);
  if (first.acquired || !first.holder)
    return { acquired: first.acquired, holder: first.holder ?? executionId };
  if (await deps.executions.isRunning(first.holder)) {
    await deps.locks.markPending(vpcId);
    // The holder may have let go between our acquire and the mark, and would never see it: try once
    // more. Held still, whoever holds it now releases after the mark, or acquired after it and reads
    // the tags after it; either way the change is not lost.
    const again = await deps.locks.acquire(vpcId, executionId);
    return { acquired: again.acquired, holder: again.holder ?? executionId };
  }
  // The holder died without releasing (aborted, timed out): take over from it.
  const stolen = await deps.locks.acquire(vpcId, executionId, first.holder);
  return { acquired: stolen.acquired, holder: stolen.holder ?? executionId, tookOverFrom: first.holder };
}
