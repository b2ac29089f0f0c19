import type { RegionCatalogues } from '../aws/catalogues';
import { readRouteView } from '../aws/discovery';
import { applyRouteRepairs } from '../aws/route-repair';
import type { ApiCallCount } from '../domain/model';
import { routeRepairs, type RouteRepair } from '../domain/routes';
import type { StepContext } from './step-context';

export interface UpdateRoutesResult {
  repairs: RouteRepair[];
  apiCalls: ApiCallCount;
}

/** Every targeted route table carries the prefix-list route to our gateway endpoints: verified, repaired. */
export async function updateRoutesStep(
  event: { vpcId: string; region: string; accountId?: string | null; targetRouteTableIds: string[] },
  ctx: StepContext,
  deps: { catalogues: RegionCatalogues },
): Promise<UpdateRoutesResult> {
  const snapshot = await readRouteView(ctx.api, event, deps.catalogues);
  const repairs = routeRepairs(snapshot, event.targetRouteTableIds, ctx.config.stackName);
  await applyRouteRepairs(ctx.api, repairs);
  return { repairs, apiCalls: ctx.api.calls };
}
