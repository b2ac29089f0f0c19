import { UnsatisfiableRequestError } from '../errors';
import type { EndpointSpec, IpAddressChoice, ServiceOffer, SubnetInfo } from '../model';
import { TAG_KEYS } from '../tags';

/**
 * Dual-stack (docs/architecture.md, "Dual-stack"): an interface endpoint gets IPv6 addresses too when
 * every subnet it uses has an IPv6 block and the service supports IPv6 (SupportedIpAddressTypes).
 * https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html (IP address type)
 * `privatelink:ip-address-type` forces ipv4 or dualstack; dualstack where the VPC or the service cannot
 * give it is refused, naming what is missing. (IPv6-only endpoints need IPv6-only subnets: not offered.)
 */
export function withIpAddressType(
  spec: EndpointSpec,
  choice: IpAddressChoice,
  offer: ServiceOffer,
  subnets: SubnetInfo[],
): EndpointSpec {
  if (spec.type !== 'Interface' || choice === 'ipv4') return spec;
  const chosen = subnets.filter((s) => spec.subnetIds.includes(s.subnetId));
  const withoutIpv6 = chosen.filter((s) => !s.ipv6CidrBlock).map((s) => s.subnetId);
  const serviceIpv6 = (offer.ipAddressTypes ?? ['ipv4']).includes('ipv6');
  if (choice === 'auto') {
    return withoutIpv6.length === 0 && chosen.length > 0 && serviceIpv6
      ? { ...spec, ipAddressType: 'dualstack' }
      : spec;
  }
  const missing = [
    !serviceIpv6 && `${spec.serviceName} supports ${(offer.ipAddressTypes ?? ['ipv4']).join(', ')} only`,
    withoutIpv6.length > 0 && `subnets without an IPv6 block: ${withoutIpv6.join(', ')}`,
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new UnsatisfiableRequestError(
      `${TAG_KEYS.ipAddressType}=${choice} for ${spec.service}: ${missing.join('; ')}: ` +
        `use ipv4 or auto, or give the endpoint subnets IPv6 blocks`,
    );
  }
  return { ...spec, ipAddressType: 'dualstack' };
}
