import type { RegionCatalogues } from '../aws/catalogues';
import { readRouteView } from '../aws/discovery';
import { applyRouteRepairs } from '../aws/route-repair';
import type { ApiCallCount } from '../domain/model';
import { repairCalls, routeRepairs, type RouteRepair } from '../domain/routes';
import type { VpcRef } from '../domain/vpc-ref';
import type { ReservePermitDeps } from './reserve-permit-step';
import type { StepContext } from './step-context';
import { permitToCall, requeueAfterThrottling, type PacedTurn } from './step-permit';

export interface UpdateRoutesResult extends PacedTurn {
  /** `waiting`: the repairs wait for the permit (WaitForRoutePermit), then the step runs again. */
  status: 'done' | 'waiting';
  repairs: RouteRepair[];
  apiCalls: ApiCallCount;
}

/**
 * Every targeted route table carries the prefix-list route to our gateway endpoints: verified, repaired.
 * A repair is a ModifyVpcEndpoint, so its calls wait for permits of the account's pace like every other.
 */
export async function updateRoutesStep(
  event: { vpc: VpcRef; targetRouteTableIds: string[]; paced: PacedTurn },
  ctx: StepContext,
  deps: ReservePermitDeps & { catalogues: RegionCatalogues },
): Promise<UpdateRoutesResult> {
  const requeued = await requeueAfterThrottling(event.paced, event.vpc, ctx, deps);
  if (requeued)
    return { status: 'waiting', repairs: [], permit: requeued, throttled: null, apiCalls: ctx.api.calls };
  const snapshot = await readRouteView(ctx.api, event.vpc, deps.catalogues);
  const repairs = routeRepairs(snapshot, event.targetRouteTableIds, ctx.config.stackName);
  const permit = await permitToCall(repairCalls(repairs), event.paced, event.vpc, ctx, deps);
  if (!permit.go)
    return { status: 'waiting', repairs, permit: permit.permit, throttled: null, apiCalls: ctx.api.calls };
  await applyRouteRepairs(ctx.api, repairs);
  return { status: 'done', repairs, permit: null, throttled: null, apiCalls: ctx.api.calls };
}
