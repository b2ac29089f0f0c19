/**
 * The fleet table of `npm run bench`: N fresh VPCs (3 AZs, 8 services each) tagged at once, every
 * execution at the same time on ONE simulated EC2 with ONE timeline (tests/support/product-time.ts),
 * EC2's real buckets, the SDK's retries modelled, 50 ms per call. What ships (the account-wide pace) side
 * by side with 0.1's per-execution pacing, measured in the same run on the same fleet.
 */
import { OWNER_TAG } from '../lib/domain/config';
import type { EndpointPacing } from '../tests/support/baseline-pacing';
import { tagFleetAtOnce } from '../tests/support/fleet';

/** EC2's published refill of the endpoint bucket (CreateVpcEndpoint, ModifyVpcEndpoint, DeleteVpcEndpoints). */
const REFILL_PER_SECOND = 0.3;

export interface FleetRow {
  vpcs: number;
  pacing: EndpointPacing;
  failed: number;
  made: number;
  wanted: number;
  /** Simulated seconds from the tags until the last execution ended. */
  convergeSeconds: number;
  idealSeconds: number;
  /** Endpoint calls that went through, per second from the tags to the last of them, over 0.3. */
  achievedShare: number;
  throttledEndpointCalls: number;
  /** Calls of the read and mutating buckets EC2 answered RequestLimitExceeded. */
  throttledOtherCalls: number;
  wallSeconds: number;
}

/**
 * EC2 endpoint calls a fresh 8-service VPC needs: 8 creates, and under the safe DNS cut-over (the default
 * here: the VPCs have an internet gateway) one ModifyVpcEndpoint for each of its 6 interface endpoints.
 * 0.1 had no cut-over: its baseline runs with `direct`, as 0.1 made endpoints.
 */
const CALLS_PER_VPC = { account: 8 + 6, execution: 8 };

export async function measureFleet(vpcs: number, pacing: EndpointPacing): Promise<FleetRow> {
  const wall = performance.now();
  const tags: Record<string, string> = pacing === 'execution' ? { 'privatelink:cutover': 'direct' } : {};
  const fleet = await tagFleetAtOnce(vpcs, { pacing, sim: { latencyMs: 50 }, tags });
  const start = fleet.sim.clock.now() - fleet.elapsedMs;
  const endpointCalls = fleet.sim.calls.filter((c) => c.category === 'endpoint');
  const through = endpointCalls.filter((c) => !c.throttled);
  const lastCall = (through.at(-1)?.at ?? start) - start;
  const made = [...fleet.sim.endpoints.values()].filter(
    (e) => e.tags[OWNER_TAG] && e.state === 'available',
  ).length;
  return {
    vpcs,
    pacing,
    failed: fleet.runs.filter((r) => r.status !== 'SUCCEEDED').length,
    made,
    wanted: vpcs * 8,
    convergeSeconds: fleet.elapsedMs / 1000,
    idealSeconds: (vpcs * CALLS_PER_VPC[pacing]) / REFILL_PER_SECOND,
    achievedShare: lastCall > 0 ? through.length / (lastCall / 1000) / REFILL_PER_SECOND : 0,
    throttledEndpointCalls: endpointCalls.length - through.length,
    throttledOtherCalls: fleet.sim.calls.filter((c) => c.throttled && c.category !== 'endpoint').length,
    wallSeconds: (performance.now() - wall) / 1000,
  };
}
