import { readManagedEndpoints } from '../aws/discovery';
import { deleteManagedEndpoints } from '../aws/endpoints';
import { EXECUTION_TAG } from '../domain/config';
import { brokenEndpoints, endpointKey } from '../domain/endpoint-states';
import { lockKeyOf, type RunLockStore } from '../domain/run-lock';
import type { ApiCallCount } from '../domain/model';
import type { StepContext } from './step-context';

export interface CompensateResult {
  removed: string[];
  apiCalls: ApiCallCount;
}

/** Removes what this execution created that failed; leaves everything else, pending endpoints included, alone. */
export async function compensateStep(
  event: { vpcId: string; accountId?: string | null; region?: string; executionId: string },
  ctx: StepContext,
  deps: { locks: Pick<RunLockStore, 'forgetCreations'> },
): Promise<CompensateResult> {
  const mine = await readManagedEndpoints(ctx.api, event.vpcId, ctx.config.stackName, {
    [EXECUTION_TAG]: event.executionId,
  });
  const broken = brokenEndpoints(mine);
  const keys = mine.filter((e) => broken.includes(e.endpointId)).map(endpointKey);
  await deps.locks.forgetCreations(lockKeyOf(event, ctx.ownAccountId), keys);
  if (broken.length > 0) await deleteManagedEndpoints(ctx.api, event.vpcId, broken, ctx.config.stackName);
  return { removed: broken, apiCalls: ctx.api.calls };
}
