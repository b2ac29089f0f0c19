import { portsOfGroups } from '../domain/planner/security-group-rules';
import { probeCopyExists } from '../aws/probe-function';
import { probeName } from '../aws/probe-group';
import type { ApiCallCount, Plan, VpcSnapshot } from '../domain/model';
import { decideProbe, probeRemains, type ProbeDecision } from '../domain/probe-rules';
import { serviceChecks, type ServiceCheck } from '../domain/service-checks';
import type { ProbeStepDeps } from './probe-step-deps';
import type { StepContext } from './step-context';

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
): Promise<CheckConnectivityResult> {
  const services = serviceChecks(snapshot, plan, ctx.config.stackName);
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
    ports: portsOfGroups(plan.securityGroup),
  });
}
