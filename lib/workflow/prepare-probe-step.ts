import { readWholeVpc } from '../aws/discovery';
import { ensureProbeFunction } from '../aws/probe-function';
import { ensureProbeGroup, probeName } from '../aws/probe-group';
import type { Plan } from '../domain/model';
import { centralCidrsOf, probeSubnets } from '../domain/probe-rules';
import { portsOfGroups } from '../domain/planner/security-group-rules';
import type { ProbeStepDeps } from './probe-step-deps';
import type { StepContext } from './step-context';
import type { VpcRef } from '../domain/vpc-ref';

/** A copy of the deployed probe in the endpoint subnets, with its own group (the endpoints' ports out only). */
export async function prepareProbeStep(
  event: { vpc: VpcRef; plan: Plan },
  ctx: StepContext,
  deps: ProbeStepDeps,
) {
  const { vpcId } = event.vpc;
  const snapshot = await readWholeVpc(ctx.api, event.vpc);
  const subnetIds = probeSubnets(event.plan, snapshot);
  const groupId = await ensureProbeGroup(ctx.api, {
    vpcId,
    stackName: ctx.config.stackName,
    cidrs: snapshot.vpc.cidrBlocks,
    prefixListIds: Object.values(snapshot.prefixLists),
    ports: portsOfGroups(event.plan.securityGroup),
    httpsCidrs: centralCidrsOf(event.plan),
  });
  const functionName = probeName(ctx.config.stackName, vpcId);
  const { created, state } = await ensureProbeFunction(deps.functions, {
    name: functionName,
    vpcId,
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
