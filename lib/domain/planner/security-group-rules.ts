import type { SecurityGroupInfo, SecurityGroupRule } from '../model';

export const HTTPS_PORT = 443;

/** IPv6 blocks are told apart by their colons; EC2 keeps them in a rule list of their own (Ipv6Ranges). */
export const isIpv6Cidr = (cidr: string) => cidr.includes(':');

/** The ports of an endpoint's spec: an endpoint service's entry's, else HTTPS. */
export const portsOfSpec = (spec: { ports?: number[] }): number[] => spec.ports ?? [HTTPS_PORT];

/** The ports of a group plan (plans saved before ports were planned admit HTTPS). */
export const portsOfGroup = (plan: { ports?: number[] }): number[] => plan.ports ?? [HTTPS_PORT];

/**
 * Every port the plan's groups admit: 443 where the managed group stays, and each port group's. What the
 * probe's group lets out to the VPC, and what the probe tries.
 */
export const portsOfGroups = (plan: { action: string; portGroups?: { ports: number[] }[] }): number[] => {
  const all = [
    ...(['none', 'delete'].includes(plan.action) ? [] : [HTTPS_PORT]),
    ...(plan.portGroups ?? []).flatMap((g) => g.ports),
  ];
  return [...new Set(all.length ? all : [HTTPS_PORT])].sort((a, b) => a - b);
};

export const isPortFrom = (rule: SecurityGroupRule, port: number, cidr: string) =>
  rule.protocol === 'tcp' &&
  rule.fromPort === port &&
  rule.toPort === port &&
  (isIpv6Cidr(cidr) ? rule.ipv6Cidr === cidr : rule.cidr === cidr);

/**
 * The ingress the managed group must have: TCP on each of `ports` from each allowed CIDR (IPv4 or IPv6),
 * and nothing else.
 */
export function wantedIngressDiff(
  group: SecurityGroupInfo,
  allowedCidrs: string[],
  ports: number[] = [HTTPS_PORT],
  keptPrefixLists: string[] = [],
): { addCidrs: string[]; removeRules: SecurityGroupRule[] } {
  const has = (port: number, cidr: string) => group.ingress.some((r) => isPortFrom(r, port, cidr));
  const addCidrs = allowedCidrs.filter((cidr) => ports.some((port) => !has(port, cidr)));
  // A central VPC's rule from its spokes' list is the central links' (docs/architecture.md, "Centralized endpoints").
  const kept = (r: SecurityGroupRule) =>
    r.prefixListId !== undefined && keptPrefixLists.includes(r.prefixListId) && r.fromPort === HTTPS_PORT;
  const removeRules = group.ingress.filter(
    (r) => !kept(r) && !allowedCidrs.some((cidr) => ports.some((port) => isPortFrom(r, port, cidr))),
  );
  return { addCidrs, removeRules };
}

/** The (port, CIDR) pairs of `ports` × `cidrs` the group lacks: what authorizing adds, never a duplicate. */
export const missingIngress = (group: Pick<SecurityGroupInfo, 'ingress'>, cidrs: string[], ports: number[]) =>
  ports
    .flatMap((port) => ({
      port,
      cidrs: cidrs.filter((cidr) => !group.ingress.some((r) => isPortFrom(r, port, cidr))),
    }))
    .filter((p) => p.cidrs.length > 0);
