import type { DesiredState, EndpointInfo, EndpointSpec, Plan, PlannedEndpoint } from '../model';
import { isDead, isGone } from '../endpoint-states';

/**
 * Our endpoints no wanted service kept: failed ones and duplicates are deleted; those of services that
 * left the tags are deleted too, or retained under privatelink:prune=false. Going or gone ones are left.
 */
export function leftovers(
  managed: EndpointInfo[],
  kept: Set<string>,
  desired: DesiredState,
): { deletions: Plan['deletions']; retained: PlannedEndpoint[] } {
  const deletions: Plan['deletions'] = [];
  const retained: PlannedEndpoint[] = [];
  for (const e of managed) {
    if (kept.has(e.endpointId) || isGone(e.state)) continue;
    const stillWanted = desired.services.some((s) => s.serviceName === e.serviceName && s.type === e.type);
    const reason = isDead(e.state)
      ? `managed endpoint is ${e.state}`
      : stillWanted
        ? 'duplicate managed endpoint'
        : 'service left the tags';
    if (stillWanted || isDead(e.state) || desired.prune) {
      deletions.push({ endpointId: e.endpointId, service: e.serviceName, type: e.type, reason });
    } else {
      retained.push({
        action: 'retained',
        spec: { ...specOf(e), service: e.serviceName },
        endpointId: e.endpointId,
        reason: 'service left the tags, kept because privatelink:prune=false',
      });
    }
  }
  return { deletions, retained };
}

function specOf(e: EndpointInfo): EndpointSpec {
  return {
    service: e.serviceName,
    serviceName: e.serviceName,
    type: e.type,
    subnetIds: e.subnetIds,
    routeTableIds: e.routeTableIds,
    privateDns: e.privateDnsEnabled,
    policyDocument: e.policyDocument,
  };
}
