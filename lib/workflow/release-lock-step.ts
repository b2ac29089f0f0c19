import { lockKeyOf, type RunDeps } from '../domain/run-lock';
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
  event: { state: { vpcId?: unknown; accountId?: string | null; region?: string }; executionId: string },
  deps: RunDeps & { ownAccountId?: string },
): Promise<ReleaseResult> {
  const { vpcId, accountId, region } = event.state;
  if (typeof vpcId !== 'string') return { released: false, successor: null };
  const before = await deps.locks.release(
    lockKeyOf({ vpcId, accountId, region }, deps.ownAccountId),
    event.executionId,
  );
  if (!before?.pending) return { released: true, successor: null };
  // The successor works on the same VPC: the same account and region (a hub's member VPC stays a member's).
  const successor = await requestRun(
    {
      vpcId,
      ...(region ? { region } : {}),
      ...(accountId ? { accountId } : {}),
      trigger: { source: 'follow-up', requestedBy: event.executionId },
    },
    deps.locks,
    deps.executions,
    { ownAccountId: deps.ownAccountId },
  );
  return { released: true, successor };
}
