import { readManagedEndpoints } from '../aws/discovery';
import { deleteManagedEndpoints } from '../aws/endpoints';
import { EXECUTION_TAG } from '../domain/config';
import { brokenEndpoints, endpointKey } from '../domain/endpoint-settlement';
import type { RunLockStore } from '../domain/run-lock';
import type { ApiCallCount } from '../domain/model';
import { lockKeyOf, type VpcRef } from '../domain/vpc-ref';
import type { ReservePermitDeps } from './reserve-permit-step';
import type { StepContext } from './step-context';
import { permitToCall, requeueAfterThrottling, type PacedTurn } from './step-permit';

export interface CompensateResult extends PacedTurn {
  /** `waiting`: the deletion waits for its permit (WaitForCompensationPermit), then the step runs again. */
  status: 'done' | 'waiting';
  removed: string[];
  apiCalls: ApiCallCount;
}

/**
 * Removes what this execution created that failed; leaves everything else, pending endpoints included,
 * alone. Its one DeleteVpcEndpoints waits for a permit of the account's pace like every endpoint call.
 */
export async function compensateStep(
  event: { vpc: VpcRef; executionId: string; paced: PacedTurn },
  ctx: StepContext,
  deps: ReservePermitDeps & { locks: Pick<RunLockStore, 'forgetCreations'> },
): Promise<CompensateResult> {
  const requeued = await requeueAfterThrottling(event.paced, event.vpc, ctx, deps);
  if (requeued)
    return { status: 'waiting', removed: [], permit: requeued, throttled: null, apiCalls: ctx.api.calls };
  const mine = await readManagedEndpoints(ctx.api, event.vpc.vpcId, ctx.config.stackName, {
    [EXECUTION_TAG]: event.executionId,
  });
  const broken = brokenEndpoints(mine);
  const permit = await permitToCall(broken.length > 0 ? 1 : 0, event.paced, event.vpc, ctx, deps);
  const base = { throttled: null, apiCalls: ctx.api.calls };
  if (!permit.go) return { ...base, status: 'waiting', removed: [], permit: permit.permit };
  const keys = mine.filter((e) => broken.includes(e.endpointId)).map(endpointKey);
  await deps.locks.forgetCreations(lockKeyOf(event.vpc), keys);
  if (broken.length > 0) await deleteManagedEndpoints(ctx.api, event.vpc.vpcId, broken, ctx.config.stackName);
  return { ...base, status: 'done', removed: broken, permit: null, apiCalls: ctx.api.calls };
}
