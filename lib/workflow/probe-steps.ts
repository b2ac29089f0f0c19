import {
  DescribeNetworkInterfacesCommand,
  type DescribeNetworkInterfacesCommandOutput,
} from '@aws-sdk/client-ec2';
import type { OrchestratorConfig } from '../domain/config';
import { readVpcSnapshot } from '../aws/discovery';
import { ConflictError } from '../domain/errors';
import type { EndpointInfo, Plan, PlannedEndpoint, VpcSnapshot } from '../domain/model';
import { endpointOfPlan } from '../domain/ownership';
import { candidateSubnets, pickSubnets, routeTableOfSubnet } from '../domain/planner/placement';
import { deleteProbeGroup, ensureProbeGroup, probeName } from '../aws/probe-group';
import type { ProbeCheck, ProbeTarget } from '../operations/probe/probe';
import {
  deleteProbeFunction,
  ensureProbeFunction,
  invokeProbe,
  ProbeError,
  probeFunctionState,
  type ProbeFunctionDeps,
} from '../aws/probe-function';
import { verifyRoute } from '../domain/routes';
import { shortServiceName } from '../domain/services';
import type { StepContext } from './plan-step';

export type ProbeDecision = { action: 'run' | 'remove' | 'skip'; reason: string };

/**
 * Whether this execution runs the live probe. It runs after an execution that changed something (or
 * when the input asks, `probe: true`), so a converged VPC stays a read-only no-op; it is removed when
 * the VPC has no endpoint of ours left or the probe is turned off, so no copy is ever left behind.
 */
export function decideProbe(plan: Plan, config: OrchestratorConfig, requested: boolean): ProbeDecision {
  const live = plan.endpoints.filter((e) => e.action !== 'retained');
  if (!config.probe.enabled)
    return { action: 'remove', reason: 'the live probe is turned off (config probe.enabled=false)' };
  if (plan.mode === 'plan')
    return { action: 'skip', reason: 'plan mode changes nothing, the probe included' };
  if (live.length === 0)
    return { action: 'remove', reason: 'no endpoint wanted: the probe is removed with the rest' };
  if (plan.noop && !requested)
    return {
      action: 'skip',
      reason: 'nothing changed: the probe runs after a change, or on request (probe: true)',
    };
  return { action: 'run', reason: plan.noop ? 'requested' : 'the execution changed the VPC' };
}

export interface ProbeStepDeps {
  functions: ProbeFunctionDeps;
  maxActiveChecks: number;
}

/** The probe goes into the subnets of our interface endpoints, else one private subnet per AZ. */
function probeSubnets(plan: Plan, snapshot: VpcSnapshot): string[] {
  const fromEndpoints = [
    ...new Set(plan.endpoints.filter((e) => e.spec.type === 'Interface').flatMap((e) => e.spec.subnetIds)),
  ];
  if (fromEndpoints.length > 0) return fromEndpoints;
  const zones = new Set(snapshot.subnets.map((s) => s.availabilityZone));
  return pickSubnets(candidateSubnets({ kind: 'default' }, snapshot), zones);
}

export async function prepareProbeStep(event: { plan: Plan }, ctx: StepContext, deps: ProbeStepDeps) {
  const { plan } = event;
  const snapshot = await readVpcSnapshot(ctx.api, plan.vpcId, plan.region);
  const subnetIds = probeSubnets(plan, snapshot);
  const groupId = await ensureProbeGroup(ctx.api, {
    vpcId: plan.vpcId,
    stackName: ctx.config.stackName,
    cidrs: snapshot.vpc.cidrBlocks,
    prefixListIds: Object.values(snapshot.prefixLists),
  });
  const functionName = probeName(ctx.config.stackName, plan.vpcId);
  const { created, state } = await ensureProbeFunction(deps.functions, {
    name: functionName,
    vpcId: plan.vpcId,
    subnetIds,
    groupId,
  });
  return {
    functionName,
    groupId,
    subnetIds,
    created,
    state,
    attempt: 0,
    status: 'waiting' as const,
    apiCalls: ctx.api.calls,
  };
}

