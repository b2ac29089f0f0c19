import type { DesiredState, Plan, PlannedEndpoint, SecurityGroupPlan, VpcSnapshot } from '../model';
import { isAwaitingAcceptance, isSettling } from '../endpoint-states';
import { routeRepairs } from '../routes';
import { dnsConflicts } from './dns';
import { allowedCidrsOf, anyGroupWanted, attachManagedGroup, planGroups } from './group';
import { leftovers, rejectedServices } from './leftovers';
import { availableAzs, decideService } from './service-decision';
import { assertDnsAttributes, placementOf } from './where';

export { diffEndpoint } from './service-decision';

export interface PlanContext {
  stackName: string;
  orgId?: string;
  /** A central VPC's spoke list: the managed group's rule from it stays (docs/architecture.md, "Centralized endpoints"). */
  spokeListId?: string;
  /** A spoke's services (full names) its central VPC serves: our endpoints of them move there. */
  servedCentrally?: string[];
}

/**
 * The planner: a pure function of (desired, actual). Throws before anything is mutated when the VPC
 * cannot satisfy the request; otherwise says, per service, what to create, modify, adopt or leave.
 * `desired` names only services the region offers as the wanted type: callers take it from
 * `offeredDesiredState` (lib/domain/tags.ts), the one rule for that. Each decision is a function of its own:
 * the DNS precondition and placement (where.ts), each service (service-decision.ts), what is left over
 * (leftovers.ts), the group (group.ts), and whether anything is to be done (isNoop).
 */
export function planVpc(desired: DesiredState, snapshot: VpcSnapshot, ctx: PlanContext): Plan {
  assertDnsAttributes(desired, snapshot.vpc);
  const where = placementOf(desired, snapshot, ctx);
  const kept = new Set<string>();
  const rejected = rejectedServices(where.managed);
  const asked = desired.services.filter((s) => !rejected.has(s.serviceName));
  const decided = asked.map((service) => {
    const { planned, kept: id } = decideService(service, desired, snapshot, where, ctx.stackName);
    if (id) kept.add(id);
    const azs = availableAzs(service, planned, desired, snapshot, where);
    return azs === undefined ? planned : { ...planned, availableAzs: azs };
  });
  const { deletions, retained } = leftovers(
    where.managed,
    kept,
    desired,
    snapshot.offers,
    ctx.servedCentrally,
  );
  const endpoints = [...decided, ...retained];
  const allowedCidrs = allowedCidrsOf(desired, snapshot.vpc, endpoints);
  const securityGroup = planGroups(
    snapshot,
    ctx.stackName,
    endpoints,
    where.managed,
    deletions,
    allowedCidrs,
    ctx.spokeListId ? [ctx.spokeListId] : [],
  );
  const planned = anyGroupWanted(securityGroup)
    ? attachManagedGroup(endpoints, snapshot, securityGroup)
    : endpoints;
  const repairs = routeRepairs(snapshot, where.routeTableIds, ctx.stackName);
  return {
    mode: desired.mode,
    noop: repairs.length === 0 && isNoop(planned, deletions, securityGroup, snapshot),
    securityGroup,
    endpoints: planned,
    deletions,
    targetRouteTableIds: where.routeTableIds,
    routeRepairs: repairs,
    allowedCidrs,
    cutover: where.cutover,
    conflicts: dnsConflicts(planned, snapshot, ctx.stackName),
  };
}

/**
 * Nothing to do: every endpoint unchanged, adopted or retained, nothing to delete, the group as wanted, no
 * DNS waiting for the cut-over, and none of ours still settling (an interrupted run's is waited on and
 * verified).
 */
export function isNoop(
  planned: PlannedEndpoint[],
  deletions: Plan['deletions'],
  securityGroup: SecurityGroupPlan,
  snapshot: Pick<VpcSnapshot, 'endpoints'>,
): boolean {
  // One awaiting its service's owner is settled for now: only the owner moves it on.
  const settling = planned.some((p) => {
    const state = snapshot.endpoints.find((e) => e.endpointId === p.endpointId)?.state;
    return p.action === 'unchanged' && isSettling(state) && !isAwaitingAcceptance(state);
  });
  return (
    !settling &&
    !planned.some((p) => p.cutover) &&
    deletions.length === 0 &&
    planned.every((e) => ['unchanged', 'adopted', 'retained'].includes(e.action)) &&
    (securityGroup.action === 'unchanged' || securityGroup.action === 'none') &&
    (securityGroup.portGroups ?? []).every((g) => g.action === 'unchanged') &&
    !securityGroup.portGroupDeletions
  );
}
