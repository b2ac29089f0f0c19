import { readManagedEndpoints } from '../aws/discovery';
import { deleteManagedEndpoints } from '../aws/endpoints';
import { EXECUTION_TAG } from '../domain/config';
import { brokenEndpoints } from '../domain/endpoint-states';
import type { ApiCallCount } from '../domain/model';
import type { StepContext } from './step-context';

export interface CompensateResult {
  removed: string[];
  apiCalls: ApiCallCount;
}

/** Removes what this execution created that is not available; leaves everything else alone. */
export async function compensateStep(
  event: { vpcId: string; executionId: string },
  ctx: StepContext,
): Promise<CompensateResult> {
  const mine = await readManagedEndpoints(ctx.api, event.vpcId, ctx.config.stackName, {
    [EXECUTION_TAG]: event.executionId,
  });
  const broken = brokenEndpoints(mine);
  if (broken.length > 0) await deleteManagedEndpoints(ctx.api, event.vpcId, broken, ctx.config.stackName);
  return { removed: broken, apiCalls: ctx.api.calls };
}
