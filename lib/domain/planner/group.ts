import { inSubnets } from '../services';
import type {
  DesiredState,
  EndpointChanges,
  EndpointInfo,
  Plan,
  PlannedEndpoint,
  PortGroupPlan,
  SecurityGroupInfo,
  SecurityGroupPlan,
  VpcSnapshot,
} from '../model';
import { findManagedSecurityGroup, findPortGroups } from '../ownership';
import { HTTPS_PORT, portsOfSpec, wantedIngressDiff } from './security-group-rules';
import { describeChanges } from './service-decision';

/** Who the group admits: the tags' CIDRs, else the VPC's, with its IPv6 blocks where an endpoint is dual-stack. */
export function allowedCidrsOf(desired: DesiredState, vpc: VpcSnapshot['vpc'], endpoints: PlannedEndpoint[]) {
  const dualStack = endpoints.some((e) => e.spec.ipAddressType === 'dualstack' && e.action !== 'adopted');
  return desired.allowedCidrs ?? [...vpc.cidrBlocks, ...(dualStack ? (vpc.ipv6CidrBlocks ?? []) : [])];
}

const isHttps = (ports: number[]) => ports.length === 1 && ports[0] === HTTPS_PORT;
const keyOf = (ports: number[]) => ports.join(',');

/** The endpoints of ours the plan makes or keeps in subnets (adopted and retained ones aside). */
const placedOfOurs = (endpoints: PlannedEndpoint[]) =>
  endpoints.filter((e) => inSubnets(e.spec.type) && !['adopted', 'retained'].includes(e.action));

/**
 * Our endpoints the plan neither places nor deletes (retained, still going): they stay in the groups
 * they are in, which therefore stay too.
 */
function keepers(endpoints: PlannedEndpoint[], managed: EndpointInfo[], deletions: Plan['deletions']) {
  const placed = new Set(placedOfOurs(endpoints).map((e) => e.endpointId));
  return managed.filter(
    (e) =>
      inSubnets(e.type) && !placed.has(e.endpointId) && !deletions.some((d) => d.endpointId === e.endpointId),
  );
}

/**
 * Each endpoint's group admits exactly its ports: the managed group those on 443, a port group each other
 * set of ports (docs/architecture.md, "Endpoint services"). The plan of them all, with the groups no
 * endpoint needs any more to remove.
 */
export function planGroups(
  snapshot: VpcSnapshot,
  stackName: string,
  endpoints: PlannedEndpoint[],
  managed: EndpointInfo[],
  deletions: Plan['deletions'],
  allowedCidrs: string[],
  keptPrefixLists: string[] = [],
): SecurityGroupPlan {
  const stay = keepers(endpoints, managed, deletions);
  const placed = placedOfOurs(endpoints);
  const base = findManagedSecurityGroup(snapshot.securityGroups, snapshot.vpc.vpcId, stackName);
  const existing = findPortGroups(snapshot.securityGroups, snapshot.vpc.vpcId, stackName);
  const inPortGroup = (e: EndpointInfo) => existing.some((x) => e.securityGroupIds.includes(x.group.groupId));
  // Kept endpoints stay where they are: in the managed group, or (none yet) in none of ours.
  const baseNeeded =
    placed.some((e) => isHttps(portsOfSpec(e.spec))) ||
    stay.some((e) => (base ? e.securityGroupIds.includes(base.groupId) : !inPortGroup(e)));
  const wanted = new Map<string, number[]>();
  for (const e of placed) {
    const ports = portsOfSpec(e.spec);
    if (!isHttps(ports)) wanted.set(keyOf(ports), ports);
  }
  const portGroups = [...wanted.values()].map((ports) =>
    planPortGroup(ports, existing.find((x) => keyOf(x.ports) === keyOf(ports))?.group, allowedCidrs),
  );
  const portGroupDeletions = existing
    .filter((x) => !wanted.has(keyOf(x.ports)))
    .filter((x) => !stay.some((e) => e.securityGroupIds.includes(x.group.groupId)))
    .map((x) => ({ groupId: x.group.groupId, ports: x.ports }));
  return {
    ...planSecurityGroup(base, baseNeeded, allowedCidrs, keptPrefixLists),
    ...(portGroups.length ? { portGroups } : {}),
    ...(portGroupDeletions.length ? { portGroupDeletions } : {}),
  };
}

