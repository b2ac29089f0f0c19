import type { RegionCatalogues } from '../aws/catalogues';
import { readWholeVpc } from '../aws/discovery';
import { staticChecks, type CheckResult } from '../domain/checks';
import type { ApiCallCount, Plan, PlannedEndpoint, VpcSnapshot } from '../domain/model';
import { endpointOfPlan } from '../domain/ownership';
import { decideProbe, probeRemains, type ProbeDecision } from '../domain/probe-rules';
import { probeCopyExists } from '../aws/probe-function';
import { probeName } from '../aws/probe-group';
import type { ProbeStepDeps } from './probe-step-deps';
import type { StepContext } from './step-context';

export interface ServiceCheck {
  service: string;
  serviceName: string;
  type: string;
  endpointId?: string;
  state: string;
  subnetIds?: string[];
  routeTableIds?: string[];
  securityGroupIds?: string[];
  checks: CheckResult[];
}

export interface CheckConnectivityResult {
  services: ServiceCheck[];
  probe: ProbeDecision;
  apiCalls: ApiCallCount;
}

/** The static connectivity checks (docs/architecture.md, "Checks") of every endpoint the plan wants. Read-only. */
export async function checkConnectivityStep(
  event: { vpcId: string; region: string; plan: Plan; probeRequested: boolean },
  ctx: StepContext,
  deps: ProbeStepDeps & { catalogues?: RegionCatalogues },
): Promise<CheckConnectivityResult> {
  const snapshot = await readWholeVpc(ctx.api, event.vpcId, event.region, deps.catalogues);
  return connectivityOf(snapshot, event.plan, event.probeRequested, ctx, deps);
}

/**
 * The checks and the probe decision on a snapshot already read: CheckConnectivity's after its read, and
 * Plan's when the plan is a no-op (nothing changes between the two, so a second read would see the same).
 */
export async function connectivityOf(
  snapshot: VpcSnapshot,
  plan: Plan,
  probeRequested: boolean,
  ctx: StepContext,
  deps: ProbeStepDeps,
): Promise<CheckConnectivityResult> {
  const services = plan.endpoints
    .filter((p) => p.action !== 'retained')
    .map((planned) => checkService(snapshot, plan, planned, ctx.config.stackName));
  const remains = await findProbeRemains(snapshot, plan, ctx, deps);
  return {
    services,
    probe: decideProbe(plan, ctx.config, probeRequested, remains),
    apiCalls: ctx.api.calls,
  };
}

/** What a crashed probe run left, looked for only where the probe would otherwise be skipped. */
async function findProbeRemains(snapshot: VpcSnapshot, plan: Plan, ctx: StepContext, deps: ProbeStepDeps) {
  const { probe, stackName } = ctx.config;
  const name = probeName(stackName, snapshot.vpc.vpcId);
  const skipping = probe.enabled && plan.mode === 'apply' && plan.noop;
  const removing = !probe.enabled || plan.endpoints.every((e) => e.action === 'retained');
  const lookForCopy = removing || (skipping && !probe.keepBetweenRuns);
  const copyExists = lookForCopy ? await probeCopyExists(deps.functions, name) : undefined;
  return probeRemains(snapshot, {
    probeGroupName: name,
    stackName,
    copyExists,
    keepBetweenRuns: probe.keepBetweenRuns,
  });
}

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
      routeTableIds: planned.spec.type === 'Gateway' ? plan.targetRouteTableIds : [],
    }),
  };
}
