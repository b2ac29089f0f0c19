/**
 * What to connect next and what it saves (docs/advice.md): each service a VPC reaches through a NAT
 * gateway or an internet gateway, its GB a month, and the endpoint that pays — a gateway endpoint for S3
 * and DynamoDB (free), an interface endpoint where the NAT processing it saves pays for its hours, the
 * region's central set where one serves the service. Pure: prices, traffic and the VPC come in.
 */
import { GATEWAY_CAPABLE } from '../services';
import { HOURS_PER_MONTH, round, type RegionPrice } from '../cost';
import type { Attribution } from './attribution';
import type { Path, ServiceTraffic } from './traffic';

/** AWS bills data in GB of 2^30 bytes. */
export const BYTES_PER_GB = 2 ** 30;

export type Recommendation =
  /** A gateway endpoint (S3, DynamoDB): free, and NAT processing stops. */
  | 'gateway'
  /** An interface endpoint of the VPC's own: saves more than its hours cost. */
  | 'interface'
  /** The region's central endpoints: no hours of its own, Transit Gateway per GB. */
  | 'central'
  /** An interface endpoint would cost more than it saves at this volume (break-even shown). */
  | 'below-break-even'
  /** Through an internet gateway: no NAT processing to save; an endpoint would take it off the internet, at a cost. */
  | 'private-only'
  /** The VPC has an endpoint for it, yet the traffic goes around it (private DNS off, or another name). */
  | 'bypasses-endpoint'
  /** A name of another region: no endpoint here carries it. */
  | 'other-region'
  /** AWS addresses no endpoint serves (EC2 instances' public addresses, CloudFront, …). */
  | 'no-endpoint'
  /** AWS, service unknown: Resolver query logs would name it. */
  | 'unattributed'
  /** The region's NAT or PrivateLink price is unknown: GB only. */
  | 'price-unknown';

export interface AdviceLine {
  service: string;
  path: Path;
  attribution: Attribution;
  gbPerMonth: number;
  recommendation: Recommendation;
  /** USD a month the traffic costs now in NAT processing; null where the price is unknown. */
  nowMonthly: number | null;
  /** USD a month of the endpoint advised (hours and per-GB); null where none is or its price is unknown. */
  endpointMonthly: number | null;
  /** USD a month saved by the advice; 0 where it saves nothing, null where unknown. */
  savingMonthly: number | null;
  /** GB a month above which an interface endpoint of the VPC's own pays for its hours. */
  breakEvenGb?: number;
  /** The central VPC serving the service in the region, when the advice is `central`. */
  centralVpcId?: string;
  otherRegion?: string;
}

export interface VpcTrafficFacts {
  traffic: ServiceTraffic[];
  /** Hours the records cover: the window asked for, or less when the flow log is younger. */
  windowHours: number;
  /** AZs an interface endpoint of the VPC would take (its subnets' AZs, as the default AZ policy places it). */
  azs: number;
  /** Short names of the services the VPC already has an endpoint for. */
  endpointServices: Set<string>;
  /** service → the region's central VPC serving it. */
  central: Map<string, string>;
}

export const gbPerMonth = (bytes: number, windowHours: number) =>
  windowHours > 0 ? (bytes / BYTES_PER_GB) * (HOURS_PER_MONTH / windowHours) : 0;

/** Two decimals for money, one for GB under 100, whole GB above. */
const roundGb = (gb: number) => (gb >= 100 ? Math.round(gb) : Math.round(gb * 10) / 10);

export function adviceLines(facts: VpcTrafficFacts, price: RegionPrice | undefined): AdviceLine[] {
  return facts.traffic.map((t) => adviceLine(t, facts, price));
}

function adviceLine(t: ServiceTraffic, facts: VpcTrafficFacts, price: RegionPrice | undefined): AdviceLine {
  const gb = gbPerMonth(t.bytes, facts.windowHours);
  const nat = t.path === 'nat-gateway' ? price?.natGatewayPerGb : 0;
  const base = {
    service: t.service,
    path: t.path,
    attribution: t.attribution,
    gbPerMonth: roundGb(gb),
    nowMonthly: nat === undefined ? null : round(gb * nat),
    ...(t.otherRegion ? { otherRegion: t.otherRegion } : {}),
  };
  const none = { endpointMonthly: null, savingMonthly: 0 };
  if (t.otherRegion) return { ...base, ...none, recommendation: 'other-region' };
  if (t.noEndpoint) return { ...base, ...none, recommendation: 'no-endpoint' };
  if (t.attribution === 'unattributed') return { ...base, ...none, recommendation: 'unattributed' };
  if (facts.endpointServices.has(t.service)) return { ...base, ...none, recommendation: 'bypasses-endpoint' };
  if (GATEWAY_CAPABLE.has(t.service))
    return { ...base, endpointMonthly: 0, savingMonthly: base.nowMonthly, recommendation: 'gateway' };
  if (!price || nat === undefined)
    return { ...base, endpointMonthly: null, savingMonthly: null, recommendation: 'price-unknown' };
  return { ...base, ...interfaceChoice(gb, nat, facts, t.service, price) };
}

/** A local interface endpoint, the central set, or not yet — whichever saves most, with the break-even. */
function interfaceChoice(
  gb: number,
  nat: number,
  facts: VpcTrafficFacts,
  service: string,
  price: RegionPrice,
): Pick<AdviceLine, 'recommendation' | 'endpointMonthly' | 'savingMonthly' | 'breakEvenGb' | 'centralVpcId'> {
  const hours = facts.azs * HOURS_PER_MONTH * price.interfaceAzHour;
  const local = hours + gb * price.dataPerGb;
  const margin = nat - price.dataPerGb;
  const breakEven = margin > 0 ? { breakEvenGb: roundGb(hours / margin) } : {};
  const now = gb * nat;
  const centralVpcId = facts.central.get(service);
  const central =
    centralVpcId && price.transitGatewayPerGb !== undefined
      ? gb * (price.dataPerGb + price.transitGatewayPerGb)
      : undefined;
  if (nat === 0)
    return {
      recommendation: 'private-only',
      endpointMonthly: round(central ?? local),
      savingMonthly: 0,
      ...breakEven,
    };
  if (central !== undefined && now - central > 0 && now - central >= now - local)
    return {
      recommendation: 'central',
      endpointMonthly: round(central),
      savingMonthly: round(now - central),
      centralVpcId: centralVpcId ?? '',
      ...breakEven,
    };
  if (now - local > 0)
    return {
      recommendation: 'interface',
      endpointMonthly: round(local),
      savingMonthly: round(now - local),
      ...breakEven,
    };
  return {
    recommendation: 'below-break-even',
    endpointMonthly: round(local),
    savingMonthly: 0,
    ...breakEven,
  };
}

/** What the lines save a month together; null when any saving is unknown. */
export function savingOf(lines: AdviceLine[]): number | null {
  if (lines.some((l) => l.savingMonthly === null)) return null;
  return round(lines.reduce((s, l) => s + (l.savingMonthly ?? 0), 0));
}
