import { ModifyVpcEndpointCommand } from '@aws-sdk/client-ec2';
import type { Ec2Api } from './aws/ec2-api';
import type { EndpointInfo, RouteTableInfo, VpcSnapshot } from './model';
import { isManaged } from './planner';

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

export function verifyGatewayRoutes(
  snapshot: VpcSnapshot,
  endpoint: EndpointInfo,
  targets: string[],
): RouteVerdict[] {
  const prefixListId = snapshot.prefixLists[endpoint.serviceName];
  return targets.map((routeTableId) => {
    const rt = snapshot.routeTables.find((r) => r.routeTableId === routeTableId);
    return { routeTableId, ...verifyRoute(rt, prefixListId, endpoint.endpointId) };
  });
}

export interface RouteRepair {
  endpointId: string;
  service: string;
  associated: string[];
  reassociated: string[];
}

/**
 * Makes every targeted route table of our gateway endpoints carry the prefix-list route. Routes to a
 * gateway endpoint are owned by the endpoint's route-table associations, so the repair is an association:
 * add the missing ones; where an association exists but its route is gone, remove and add it again.
 * Routes of other people's endpoints are only reported, never touched.
 */
export async function repairGatewayRoutes(
  api: Ec2Api,
  snapshot: VpcSnapshot,
  targets: string[],
  stackName: string,
): Promise<RouteRepair[]> {
  const repairs: RouteRepair[] = [];
  for (const endpoint of snapshot.endpoints) {
    if (endpoint.type !== 'Gateway' || endpoint.state !== 'available' || !isManaged(endpoint.tags, stackName))
      continue;
    const broken = verifyGatewayRoutes(snapshot, endpoint, targets).filter((v) => !v.ok);
    const missing = broken
      .filter((v) => !endpoint.routeTableIds.includes(v.routeTableId))
      .map((v) => v.routeTableId);
    const stale = broken
      .filter((v) => endpoint.routeTableIds.includes(v.routeTableId))
      .map((v) => v.routeTableId);
    if (stale.length > 0) {
      await api.send(
        new ModifyVpcEndpointCommand({ VpcEndpointId: endpoint.endpointId, RemoveRouteTableIds: stale }),
      );
    }
    const toAdd = [...missing, ...stale];
    if (toAdd.length > 0) {
      await api.send(
        new ModifyVpcEndpointCommand({ VpcEndpointId: endpoint.endpointId, AddRouteTableIds: toAdd }),
      );
      repairs.push({
        endpointId: endpoint.endpointId,
        service: endpoint.serviceName,
        associated: missing,
        reassociated: stale,
      });
    }
  }
  return repairs;
}
