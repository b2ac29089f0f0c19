import type { EndpointInfo, Plan } from './model';
import { isDead } from './endpoint-states';
import { centralCostLines, type CentralCost } from './central/cost';

/**
 * What interface endpoints cost (docs/architecture.md, "Cost"): each is billed per AZ-hour, used or not,
 * plus a per-GB rate for data processed; gateway endpoints are free. A month is 730 hours, as AWS's own
 * calculator counts. Data processed is shown as its rate, never guessed.
 */
export const HOURS_PER_MONTH = 730;

export interface RegionPrice {
  /** USD per interface endpoint per AZ-hour. */
  interfaceAzHour: number;
  /** USD per GB processed, first PB a month (the tier most accounts stay in). */
  dataPerGb: number;
  /**
   * Transit Gateway data processing, USD per GB: a spoke's traffic to its central VPC pays it on top of the
   * endpoint's (docs/architecture.md, "Centralized endpoints"). Absent: break-even volumes are unknown.
   */
  transitGatewayPerGb?: number;
  /**
   * NAT gateway data processing, USD per GB: what AWS-bound traffic pays today without an endpoint
   * (`privatelink advise`, docs/advice.md). Absent: the advice shows GB, not savings.
   */
  natGatewayPerGb?: number;
  /** When this region's price was read, where it differs from the table's date. */
  takenOn?: string;
}

export interface PriceTable {
  /** When the prices were read, and where: a person can check them against the page. */
  takenOn: string;
  source: string;
  regions: Record<string, RegionPrice>;
}

/**
 * Prices shipped with the product. Only regions whose price was read from AWS's pricing page are here;
 * others come from the config (`prices`), and a region with none shows "unknown", never a guess.
 */
export const DEFAULT_PRICES: PriceTable = {
  takenOn: '2026-11-26',
  source:
    'https://aws.amazon.com/privatelink/pricing/ (Transit Gateway: https://aws.amazon.com/transit-gateway/pricing/; NAT gateway: https://aws.amazon.com/vpc/pricing/)',
  regions: {
    'us-east-1': {
      interfaceAzHour: 0.01,
      dataPerGb: 0.01,
      transitGatewayPerGb: 0.02,
      natGatewayPerGb: 0.045,
    },
  },
};

export interface EndpointCost {
  service: string;
  azs: number;
  /** USD a month the AZ policy saves on it against every AZ it could have had. */
  saved?: number;
  /** USD a month after the plan; the change it makes. */
  monthly: number;
  change: number;
}

export interface PlanCost {
  region: string;
  /** USD a month for the VPC's interface endpoints before and after the plan, and the change. */
  monthlyBefore: number;
  monthlyAfter: number;
  change: number;
  endpoints: EndpointCost[];
  price: RegionPrice;
  pricesTakenOn: string;
  /** Resource endpoints the plan keeps or makes: their price is not in the table, so "unknown", not guessed. */
  unpricedResourceEndpoints?: number;
  /** A spoke: its served services against endpoints of its own (lib/domain/central/cost.ts). */
  central?: CentralCost;
}

/** No price for the region: said, with what to add, instead of a number. */
export interface UnknownCost {
  region: string;
  unknown: string;
}

const monthlyOf = (azs: number, price: RegionPrice) => round(azs * HOURS_PER_MONTH * price.interfaceAzHour);
/** To the cent. */
export const round = (usd: number) => Math.round(usd * 100) / 100;
const live = (e: EndpointInfo) => !isDead(e.state);

export function priceFor(region: string, table: PriceTable): RegionPrice | UnknownCost {
  return (
    table.regions[region] ?? {
      region,
      unknown: `no PrivateLink price for ${region}: add it to the config's "prices" (per AZ-hour and per GB)`,
    }
  );
}

const isUnknown = (p: RegionPrice | UnknownCost): p is UnknownCost => 'unknown' in p;

/** What the VPC's interface endpoints cost now: one AZ per subnet (an endpoint takes one subnet per AZ). */
export function currentCost(endpoints: EndpointInfo[], region: string, table: PriceTable) {
  const price = priceFor(region, table);
  if (isUnknown(price)) return price;
  const interfaces = endpoints.filter((e) => e.type === 'Interface' && live(e));
  const resources = endpoints.filter((e) => e.type === 'Resource' && live(e)).length;
  return {
    region,
    monthly: round(interfaces.reduce((sum, e) => sum + monthlyOf(e.subnetIds.length, price), 0)),
    endpoints: interfaces.length,
    price,
    pricesTakenOn: price.takenOn ?? table.takenOn,
    ...(resources > 0 ? { unpricedResourceEndpoints: resources } : {}),
  };
}

/** The part of a cost line that says resource endpoints are not priced, or nothing. */
const unpricedNote = (count: number | undefined) =>
  count ? `; ${count} resource endpoint(s) not included: their price is unknown here` : '';

