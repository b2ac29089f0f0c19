/**
 * A VPC's AWS-bound traffic that leaves through a NAT gateway or an internet gateway, from its flow log
 * records (docs/advice.md, "What each number is based on"). A NAT gateway's interface records each flow
 * twice — its leg from the instance and its leg to the destination — so only the outer legs count: records
 * on a NAT gateway's interface whose other end is outside the VPC, both ways, which is what the gateway
 * processes and bills. An instance that reaches AWS through an internet gateway writes `traffic-path` 8 on
 * its egress records (Nitro); its replies are the ingress records of the same flow (ports swapped).
 */
import { ipInCidr } from '../cidr';
import { attribute, type Attributed } from './attribution';
import type { IpRanges } from './ip-ranges';
import type { FlowRecord } from './flow-record';

export type Path = 'nat-gateway' | 'internet-gateway';

/** `traffic-path` 8: through an internet gateway (VPC User Guide, "Flow log records"). */
const INTERNET_GATEWAY_PATH = 8;

export interface ServiceTraffic extends Attributed {
  path: Path;
  bytes: number;
  /** Distinct remote addresses, for a person checking a line. */
  addresses: number;
}

export interface VpcTrafficScope {
  region: string;
  vpcCidrs: string[];
  /** The VPC's NAT gateways' network interfaces. */
  natInterfaces: Set<string>;
  /** Resolver query logs' answers: address → name (attribution.ts). */
  names: Map<string, string>;
  /** AWS's published ranges, when given (`--ip-ranges`): the region of an `AMAZON` address. */
  ranges?: IpRanges;
}

const flowKey = (eni: string, local: string, localPort = '', remote: string, remotePort = '') =>
  `${eni} ${local}:${localPort} ${remote}:${remotePort}`;

/** Per service and path, the bytes of the records read (one VPC's). */
export function awsTraffic(records: Iterable<FlowRecord>, scope: VpcTrafficScope): ServiceTraffic[] {
  const inside = (address: string) => scope.vpcCidrs.some((c) => ipInCidr(address, c));
  const lines = new Map<string, ServiceTraffic & { seen: Set<string> }>();
  const add = (path: Path, remote: string, named: string | undefined, bytes: number) => {
    const who = attribute(named, remote, scope.names, scope.region, scope.ranges);
    const key = `${path} ${who.service} ${who.attribution} ${who.otherRegion ?? ''}`;
    const line = lines.get(key) ?? { ...who, path, bytes: 0, addresses: 0, seen: new Set<string>() };
    line.bytes += bytes;
    line.seen.add(remote);
    lines.set(key, line);
  };
  // Through an internet gateway: flows whose egress said so, then their replies.
  const viaInternet = new Set<string>();
  const replies: FlowRecord[] = [];
  for (const r of records) {
    const egress = r.direction === 'egress';
    const remote = egress ? r.dstaddr : r.srcaddr;
    const named = egress ? r.dstService : r.srcService;
    // Not AWS (no ip-ranges.json subset), or the leg inside the VPC.
    if (!named || inside(remote)) continue;
    if (scope.natInterfaces.has(r.interfaceId)) add('nat-gateway', remote, named, r.bytes);
    else if (egress && r.trafficPath === INTERNET_GATEWAY_PATH) {
      viaInternet.add(flowKey(r.interfaceId, r.srcaddr, r.srcport, r.dstaddr, r.dstport));
      add('internet-gateway', remote, named, r.bytes);
    } else if (!egress) replies.push(r);
  }
  for (const r of replies)
    if (viaInternet.has(flowKey(r.interfaceId, r.dstaddr, r.dstport, r.srcaddr, r.srcport)))
      add('internet-gateway', r.srcaddr, r.srcService, r.bytes);
  return [...lines.values()]
    .map(({ seen, ...line }) => ({ ...line, addresses: seen.size }))
    .sort((a, b) => b.bytes - a.bytes || a.service.localeCompare(b.service));
}
