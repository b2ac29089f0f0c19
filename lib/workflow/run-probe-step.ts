import {
  DescribeNetworkInterfacesCommand,
  type DescribeNetworkInterfacesCommandOutput,
} from '@aws-sdk/client-ec2';
import { readWholeVpc } from '../aws/discovery';
import { invokeProbe } from '../aws/probe-function';
import type { ApiCallCount, Plan } from '../domain/model';
import { availableEndpoints, probeTargets, type ProbeResult } from '../domain/probe-rules';
import type { ProbeStepDeps } from './probe-step-deps';
import type { StepContext } from './step-context';

export interface RunProbeResult {
  services: ProbeResult[];
  ranAt: string;
  apiCalls: ApiCallCount;
}

/** Builds the targets from the live VPC (interface addresses, routes), invokes the copy, returns its checks. */
export async function runProbeStep(
  event: { vpcId: string; region: string; plan: Plan; functionName: string; subnetIds: string[] },
  ctx: StepContext,
  deps: ProbeStepDeps,
): Promise<RunProbeResult> {
  const snapshot = await readWholeVpc(ctx.api, event.vpcId, event.region);
  const available = availableEndpoints(event.plan, snapshot, ctx.config.stackName);
  const eniIds = available.flatMap(({ endpoint }) => endpoint.networkInterfaceIds);
  const enis = eniIds.length
    ? await ctx.api.send<DescribeNetworkInterfacesCommandOutput>(
        new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: eniIds }),
      )
    : { NetworkInterfaces: [] };
  const addressOf = new Map(
    (enis.NetworkInterfaces ?? []).map((n) => [n.NetworkInterfaceId ?? '', n.PrivateIpAddress ?? '']),
  );
  const results = await invokeProbe<ProbeResult[]>(deps.functions, event.functionName, {
    targets: probeTargets(available, snapshot, { subnetIds: event.subnetIds, addressOf }),
    vpcCidrs: snapshot.vpc.cidrBlocks,
    timeoutMs: ctx.config.probe.timeoutMs,
  });
  return { services: results, ranAt: new Date().toISOString(), apiCalls: ctx.api.calls };
}
