import {
  DescribeNetworkInterfacesCommand,
  type DescribeNetworkInterfacesCommandOutput,
} from '@aws-sdk/client-ec2';
import { readWholeVpc } from '../aws/discovery';
import { invokeProbe } from '../aws/probe-function';
import type { ApiCallCount, Plan } from '../domain/model';
import {
  availableEndpoints,
  probeTargets,
  servedOf,
  servedProbeTargets,
  type ProbeResult,
} from '../domain/probe-rules';
import { centralEndpointAddresses } from '../aws/central-reads';
import { InvalidConfigError } from '../domain/errors';
import type { ProbeStepDeps } from './probe-step-deps';
import type { StepContext } from './step-context';
import type { VpcRef } from '../domain/vpc-ref';

export interface RunProbeResult {
  services: ProbeResult[];
  ranAt: string;
  /** Which try this was; `retry`: some check failed and the 60 s after available are not over. */
  attempt: number;
  retry: boolean;
  apiCalls: ApiCallCount;
}

/**
 * Tries of the live checks: the first, and one every 10 s (the state machine's Wait) for 60 s after it —
 * an endpoint passes traffic 20-30 s after it is available, and the probe first runs right after that.
 */
export const LIVE_CHECK_TRIES = 7;

/** Builds the targets from the live VPC (interface addresses, routes), invokes the copy, returns its checks. */
export async function runProbeStep(
  event: {
    vpc: VpcRef;
    plan: Plan;
    functionName: string;
    subnetIds: string[];
    previous: { attempt: number; apiCalls?: ApiCallCount };
  },
  ctx: StepContext,
  deps: ProbeStepDeps,
): Promise<RunProbeResult> {
  // A spoke served everything has nothing of its own to probe: its VPC need not be read again.
  const local = event.plan.endpoints.length > 0;
  const snapshot = local ? await readWholeVpc(ctx.api, event.vpc, deps.catalogues) : undefined;
  const available = snapshot ? availableEndpoints(event.plan, snapshot, ctx.config.stackName) : [];
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
    targets: [
      ...(snapshot ? probeTargets(available, snapshot, { subnetIds: event.subnetIds, addressOf }) : []),
      ...servedProbeTargets(event.plan, event.vpc.region, await centralAddresses(event.plan, event.vpc, ctx)),
    ],
    vpcCidrs: snapshot?.vpc.cidrBlocks ?? event.plan.allowedCidrs.filter((c) => !c.includes(':')),
    timeoutMs: ctx.config.probe.timeoutMs,
  });
  const attempt = event.previous.attempt + 1;
  const failing = results.some((r) => r.checks.some((c) => c.status === 'fail'));
  return {
    services: results,
    ranAt: new Date().toISOString(),
    attempt,
    retry: failing && attempt < LIVE_CHECK_TRIES,
    apiCalls: {
      read: (event.previous.apiCalls?.read ?? 0) + ctx.api.calls.read,
      mutating: (event.previous.apiCalls?.mutating ?? 0) + ctx.api.calls.mutating,
    },
  };
}

/**
 * A served spoke's central endpoints' addresses, read in the central VPC's account (the hub's, for a
 * member's spoke: docs/architecture.md, "Centralized endpoints across accounts").
 */
async function centralAddresses(plan: Plan, vpc: VpcRef, ctx: StepContext): Promise<Map<string, string[]>> {
  const work = plan.central?.work;
  if (!work?.centralVpcId || servedOf(plan).length === 0) return new Map();
  const ec2 = work.centralAccountId ? ctx.reach?.hub?.ec2 : ctx.api;
  if (!ec2)
    throw new InvalidConfigError(
      `the central VPC ${work.centralVpcId} is in account ${work.centralAccountId}, which this step cannot reach`,
    );
  // Plan read the central endpoints' interfaces: only their addresses are read here, at each try.
  const known = plan.central?.centralVpc?.endpointEnis;
  return centralEndpointAddresses(ec2, work.centralVpcId, vpc.region, ctx.config.stackName, known);
}
