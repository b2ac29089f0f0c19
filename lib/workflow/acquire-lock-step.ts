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
  let marked = false;
  for (;;) {
    const attempt = await deps.locks.acquire(vpcId, executionId);
    if (attempt.acquired || !attempt.holder)
      return { acquired: attempt.acquired, holder: attempt.holder ?? executionId };
    if (!(await deps.executions.isRunning(attempt.holder))) {
      // The holder died without releasing (aborted, timed out): take over from it.
      const stolen = await deps.locks.acquire(vpcId, executionId, attempt.holder);
      return {
        acquired: stolen.acquired,
        holder: stolen.holder ?? executionId,
        tookOverFrom: attempt.holder,
      };
    }
    // Held by a running execution after our mark: it releases after the mark (and starts a successor),
    // or it acquired after the mark and reads the tags after it; either way the change is not lost.
    if (marked) return { acquired: false, holder: attempt.holder };
    // The holder may let go between our acquire and the mark, and would never see it: look again after.
    await deps.locks.markPending(vpcId);
    marked = true;
  }
}
