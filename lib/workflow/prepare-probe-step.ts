import { prefixListsOf, readVpc, readWholeVpc } from '../aws/discovery';
import { ensureProbeFunction } from '../aws/probe-function';
import { ensureProbeGroup, probeName } from '../aws/probe-group';
import type { Plan } from '../domain/model';
import { centralCidrsOf, probeSubnets, servedOf } from '../domain/probe-rules';
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
  const { subnetIds, cidrs, prefixListIds } = await probePlace(event, ctx, deps);
  const groupId = await ensureProbeGroup(ctx.api, {
    vpcId,
    stackName: ctx.config.stackName,
    cidrs,
    prefixListIds,
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

/**
 * Where the probe goes and what its group reaches. A spoke its central VPC serves everything has no
 * endpoint of its own: its probe goes into the subnets its route to the central VPC was checked from, and
 * only its CIDRs (unless Plan's view gives them) and the region's gateway lists are read (a fleet of
 * spokes reads EC2 less).
 */
async function probePlace(event: { vpc: VpcRef; plan: Plan }, ctx: StepContext, deps: ProbeStepDeps) {
  const servedSubnets = event.plan.central?.subnetIds ?? [];
  if (event.plan.endpoints.length === 0 && servedOf(event.plan).length > 0 && servedSubnets.length > 0) {
    // A links-only spoke's CIDRs as Plan read them (plan.central.linkView): nothing changed them since.
    const cidrs =
      event.plan.central?.linkView?.vpc.cidrBlocks ?? (await readVpc(ctx.api, event.vpc)).cidrBlocks;
    const prefixLists = await prefixListsOf(ctx.api, event.vpc, deps.catalogues);
    return { subnetIds: servedSubnets, cidrs, prefixListIds: Object.values(prefixLists) };
  }
  const snapshot = await readWholeVpc(ctx.api, event.vpc, deps.catalogues);
  return {
    subnetIds: probeSubnets(event.plan, snapshot),
    cidrs: snapshot.vpc.cidrBlocks,
    prefixListIds: Object.values(snapshot.prefixLists),
  };
}
