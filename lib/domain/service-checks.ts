import { staticChecks, type CheckResult } from './checks';
import type { Plan, PlannedEndpoint, VpcSnapshot } from './model';
import { endpointOfPlan } from './ownership';

/** One wanted service's endpoint and its static checks: what CheckConnectivity reports and `status` shows. */
export interface ServiceCheck {
  service: string;
  serviceName: string;
  type: string;
  endpointId?: string;
  state: string;
  subnetIds?: string[];
  routeTableIds?: string[];
  securityGroupIds?: string[];
  /** A spoke's service answered by this central VPC's endpoint, not by one in the spoke. */
  servedBy?: string;
  checks: CheckResult[];
}

/**
 * The static checks (docs/architecture.md, "Checks") of every endpoint a plan wants, against one
 * snapshot: the one rule the workflow's CheckConnectivity and `privatelink status` share, so they never
 * disagree on a VPC (the plan's allowed CIDRs, IPv6 blocks included; its route tables as the target).
 */
export const serviceChecks = (snapshot: VpcSnapshot, plan: Plan, stackName: string): ServiceCheck[] =>
  plan.endpoints
    .filter((p) => p.action !== 'retained' && !movingToCentral(plan, p))
    .map((planned) => checkService(snapshot, plan, planned, stackName));

/** One of ours for a service the central VPC serves now: on its way out, checked as the served service instead. */
export const movingToCentral = (plan: Plan, p: PlannedEndpoint) =>
  p.spec.type === 'Interface' &&
  (plan.central?.work.served ?? []).some((s) => p.spec.serviceName.endsWith(`.${s}`) && p.spec.service === s);

function checkService(
  snapshot: VpcSnapshot,
  plan: Plan,
  planned: PlannedEndpoint,
  stackName: string,
): ServiceCheck {
  const endpoint = endpointOfPlan(snapshot, planned, stackName);
  const base = {
    service: planned.spec.service,
    serviceName: planned.spec.serviceName,
    type: planned.spec.type,
  };
  if (!endpoint) {
    return {
      ...base,
      state: 'missing',
      checks: [{ name: 'endpoint-available', status: 'fail', detail: 'no endpoint found for this service' }],
    };
  }
  return {
    ...base,
    endpointId: endpoint.endpointId,
    state: endpoint.state,
    subnetIds: endpoint.subnetIds,
    routeTableIds: endpoint.routeTableIds,
    securityGroupIds: endpoint.securityGroupIds,
    checks: staticChecks(snapshot, {
      endpoint,
      wantPrivateDns: planned.spec.privateDns,
      allowedCidrs: plan.allowedCidrs,
      // The tables this endpoint serves: the plan's targets, less those another's gateway covers.
      routeTableIds: planned.spec.type === 'Gateway' ? planned.spec.routeTableIds : [],
      ...(planned.spec.ports ? { ports: planned.spec.ports } : {}),
    }),
  };
}
