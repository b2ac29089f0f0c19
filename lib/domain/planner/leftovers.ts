import type { DesiredState, EndpointInfo, EndpointSpec, Plan, PlannedEndpoint, VpcSnapshot } from '../model';
import { isDead, isGone } from '../endpoint-states';

/**
 * Our endpoints no wanted service kept: failed ones and duplicates are deleted; those of services that
 * left the tags are deleted too, or retained under privatelink:prune=false. Going or gone ones are left.
 */
export function leftovers(
  managed: EndpointInfo[],
  kept: Set<string>,
  desired: DesiredState,
  offers: VpcSnapshot['offers'],
  /** Services (full names) a central VPC serves now: our endpoints of them move there (movingToCentral). */
  servedCentrally: string[] = [],
): { deletions: Plan['deletions']; retained: PlannedEndpoint[] } {
  const deletions: Plan['deletions'] = [];
  const retained: PlannedEndpoint[] = [];
  for (const e of managed) {
    if (kept.has(e.endpointId) || isGone(e.state)) continue;
    if (e.type === 'Interface' && !isDead(e.state) && servedCentrally.includes(e.serviceName)) {
      retained.push(movingToCentral(e));
      continue;
    }
    const stillWanted = desired.services.some((s) => s.serviceName === e.serviceName && s.type === e.type);
    if (e.state === 'rejected') {
      deletions.push(rejectedDeletion(e, offers[e.serviceName]?.owner));
      continue;
    }
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

/**
 * One of ours its service's owner rejected: removed, and the run says so as a failure naming the owner. No
 * new request goes out in the same run (rejectedServices); the next run asks again while the tags name it.
 */
function rejectedDeletion(e: EndpointInfo, owner: string | undefined): Plan['deletions'][number] {
  const by = owner ?? "the service's owner";
  return {
    endpointId: e.endpointId,
    service: e.serviceName,
    type: e.type,
    reason: `rejected by ${by}: ask them to accept this account, or remove the service from the tags (the next run asks again while the tags name it)`,
    rejectedBy: by,
  };
}

/** Services one of our endpoints was rejected for, with no live one of ours: not asked for again this run. */
export const rejectedServices = (managed: EndpointInfo[]): Set<string> =>
  new Set(
    managed
      .filter((e) => e.state === 'rejected')
      .filter((e) => !managed.some((m) => m.serviceName === e.serviceName && !isDead(m.state)))
      .map((e) => e.serviceName),
  );

/**
 * One of ours for a service a central VPC serves now (docs/architecture.md, "Centralized endpoints"): its
 * private DNS goes off first (Route 53 refuses the central zone while it answers the name), then
 * LinkCentral associates the zone, reads it back, and only then is this endpoint deleted.
 */
function movingToCentral(e: EndpointInfo): PlannedEndpoint {
  const spec = { ...specOf(e), service: e.serviceName.split('.').slice(3).join('.'), privateDns: false };
  return e.privateDnsEnabled
    ? {
        action: 'modify',
        spec,
        endpointId: e.endpointId,
        changes: { privateDns: false },
        reason:
          'moving to the central VPC: private DNS off, so that its zone can answer here; removed once it does',
      }
    : {
        action: 'retained',
        spec,
        endpointId: e.endpointId,
        reason: 'moving to the central VPC: removed once its zone answers here',
      };
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
