import { InvalidTagError, UnsatisfiableRequestError } from '../errors';
import type {
  AzPolicy,
  DesiredState,
  RouteTableInfo,
  SubnetInfo,
  SubnetSelector,
  VpcSnapshot,
} from '../model';
import { TAG_KEYS } from '../tags';

export const ENDPOINT_SUBNET_TAG = 'privatelink:endpoint-subnet';

/** A route table is public when it sends 0.0.0.0/0 to an internet gateway. */
export function isPublicRouteTable(rt: RouteTableInfo): boolean {
  return rt.routes.some((r) => r.destinationCidrBlock === '0.0.0.0/0' && r.gatewayId?.startsWith('igw-'));
}

/** The route table a subnet uses: its explicit association, else the VPC's main table. */
export function routeTableOfSubnet(snapshot: VpcSnapshot, subnetId: string): RouteTableInfo | undefined {
  return (
    snapshot.routeTables.find((rt) => rt.subnetIds.includes(subnetId)) ??
    snapshot.routeTables.find((rt) => rt.main)
  );
}

/** Subnets interface endpoints may use, before the per-AZ pick. Throws when the selector matches none. */
export function candidateSubnets(selector: SubnetSelector, snapshot: VpcSnapshot): SubnetInfo[] {
  const vpcId = snapshot.vpc.vpcId;
  if (selector.kind === 'ids') {
    const missing = selector.ids.filter((id) => !snapshot.subnets.some((s) => s.subnetId === id));
    if (missing.length > 0) {
      throw new InvalidTagError([
        {
          key: TAG_KEYS.subnets,
          value: selector.ids.join(','),
          reason: `${missing.join(', ')} not in ${vpcId}`,
          accepted: `subnets of ${vpcId}: ${snapshot.subnets.map((s) => s.subnetId).join(', ') || 'none'}`,
        },
      ]);
    }
    const chosen = snapshot.subnets.filter((s) => selector.ids.includes(s.subnetId));
    const zones = new Map<string, string>();
    for (const s of chosen) {
      const other = zones.get(s.availabilityZone);
      if (other) {
        throw new InvalidTagError([
          {
            key: TAG_KEYS.subnets,
            value: selector.ids.join(','),
            reason: `${other} and ${s.subnetId} are both in ${s.availabilityZone}`,
            accepted: 'at most one subnet per Availability Zone (an endpoint takes one subnet per AZ)',
          },
        ]);
      }
      zones.set(s.availabilityZone, s.subnetId);
    }
    return chosen;
  }
  if (selector.kind === 'tag') {
    const chosen = snapshot.subnets.filter((s) => s.tags[selector.key] === selector.value);
    if (chosen.length === 0) {
      throw new InvalidTagError([
        {
          key: TAG_KEYS.subnets,
          value: `tag:${selector.key}=${selector.value}`,
          reason: `no subnet of ${vpcId} carries that tag`,
          accepted: 'a tag filter that matches at least one subnet of the VPC, or subnet ids',
        },
      ]);
    }
    return chosen;
  }
  const marked = snapshot.subnets.filter((s) => s.tags[ENDPOINT_SUBNET_TAG]?.toLowerCase() === 'true');
  if (marked.length > 0) return marked;
  const privateSubnets = snapshot.subnets.filter((s) => {
    const rt = routeTableOfSubnet(snapshot, s.subnetId);
    return !rt || !isPublicRouteTable(rt);
  });
  if (privateSubnets.length === 0) {
    throw new UnsatisfiableRequestError(
      `${vpcId} has no private subnet (every subnet routes 0.0.0.0/0 to an internet gateway) and none is tagged ` +
        `${ENDPOINT_SUBNET_TAG}=true: tag the subnets to use, or set ${TAG_KEYS.subnets}`,
    );
  }
  return privateSubnets;
}

/** How many AZs a service's interface endpoint gets under the AZ policy (undefined: every AZ). */
export function azLimit(policy: AzPolicy | undefined, service: string): number | undefined {
  const azs = policy ? (policy.perService[service] ?? policy.default) : 'all';
  return azs === 'all' ? undefined : azs;
}

/**
 * One subnet per AZ where the service is offered, in at most `limit` AZs. AZs the endpoint already uses
 * stay (no churn of network interfaces, no new hour billed), then the AZs where the VPC has the most
 * subnets (where its workloads are), then by name. An AZ keeps the subnet the endpoint already uses
 * there; otherwise the subnet with the most free addresses wins.
 */
export function pickSubnets(
  candidates: SubnetInfo[],
  offeredZones: Set<string>,
  current: string[] = [],
  placement: { limit?: number; subnetsPerZone?: Map<string, number> } = {},
): string[] {
  const byZone = new Map<string, SubnetInfo[]>();
  for (const s of candidates) {
    if (!offeredZones.has(s.availabilityZone)) continue;
    byZone.set(s.availabilityZone, [...(byZone.get(s.availabilityZone) ?? []), s]);
  }
  const inUse = (subnets: SubnetInfo[]) => subnets.some((s) => current.includes(s.subnetId));
  const weight = (zone: string) => placement.subnetsPerZone?.get(zone) ?? 0;
  const zones = [...byZone.entries()]
    .sort(
      ([a, sa], [b, sb]) =>
        Number(inUse(sb)) - Number(inUse(sa)) || weight(b) - weight(a) || a.localeCompare(b),
    )
    .slice(0, placement.limit ?? byZone.size)
    .sort(([a], [b]) => a.localeCompare(b));
  const picked: string[] = [];
  for (const [, subnets] of zones) {
    const kept = subnets.find((s) => current.includes(s.subnetId));
    const best = [...subnets].sort(
      (a, b) => b.availableIpCount - a.availableIpCount || a.subnetId.localeCompare(b.subnetId),
    )[0];
    const choice = kept ?? best;
    if (choice) picked.push(choice.subnetId);
  }
  return picked;
}

/** Route tables gateway endpoints attach to. */
export function targetRouteTables(desired: DesiredState, snapshot: VpcSnapshot): string[] {
  const selector = desired.routeTables;
  const all = snapshot.routeTables;
  if (selector.kind === 'all') return all.map((rt) => rt.routeTableId).sort();
  if (selector.kind === 'private') {
    return all
      .filter((rt) => !isPublicRouteTable(rt))
      .map((rt) => rt.routeTableId)
      .sort();
  }
  const missing = selector.ids.filter((id) => !all.some((rt) => rt.routeTableId === id));
  if (missing.length > 0) {
    throw new InvalidTagError([
      {
        key: TAG_KEYS.routeTables,
        value: selector.ids.join(','),
        reason: `${missing.join(', ')} not in ${snapshot.vpc.vpcId}`,
        accepted: `all, private, or route tables of the VPC: ${all.map((rt) => rt.routeTableId).join(', ')}`,
      },
    ]);
  }
  return [...selector.ids].sort();
}
