import type { RunDeps } from '../domain/run-lock';
import { lockKeyOf, type VpcRef } from '../domain/vpc-ref';
import { requestRun, type RunRequestOutcome } from '../operations/request-run';
import { isAwaitingAcceptance, toEndpointState } from '../domain/endpoint-states';

export interface ReleaseResult {
  released: boolean;
  successor: RunRequestOutcome | null;
}

/**
 * Last state of every execution, success or failure: free the VPC and start a successor if a change came
 * in. It receives the whole state: an input too broken to carry a VPC id holds no lock to release.
 */
export async function releaseLockStep(
  event: {
    state: { vpc?: VpcRef; checks?: { services: { endpointId?: string; state: string }[] } };
    executionId: string;
  },
  deps: RunDeps,
): Promise<ReleaseResult> {
  const { vpc, checks } = event.state;
  if (!vpc) return { released: false, successor: null };
  // What the checks read still waiting for its service's owner; not read (the run failed first): unknown.
  const awaiting = checks?.services
    .filter((s) => isAwaitingAcceptance(toEndpointState(s.state)) && s.endpointId)
    .map((s) => s.endpointId ?? '');
  const before = await deps.locks.release(lockKeyOf(vpc), event.executionId, awaiting);
  if (!before?.pending) return { released: true, successor: null };
  // The successor works where this run did: the same VpcRef (a hub's member VPC stays a member's).
  const successor = await requestRun(
    vpc,
    { trigger: { source: 'follow-up', requestedBy: event.executionId } },
    deps,
  );
  return { released: true, successor };
}
