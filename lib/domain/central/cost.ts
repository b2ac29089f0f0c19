/**
 * What centralizing costs and saves (docs/architecture.md, "Centralized endpoints", and "Cost"): a spoke's
 * served service against the endpoint it would have locally, its share of the central endpoint's hours, and
 * the data volume above which the local endpoint is cheaper — the central path pays Transit Gateway data
 * processing per GB on top of the endpoint's own, which both paths pay alike.
 */
import { HOURS_PER_MONTH, round, usd, type RegionPrice } from '../cost';
import type { VpcSnapshot } from '../model';
import type { CentralVpc } from './links';

export interface ServedCost {
  service: string;
  /** USD a month of the endpoint the spoke would have itself (its AZs). */
  localMonthly: number;
  /** USD a month: the central endpoint's hours divided among the VPCs it serves. */
  shareMonthly: number;
  /** GB a month above which a local endpoint is cheaper; undefined where Transit Gateway's price is unknown. */
  breakEvenGb?: number;
}

export interface CentralCost {
  centralVpcId: string;
  /** The VPCs the central endpoints serve: its spokes and itself. */
  servedVpcs: number;
  served: ServedCost[];
  localMonthly: number;
  shareMonthly: number;
  transitGatewayPerGb?: number;
}

/**
 * A spoke's cost, service by service. `spokeAzs`: the AZs a local endpoint of it would take; `centralAzs`:
 * the central endpoint's per service; `servedVpcs`: the spokes in its list, this one counted, and the
 * central VPC itself.
 */
export function centralCost(
  centralVpcId: string,
  served: string[],
  spokeAzs: number,
  centralAzs: Record<string, number>,
  servedVpcs: number,
  price: RegionPrice,
): CentralCost {
  const hours = (azs: number) => azs * HOURS_PER_MONTH * price.interfaceAzHour;
  const rows = served.map((service): ServedCost => {
    const localMonthly = round(hours(spokeAzs));
    const shareMonthly = round(hours(centralAzs[service] ?? 0) / Math.max(1, servedVpcs));
    const saved = Math.max(0, localMonthly - shareMonthly);
    return {
      service,
      localMonthly,
      shareMonthly,
      ...(price.transitGatewayPerGb ? { breakEvenGb: Math.round(saved / price.transitGatewayPerGb) } : {}),
    };
  });
  return {
    centralVpcId,
    servedVpcs,
    served: rows,
    localMonthly: round(rows.reduce((s, r) => s + r.localMonthly, 0)),
    shareMonthly: round(rows.reduce((s, r) => s + r.shareMonthly, 0)),
    ...(price.transitGatewayPerGb !== undefined ? { transitGatewayPerGb: price.transitGatewayPerGb } : {}),
  };
}

/**
 * A spoke's cost from what its run reads: the AZs its endpoint subnets span (what a local endpoint would
 * take), the central endpoints' AZs, shared among the spokes in the list (this one counted) and the central VPC.
 */
export function spokeCost(
  snapshot: Pick<VpcSnapshot, 'vpc' | 'subnets'>,
  subnetIds: string[],
  central: Pick<CentralVpc, 'vpcId' | 'endpointAzs' | 'list'>,
  served: string[],
  price: RegionPrice,
): CentralCost {
  const azs = new Set(
    snapshot.subnets.filter((s) => subnetIds.includes(s.subnetId)).map((s) => s.availabilityZone),
  );
  const spokes = new Set([...(central.list?.entries ?? []).map((e) => e.spokeVpcId), snapshot.vpc.vpcId]);
  return centralCost(central.vpcId, served, azs.size, central.endpointAzs, spokes.size + 1, price);
}

/** One line for people, and a line per service with its break-even volume. */
export function centralCostLines(cost: CentralCost): string[] {
  const transit =
    cost.transitGatewayPerGb !== undefined
      ? `; through a transit gateway each GB also pays ${usd(cost.transitGatewayPerGb)} of data processing (the break-even below assumes it; peering within an AZ pays none)`
      : "; Transit Gateway's price for the region is unknown: no break-even volume";
  return [
    `Served by ${cost.centralVpcId}: ${usd(cost.shareMonthly)}/month as this VPC's share of the central endpoints (shared by ${cost.servedVpcs} VPCs), against ${usd(cost.localMonthly)}/month for endpoints of its own${transit}`,
    ...cost.served.map(
      (s) =>
        `  ${s.service}: ${usd(s.shareMonthly)} against ${usd(s.localMonthly)}/month` +
        (s.breakEvenGb !== undefined
          ? `; a local endpoint is cheaper above ${s.breakEvenGb.toLocaleString('en-US')} GB/month`
          : ''),
    ),
  ];
}
