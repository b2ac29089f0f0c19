import type { SecurityGroupInfo, SecurityGroupRule } from '../model';

export const HTTPS_PORT = 443;

/** IPv6 blocks are told apart by their colons; EC2 keeps them in a rule list of their own (Ipv6Ranges). */
export const isIpv6Cidr = (cidr: string) => cidr.includes(':');

const isHttpsFrom = (rule: SecurityGroupRule, cidr: string) =>
  rule.protocol === 'tcp' &&
  rule.fromPort === HTTPS_PORT &&
  rule.toPort === HTTPS_PORT &&
  (isIpv6Cidr(cidr) ? rule.ipv6Cidr === cidr : rule.cidr === cidr);

/** The ingress the managed group must have: TCP 443 from each allowed CIDR (IPv4 or IPv6), and nothing else. */
export function wantedIngressDiff(
  group: SecurityGroupInfo,
  allowedCidrs: string[],
): { addCidrs: string[]; removeRules: SecurityGroupRule[] } {
  const addCidrs = allowedCidrs.filter((cidr) => !group.ingress.some((r) => isHttpsFrom(r, cidr)));
  const removeRules = group.ingress.filter((r) => !allowedCidrs.some((cidr) => isHttpsFrom(r, cidr)));
  return { addCidrs, removeRules };
}
