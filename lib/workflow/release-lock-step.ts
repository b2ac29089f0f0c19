import type { RunDeps } from '../domain/run-lock';
import { requestRun, type RunRequestOutcome } from '../operations/request-run';

export interface ReleaseResult {
  released: boolean;
  successor: RunRequestOutcome | null;
}

/**
 * Last state of every execution, success or failure: free the VPC and start a successor if a change came
 * in. It receives the whole state: an input too broken to carry a VPC id holds no lock to release.
 */
export async function releaseLockStep(
  event: { state: { vpcId?: unknown }; executionId: string },
  deps: RunDeps,
): Promise<ReleaseResult> {
  const vpcId = event.state.vpcId;
  if (typeof vpcId !== 'string') return { released: false, successor: null };
  const before = await deps.locks.release(vpcId, event.executionId);
  if (!before?.pending) return { released: true, successor: null };
  const successor = await requestRun(
    { vpcId, trigger: { source: 'follow-up', requestedBy: event.executionId } },
    deps.locks,
    deps.executions,
  );
  return { released: true, successor };
}
