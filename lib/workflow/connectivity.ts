import { portsOfGroups } from '../domain/planner/security-group-rules';
import { probeCopyExists } from '../aws/probe-function';
import { probeName } from '../aws/probe-group';
import type { ApiCallCount, Plan, VpcSnapshot } from '../domain/model';
import {
  centralCidrsOf,
  decideProbe,
  probeRemains,
  servedOf,
  type ProbeDecision,
} from '../domain/probe-rules';
import { serviceChecks, type ServiceCheck } from '../domain/service-checks';
import type { ProbeStepDeps } from './probe-step-deps';
import type { StepContext } from './step-context';
import { readCentralState } from '../aws/central-reads';
import { centralApisOf } from './central-work';
import { centralChecks } from '../domain/central/checks';
import type { CentralState } from '../domain/central/links';

export type { ServiceCheck };

export interface CheckConnectivityResult {
  services: ServiceCheck[];
  probe: ProbeDecision;
  apiCalls: ApiCallCount;
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
  /** The links around the VPC where the caller read them already (Plan's no-op). */
  centralState?: CentralState,
): Promise<CheckConnectivityResult> {
  const services = [
    ...serviceChecks(snapshot, plan, ctx.config.stackName),
    ...(await servedChecks(snapshot, plan, ctx, centralState)),
  ];
  const remains = await findProbeRemains(snapshot, plan, ctx, deps);
  return {
    services,
    probe: decideProbe(plan, ctx.config, probeRequested, remains),
    apiCalls: ctx.api.calls,
  };
}

/**
 * A spoke's services its central VPC serves: checked from the spoke (the route, the ACLs, its list entry, the
 * zones answering here), on the links read now (docs/architecture.md, "Centralized endpoints").
 */
async function servedChecks(
  snapshot: VpcSnapshot,
  plan: Plan,
  ctx: StepContext,
  known: CentralState | undefined,
): Promise<ServiceCheck[]> {
  const central = plan.central;
  if (!central || central.work.role !== 'spoke' || !ctx.route53) return [];
  const state =
    known ??
    (await readCentralState(
      centralApisOf({ ...ctx, route53: ctx.route53 }),
      snapshot,
      central.desired,
      ctx.config,
    ));
  return centralChecks(snapshot, central.work.served, state, central.subnetIds);
}

/** What a crashed probe run left, looked for only where the probe would otherwise be skipped. */
async function findProbeRemains(snapshot: VpcSnapshot, plan: Plan, ctx: StepContext, deps: ProbeStepDeps) {
  const { probe, stackName } = ctx.config;
  const name = probeName(stackName, snapshot.vpc.vpcId);
  const skipping = probe.enabled && plan.mode === 'apply' && plan.noop;
  const removing =
    !probe.enabled || (plan.endpoints.every((e) => e.action === 'retained') && servedOf(plan).length === 0);
  const lookForCopy = removing || (skipping && !probe.keepBetweenRuns);
  const copyExists = lookForCopy ? await probeCopyExists(deps.functions, name) : undefined;
  return probeRemains(snapshot, {
    probeGroupName: name,
    stackName,
    copyExists,
    keepBetweenRuns: probe.keepBetweenRuns,
    ports: portsOfGroups(plan.securityGroup),
    httpsCidrs: centralCidrsOf(plan),
  });
}