/** One turn of the wait-until-Active loop; the state machine's Wait state paces it. */
export async function probeStatusStep(event: { functionName: string; attempt: number }, deps: ProbeStepDeps) {
  const { state, reason } = await probeFunctionState(deps.functions, event.functionName);
  const attempt = event.attempt + 1;
  if (state === 'Active') return { ...event, attempt, state, status: 'ready' as const };
  if (state === 'Failed')
    throw new ProbeError(
      `the probe copy ${event.functionName} failed to start: ${reason ?? 'no reason given'}`,
    );
  if (attempt >= deps.maxActiveChecks)
    throw new ProbeError(`the probe copy ${event.functionName} is still ${state} after ${attempt} checks`);
  return { ...event, attempt, state, status: 'waiting' as const };
}

export interface ProbeResult {
  service: string;
  type: string;
  checks: ProbeCheck[];
}

/** Builds the targets from the live VPC (interface addresses, routes), invokes the copy, returns its checks. */
export async function runProbeStep(
  event: { plan: Plan; functionName: string; subnetIds: string[] },
  ctx: StepContext,
  deps: ProbeStepDeps,
) {
  const { plan } = event;
  const snapshot = await readVpcSnapshot(ctx.api, plan.vpcId, plan.region);
  const ours = plan.endpoints
    .map((planned) => ({ planned, e: endpointOfPlan(snapshot, planned, ctx.config.stackName) }))
    .filter((x): x is { planned: PlannedEndpoint; e: EndpointInfo } => x.e?.state === 'available');
  const eniIds = ours.flatMap(({ e }) => e.networkInterfaceIds);
  const enis = eniIds.length
    ? await ctx.api.send<DescribeNetworkInterfacesCommandOutput>(
        new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: eniIds }),
      )
    : { NetworkInterfaces: [] };
  const addressOf = new Map(
    (enis.NetworkInterfaces ?? []).map((n) => [n.NetworkInterfaceId ?? '', n.PrivateIpAddress ?? '']),
  );
  const probeTable = routeTableOfSubnet(snapshot, event.subnetIds[0] ?? '');
  const targets: ProbeTarget[] = ours.map(({ planned, e }) => {
    const service = shortServiceName(e.serviceName);
    const route =
      e.type === 'Gateway'
        ? verifyRoute(probeTable, snapshot.prefixLists[e.serviceName], e.endpointId)
        : undefined;
    return {
      service,
      type: e.type,
      hostname: `${service}.${plan.region}.amazonaws.com`,
      privateDns: planned.spec.privateDns,
      endpointDnsNames: e.dnsNames,
      addresses: e.networkInterfaceIds.map((id) => addressOf.get(id) ?? '').filter(Boolean),
      routeDetail: route
        ? { ok: route.ok, detail: `${probeTable?.routeTableId ?? 'no route table'}: ${route.detail}` }
        : undefined,
    };
  });
  const results = await invokeProbe<ProbeResult[]>(deps.functions, event.functionName, {
    targets,
    vpcCidrs: snapshot.vpc.cidrBlocks,
    timeoutMs: ctx.config.probe.timeoutMs,
  });
  return { services: results, ranAt: new Date().toISOString(), apiCalls: ctx.api.calls };
}

/**
 * Removes the copy after a run (unless kept between runs), and the copy and its group when the VPC has
 * no endpoint of ours left. The group can only go once Lambda has released its network interfaces:
 * ConflictError until then, which the state machine retries.
 */
export async function removeProbeStep(
  event: { vpcId: string; reason: 'after-run' | 'opt-out' },
  ctx: StepContext,
  deps: ProbeStepDeps,
) {
  const name = probeName(ctx.config.stackName, event.vpcId);
  if (event.reason === 'after-run' && ctx.config.probe.keepBetweenRuns)
    return { removedFunction: false, removedGroup: null, kept: true };
  const removedFunction = await deleteProbeFunction(deps.functions, name);
  if (event.reason === 'after-run') return { removedFunction, removedGroup: null, kept: false };
  try {
    const removedGroup = await deleteProbeGroup(ctx.api, event.vpcId, ctx.config.stackName);
    return { removedFunction, removedGroup: removedGroup ?? null, kept: false };
  } catch (err) {
    if (err instanceof ConflictError) {
      throw new ConflictError(
        `the probe's security group is still in use while Lambda releases its network interfaces: ${err.message}`,
        { cause: err },
      );
    }
    throw err;
  }
}
