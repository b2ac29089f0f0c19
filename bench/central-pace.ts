/**
 * The centralized-endpoints table of `npm run bench`: N spoke VPCs (3 AZs) subscribing at once to a central
 * VPC that shares the six interface services of the demo's eight, every execution through the real path
 * (tag event → trigger → lock → execution) on ONE simulated account (EC2 and Route 53, their published
 * buckets, the SDK's retries, 50 ms a call) and one timeline; beside the same fleet with endpoints of its
 * own (per-VPC, what 0.2 did), measured in the same run.
 */
import { DEFAULT_PRICES, HOURS_PER_MONTH } from '../lib/domain/cost';
import { OWNER_TAG } from '../lib/domain/config';
import {
  centralConfig,
  centralFleetAtOnce,
  SIX_INTERFACE_SERVICES,
  withConfig,
} from '../tests/support/central-fleet';
import { tagFleetAtOnce } from '../tests/support/fleet';
import type { SimEc2 } from '../tests/support/sim-ec2/simulator';

/**
 * Route 53's published buckets (docs/architecture.md, "Centralized endpoints"): AssociateVPCWithHostedZone
 * 5 a second, every call 10 a second.
 */
const ASSOCIATE_PER_SECOND = 5;
const ROUTE53_PER_SECOND = 10;
/** EC2's read bucket refill (non-mutating actions): 20 a second. */
const EC2_READS_PER_SECOND = 20;
/** A private hosted zone, USD a month (the first 25 of an account): https://aws.amazon.com/route53/pricing/ */
const ZONE_MONTHLY = 0.5;
const SHARED = SIX_INTERFACE_SERVICES.split(',').length;

export interface CentralRow {
  spokes: number;
  failed: number;
  /** Spokes whose every shared name is answered by an associated zone of ours, and no endpoint of their own. */
  served: number;
  convergeSeconds: number;
  /** The least time Route 53's published rates allow for the associations and calls made. */
  route53FloorSeconds: number;
  /** The least time EC2's read bucket allows for the EC2 reads made. */
  ec2ReadFloorSeconds: number;
  route53Calls: Record<string, number>;
  throttledRoute53: number;
  throttledEc2: number;
  monthlyUsd: number;
  wallSeconds: number;
}

export interface PerVpcRow {
  vpcs: number;
  failed: number;
  convergeSeconds: number;
  throttled: number;
  monthlyUsd: number;
  wallSeconds: number;
}

/** Endpoint hours a month of every interface endpoint of ours in the simulated account. */
function endpointHoursUsd(sim: SimEc2): number {
  const price = DEFAULT_PRICES.regions['us-east-1']!.interfaceAzHour;
  const azs = [...sim.endpoints.values()]
    .filter((e) => e.tags[OWNER_TAG] && e.type === 'Interface' && e.state !== 'deleted')
    .reduce((n, e) => n + e.subnetIds.length, 0);
  return azs * HOURS_PER_MONTH * price;
}

export async function measureCentral(spokes: number, stackName: string): Promise<CentralRow> {
  const wall = performance.now();
  const config = centralConfig(spokes, stackName);
  const fleet = await withConfig(config, () => centralFleetAtOnce(spokes, { sim: { latencyMs: 50 } }));
  const start = fleet.sim.clock.now() - fleet.elapsedMs;
  const calls = fleet.sim.route53Calls.filter((c) => c.at >= start);
  const through = calls.filter((c) => !c.throttled);
  const route53Calls: Record<string, number> = {};
  for (const c of through) route53Calls[c.command] = (route53Calls[c.command] ?? 0) + 1;
  const ec2Reads = fleet.sim.calls.filter((c) => c.at >= start && c.category === 'read' && !c.throttled);
  const served = fleet.spokeIds.filter((id) => {
    const zones = [...fleet.sim.hostedZones.values()].filter((z) => z.vpcIds.includes(id));
    const own = [...fleet.sim.endpoints.values()].filter(
      (e) => e.vpcId === id && e.tags[OWNER_TAG] && e.type === 'Interface' && e.state !== 'deleted',
    );
    return zones.length === SHARED && own.length === 0;
  }).length;
  const zones = [...fleet.sim.hostedZones.values()].filter((z) => z.tags?.[OWNER_TAG]).length;
  return {
    spokes,
    failed: fleet.runs.filter((r) => r.status !== 'SUCCEEDED').length,
    served,
    convergeSeconds: fleet.elapsedMs / 1000,
    route53FloorSeconds: Math.max(
      (route53Calls.AssociateVPCWithHostedZone ?? 0) / ASSOCIATE_PER_SECOND,
      through.length / ROUTE53_PER_SECOND,
    ),
    ec2ReadFloorSeconds: ec2Reads.length / EC2_READS_PER_SECOND,
    route53Calls,
    throttledRoute53: calls.length - through.length,
    throttledEc2: fleet.sim.calls.filter((c) => c.at >= start && c.throttled).length,
    monthlyUsd: endpointHoursUsd(fleet.sim) + zones * ZONE_MONTHLY,
    wallSeconds: (performance.now() - wall) / 1000,
  };
}

/** The same spokes with endpoints of their own for the same six services (no central section). */
export async function measurePerVpc(vpcs: number): Promise<PerVpcRow> {
  const wall = performance.now();
  const fleet = await tagFleetAtOnce(vpcs, { services: SIX_INTERFACE_SERVICES, sim: { latencyMs: 50 } });
  return {
    vpcs,
    failed: fleet.runs.filter((r) => r.status !== 'SUCCEEDED').length,
    convergeSeconds: fleet.elapsedMs / 1000,
    throttled: fleet.sim.calls.filter((c) => c.throttled).length,
    monthlyUsd: endpointHoursUsd(fleet.sim),
    wallSeconds: (performance.now() - wall) / 1000,
  };
}
