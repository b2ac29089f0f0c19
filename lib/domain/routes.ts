import type { EndpointInfo, RouteRepair, RouteTableInfo, VpcSnapshot } from './model';

export type { RouteRepair };
import { isManaged } from './ownership';

export interface RouteVerdict {
  routeTableId: string;
  ok: boolean;
  detail: string;
}

/** Whether a route table sends the service's prefix list to this gateway endpoint. */
export function verifyRoute(
  rt: RouteTableInfo | undefined,
  prefixListId: string | undefined,
  endpointId: string,
) {
  if (!rt) return { ok: false, detail: 'route table not found' };
  if (!prefixListId)
    return { ok: false, detail: 'the service has no AWS-managed prefix list in this region' };
  const route = rt.routes.find((r) => r.destinationPrefixListId === prefixListId);
  if (!route) return { ok: false, detail: `no route for ${prefixListId}` };
  if (route.gatewayId !== endpointId) {
    return {
      ok: false,
      detail: `${prefixListId} routes to ${route.gatewayId ?? 'another target'}, not ${endpointId}`,
    };
  }
  if (route.state && route.state.toLowerCase() !== 'active')
    return { ok: false, detail: `route is ${route.state}` };
  return { ok: true, detail: `${prefixListId} → ${endpointId}` };
}

/** What route verdicts read of a VPC: its route tables, its endpoints and the region's prefix lists. */
export type RouteView = Pick<VpcSnapshot, 'routeTables' | 'endpoints' | 'prefixLists'>;

export function verifyGatewayRoutes(
  snapshot: RouteView,
  endpoint: EndpointInfo,
  targets: string[],
): RouteVerdict[] {
  const prefixListId = snapshot.prefixLists[endpoint.serviceName];
  return targets.map((routeTableId) => {
    const rt = snapshot.routeTables.find((r) => r.routeTableId === routeTableId);
    return { routeTableId, ...verifyRoute(rt, prefixListId, endpoint.endpointId) };
  });
}

/** The endpoint not made by this stack that a table's route for the service's prefix list goes to, if any. */
function routeToAnother(
  snapshot: RouteView,
  routeTableId: string,
  serviceName: string,
  stackName: string,
): EndpointInfo | undefined {
  const prefixListId = snapshot.prefixLists[serviceName];
  const route = snapshot.routeTables
    .find((rt) => rt.routeTableId === routeTableId)
    ?.routes.find((r) => r.destinationPrefixListId === prefixListId);
  const target = snapshot.endpoints.find((e) => e.endpointId === route?.gatewayId);
  return target && !isManaged(target.tags, stackName) ? target : undefined;
}

/**
 * What it takes for every targeted route table of our gateway endpoints to carry the prefix-list route.
 * Routes to a gateway endpoint are owned by its route-table associations, so a repair is an association:
 * add the missing ones; where an association exists but its route is gone, remove and add it again.
 * Routes of other people's endpoints are only reported, never touched.
 */
export function routeRepairs(snapshot: RouteView, targets: string[], stackName: string): RouteRepair[] {
  const repairs: RouteRepair[] = [];
  for (const endpoint of snapshot.endpoints) {
    if (endpoint.type !== 'Gateway' || endpoint.state !== 'available' || !isManaged(endpoint.tags, stackName))
      continue;
    // A table whose route for the prefix list goes to someone else's endpoint is theirs: never touched.
    const theirs = (routeTableId: string) =>
      routeToAnother(snapshot, routeTableId, endpoint.serviceName, stackName) !== undefined;
    const broken = verifyGatewayRoutes(snapshot, endpoint, targets).filter(
      (v) => !v.ok && !theirs(v.routeTableId),
    );
    if (broken.length === 0) continue;
    const associated = endpoint.routeTableIds;
    repairs.push({
      endpointId: endpoint.endpointId,
      service: endpoint.serviceName,
      associated: broken.filter((v) => !associated.includes(v.routeTableId)).map((v) => v.routeTableId),
      reassociated: broken.filter((v) => associated.includes(v.routeTableId)).map((v) => v.routeTableId),
    });
  }
  return repairs;
}

/** The ModifyVpcEndpoint calls repairs take (lib/aws/route-repair.ts): a removal where re-associating, then an addition. */
export const repairCalls = (repairs: RouteRepair[]): number =>
  repairs.reduce((n, r) => n + (r.reassociated.length > 0 ? 2 : 1), 0);