/** One line for `status`: what the VPC's interface endpoints cost a month now. */
export function currentCostLine(cost: ReturnType<typeof currentCost>): string {
  if ('unknown' in cost) return `Cost: unknown (${cost.unknown})`;
  return `Cost: ${usd(cost.monthly)}/month for ${cost.endpoints} interface endpoint(s) (${usd(cost.price.interfaceAzHour)} per AZ-hour; data processed ${usd(cost.price.dataPerGb)}/GB, not included; ${cost.region} prices of ${cost.pricesTakenOn})${unpricedNote(cost.unpricedResourceEndpoints)}`;
}

/** The plan's cost: every live interface endpoint of the VPC before, and after the plan's changes. */
export function planCost(
  plan: Plan,
  endpoints: EndpointInfo[],
  region: string,
  table: PriceTable,
): PlanCost | UnknownCost {
  const price = priceFor(region, table);
  if (isUnknown(price)) return price;
  const byId = new Map(endpoints.filter(live).map((e) => [e.endpointId, e]));
  const gone = new Set([
    ...plan.deletions.map((d) => d.endpointId),
    ...plan.endpoints.filter((p) => p.action === 'deleted').map((p) => p.endpointId ?? ''),
  ]);
  const rows: EndpointCost[] = [];
  const touched = new Set<string>();
  for (const p of plan.endpoints) {
    if (p.spec.type !== 'Interface' || p.action === 'deleted') continue;
    const current = p.endpointId ? byId.get(p.endpointId) : undefined;
    if (p.endpointId) touched.add(p.endpointId);
    const before = current ? monthlyOf(current.subnetIds.length, price) : 0;
    const azs =
      p.action === 'create' || p.action === 'modify'
        ? p.spec.subnetIds.length
        : (current?.subnetIds.length ?? 0);
    const monthly = monthlyOf(azs, price);
    const saved = p.availableAzs ? round(monthlyOf(p.availableAzs, price) - monthly) : 0;
    rows.push({
      service: p.spec.service,
      azs,
      monthly,
      change: round(monthly - before),
      ...(saved > 0 ? { saved } : {}),
    });
  }
  const untouched = [...byId.values()].filter((e) => e.type === 'Interface' && !touched.has(e.endpointId));
  const monthlyBefore = round(
    [...byId.values()]
      .filter((e) => e.type === 'Interface')
      .reduce((s, e) => s + monthlyOf(e.subnetIds.length, price), 0),
  );
  const kept = untouched.filter((e) => !gone.has(e.endpointId));
  const monthlyAfter = round(
    rows.reduce((s, r) => s + r.monthly, 0) +
      kept.reduce((s, e) => s + monthlyOf(e.subnetIds.length, price), 0),
  );
  const resources = plan.endpoints.filter((p) => p.spec.type === 'Resource' && p.action !== 'deleted').length;
  return {
    region,
    monthlyBefore,
    monthlyAfter,
    change: round(monthlyAfter - monthlyBefore),
    endpoints: rows,
    price,
    pricesTakenOn: price.takenOn ?? table.takenOn,
    ...(resources > 0 ? { unpricedResourceEndpoints: resources } : {}),
  };
}

/** The shipped prices, with the config's `prices` over them (a region there wins, dated by the config). */
export function pricesOf(overrides: Record<string, RegionPrice>): PriceTable {
  if (Object.keys(overrides).length === 0) return DEFAULT_PRICES;
  return {
    ...DEFAULT_PRICES,
    takenOn: `${DEFAULT_PRICES.takenOn} (and the config's)`,
    regions: { ...DEFAULT_PRICES.regions, ...overrides },
  };
}

export const usd = (amount: number) => `$${amount.toFixed(2)}`;
export const signedUsd = (amount: number) => `${amount < 0 ? '-' : '+'}$${Math.abs(amount).toFixed(2)}`;

/** One line for people: `Cost: +$43.80/month → $131.40/month of interface endpoints in this VPC …`. */
export function costLine(cost: PlanCost | UnknownCost): string {
  if ('unknown' in cost) return `Cost: unknown (${cost.unknown})`;
  const saved = round(cost.endpoints.reduce((sum, e) => sum + (e.saved ?? 0), 0));
  const policy = saved > 0 ? `; the AZ policy saves ${usd(saved)}/month against every AZ` : '';
  const central = cost.central ? `\n${centralCostLines(cost.central).join('\n')}` : '';
  return `Cost: ${signedUsd(cost.change)}/month → ${usd(cost.monthlyAfter)}/month of interface endpoints in this VPC (${usd(cost.price.interfaceAzHour)} per endpoint per AZ-hour; data processed ${usd(cost.price.dataPerGb)}/GB, not included; ${cost.region} prices of ${cost.pricesTakenOn})${policy}${unpricedNote(cost.unpricedResourceEndpoints)}${central}`;
}
