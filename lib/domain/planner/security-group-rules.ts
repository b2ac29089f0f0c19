import type { SecurityGroupInfo, SecurityGroupRule } from '../model';

export const HTTPS_PORT = 443;

const isHttpsFrom = (rule: SecurityGroupRule, cidr: string) =>
  rule.protocol === 'tcp' && rule.fromPort === HTTPS_PORT && rule.toPort === HTTPS_PORT && rule.cidr === cidr;

/** The ingress the managed group must have: TCP 443 from each allowed CIDR, and nothing else. */
export function wantedIngressDiff(
  group: SecurityGroupInfo,
  allowedCidrs: string[],
): { addCidrs: string[]; removeRules: SecurityGroupRule[] } {
  const addCidrs = allowedCidrs.filter((cidr) => !group.ingress.some((r) => isHttpsFrom(r, cidr)));
  const removeRules = group.ingress.filter((r) => !allowedCidrs.some((cidr) => isHttpsFrom(r, cidr)));
  return { addCidrs, removeRules };
}