function planPortGroup(
  ports: number[],
  group: SecurityGroupInfo | undefined,
  allowedCidrs: string[],
): PortGroupPlan {
  if (!group) return { action: 'create', ports, allowedCidrs, addCidrs: allowedCidrs, removeRules: [] };
  const { addCidrs, removeRules } = wantedIngressDiff(group, allowedCidrs, ports);
  const action = addCidrs.length || removeRules.length ? 'update' : 'unchanged';
  return { action, ports, groupId: group.groupId, allowedCidrs, addCidrs, removeRules };
}

/** The managed group of endpoints on 443: made, kept as wanted, or removed once none needs it. */
function planSecurityGroup(
  group: SecurityGroupInfo | undefined,
  needed: boolean,
  allowedCidrs: string[],
  keptPrefixLists: string[],
): SecurityGroupPlan {
  if (!needed) {
    return group
      ? { action: 'delete', groupId: group.groupId, allowedCidrs: [], addCidrs: [], removeRules: [] }
      : { action: 'none', allowedCidrs: [], addCidrs: [], removeRules: [] };
  }
  if (!group) return { action: 'create', allowedCidrs, addCidrs: allowedCidrs, removeRules: [] };
  const { addCidrs, removeRules } = wantedIngressDiff(group, allowedCidrs, undefined, keptPrefixLists);
  const action = addCidrs.length || removeRules.length ? 'update' : 'unchanged';
  return { action, groupId: group.groupId, allowedCidrs, addCidrs, removeRules };
}

/** The group an endpoint belongs in, by its ports: its id, when the group exists already. */
export const groupIdFor = (spec: PlannedEndpoint['spec'], plan: SecurityGroupPlan): string | undefined =>
  isHttps(portsOfSpec(spec))
    ? plan.groupId
    : plan.portGroups?.find((g) => keyOf(g.ports) === keyOf(portsOfSpec(spec)))?.groupId;

/** Whether any group of ours is wanted (the managed group, or a port group). */
export const anyGroupWanted = (plan: SecurityGroupPlan) =>
  !['none', 'delete'].includes(plan.action) || (plan.portGroups?.length ?? 0) > 0;

/**
 * Endpoints we manage in subnets use exactly their group (the managed one, or their ports' group): attach
 * it, detach any other. `addManagedSecurityGroup` asks the apply step to attach the group of the
 * endpoint's ports, made (or found) by then.
 */
export function attachManagedGroup(
  endpoints: PlannedEndpoint[],
  snapshot: VpcSnapshot,
  groups: SecurityGroupPlan,
): PlannedEndpoint[] {
  return endpoints.map((p): PlannedEndpoint => {
    if (!inSubnets(p.spec.type) || !p.endpointId || !['modify', 'unchanged'].includes(p.action)) return p;
    const current = snapshot.endpoints.find((e) => e.endpointId === p.endpointId);
    if (!current) return p;
    const groupId = groupIdFor(p.spec, groups);
    const attached = groupId !== undefined && current.securityGroupIds.includes(groupId);
    const others = current.securityGroupIds.filter((id) => id !== groupId);
    if (attached && others.length === 0) return p;
    const changes: EndpointChanges = { ...p.changes };
    if (!attached) changes.addManagedSecurityGroup = true;
    if (others.length) changes.removeSecurityGroupIds = others;
    return { ...p, action: 'modify', changes, reason: describeChanges(changes) };
  });
}
