import type { EndpointType, ServiceOffer, VpcSnapshot } from './model';
import { ownerOfArn } from './endpoint-services';

/** Services AWS offers as gateway endpoints; a gateway endpoint is free and is our default for them. */
export const GATEWAY_CAPABLE = new Set(['s3', 'dynamodb']);

const SHORT_NAME = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$/;
const FULL_NAME = /^com\.amazonaws\.([a-z]{2}(?:-[a-z]+)+-\d)\.([a-z0-9][a-z0-9.-]*)$/;

export type ServiceNameProblem =
  | { kind: 'malformed' }
  | { kind: 'foreign-region'; region: string }
  | { kind: 'not-aws' }
  | { kind: 'bad-type'; type: string };

export interface ParsedServiceToken {
  name: string;
  serviceName: string;
  forcedType?: EndpointType;
}

/** The region a full service name names (`com.amazonaws.<region>.…`, `com.amazonaws.vpce.<region>.…`). */
export function regionOfServiceName(serviceName: string): string | undefined {
  return /^com\.amazonaws\.(?:vpce\.)?([a-z]{2}(?:-[a-z]+)+-\d)\./.exec(serviceName)?.[1];
}

export function fullServiceName(region: string, shortName: string): string {
  return `com.amazonaws.${region}.${shortName}`;
}

export function shortServiceName(serviceName: string): string {
  const match = FULL_NAME.exec(serviceName);
  return match?.[2] ?? serviceName;
}

/**
 * Reads one entry of `privatelink:services`: `ssm`, `com.amazonaws.eu-west-1.ssm`, `s3:interface`.
 * Only AWS services of the VPC's own region are accepted here; the allow-list narrows further.
 */
export function parseServiceToken(token: string, region: string): ParsedServiceToken | ServiceNameProblem {
  const [namePart = '', typePart, ...rest] = token.split(':');
  if (rest.length > 0) return { kind: 'malformed' };
  let forcedType: EndpointType | undefined;
  if (typePart !== undefined) {
    const lowered = typePart.toLowerCase();
    if (lowered === 'gateway') forcedType = 'Gateway';
    else if (lowered === 'interface') forcedType = 'Interface';
    else return { kind: 'bad-type', type: typePart };
  }
  const lowered = namePart.toLowerCase();
  if (lowered.startsWith('com.amazonaws.vpce.') || lowered.startsWith('aws.') || lowered.startsWith('com.')) {
    const full = FULL_NAME.exec(lowered);
    if (!full || lowered.startsWith('com.amazonaws.vpce.')) return { kind: 'not-aws' };
    const [, svcRegion = '', short = ''] = full;
    if (svcRegion !== region) return { kind: 'foreign-region', region: svcRegion };
    return { name: short, serviceName: lowered, forcedType };
  }
  if (!SHORT_NAME.test(lowered)) return { kind: 'malformed' };
  return { name: lowered, serviceName: fullServiceName(region, lowered), forcedType };
}

export function isServiceProblem(
  value: ParsedServiceToken | ServiceNameProblem,
): value is ServiceNameProblem {
  return 'kind' in value;
}

export function defaultEndpointType(shortName: string): EndpointType {
  return GATEWAY_CAPABLE.has(shortName) ? 'Gateway' : 'Interface';
}

/** Interface and resource endpoints sit in subnets, with network interfaces and the managed group. */
export const inSubnets = (type: EndpointType): boolean => type !== 'Gateway';

/**
 * What a wanted endpoint can have: EC2's offer of its service; for a resource endpoint (no service, so no
 * offer: DescribeVpcEndpointServices does not list resource configurations) any AZ of the VPC, no private
 * DNS name, no policy, the owner its ARN names.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/use-resource-endpoint.html
 */
export function offerOf(
  snapshot: Pick<VpcSnapshot, 'offers' | 'subnets'>,
  serviceName: string,
  type: EndpointType,
): ServiceOffer | undefined {
  if (type !== 'Resource') return snapshot.offers[serviceName];
  return {
    serviceName,
    types: ['Resource'],
    availabilityZones: [...new Set(snapshot.subnets.map((s) => s.availabilityZone))].sort(),
    privateDnsNames: [],
    policySupported: false,
    ...(ownerOfArn(serviceName) ? { owner: ownerOfArn(serviceName) } : {}),
  };
}

/** Availability zones where a service is offered, for the given endpoint type. */
export function offeredZones(offer: ServiceOffer | undefined, type: EndpointType): Set<string> {
  if (!offer || !offer.types.includes(type)) return new Set();
  return new Set(offer.availabilityZones);
}
