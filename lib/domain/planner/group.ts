import { inSubnets } from '../services';
import type {
  DesiredState,
  EndpointChanges,
  EndpointInfo,
  Plan,
  PlannedEndpoint,
  SecurityGroupPlan,
  VpcSnapshot,
} from '../model';
import { findManagedSecurityGroup } from '../ownership';
import { HTTPS_PORT, portsOfSpec, wantedIngressDiff } from './security-group-rules';
import { describeChanges } from './service-decision';

/** Who the group admits: the tags' CIDRs, else the VPC's, with its IPv6 blocks where an endpoint is dual-stack. */
export function allowedCidrsOf(desired: DesiredState, vpc: VpcSnapshot['vpc'], endpoints: PlannedEndpoint[]) {
  const dualStack = endpoints.some((e) => e.spec.ipAddressType === 'dualstack' && e.action !== 'adopted');
  return desired.allowedCidrs ?? [...vpc.cidrBlocks, ...(dualStack ? (vpc.ipv6CidrBlocks ?? []) : [])];
}

/** The managed group is needed while an interface endpoint of ours is wanted or stays. */
export const needsGroup = (
  endpoints: PlannedEndpoint[],
  managed: EndpointInfo[],
  deletions: Plan['deletions'],
) =>
  endpoints.some((e) => inSubnets(e.spec.type) && e.action !== 'adopted') ||
  managed.some((e) => inSubnets(e.type) && !deletions.some((d) => d.endpointId === e.endpointId));

/** The TCP ports the group admits: every port of the interface endpoints of ours it serves. */
export const groupPorts = (endpoints: PlannedEndpoint[]): number[] => {
  const ours = endpoints.filter((e) => inSubnets(e.spec.type) && e.action !== 'adopted');
  return [...new Set(ours.flatMap((e) => portsOfSpec(e.spec)))].sort((a, b) => a - b);
};

export function planSecurityGroup(
  snapshot: VpcSnapshot,
  stackName: string,
  needed: boolean,
  allowedCidrs: string[],
  wantedPorts: number[] = [HTTPS_PORT],
): SecurityGroupPlan {
  // Only endpoints of AWS's own services (HTTPS): the plan stays as plans were before ports were planned.
  const https = wantedPorts.length === 0 || (wantedPorts.length === 1 && wantedPorts[0] === HTTPS_PORT);
  const ports = https ? {} : { ports: wantedPorts };
  const admitted = https ? [HTTPS_PORT] : wantedPorts;
  const group = findManagedSecurityGroup(snapshot.securityGroups, snapshot.vpc.vpcId, stackName);
  if (!needed) {
    return group
      ? { action: 'delete', groupId: group.groupId, allowedCidrs: [], addCidrs: [], removeRules: [] }
      : { action: 'none', allowedCidrs: [], addCidrs: [], removeRules: [] };
  }
  if (!group) return { action: 'create', allowedCidrs, ...ports, addCidrs: allowedCidrs, removeRules: [] };
  const { addCidrs, removeRules } = wantedIngressDiff(group, allowedCidrs, admitted);
  const action = addCidrs.length || removeRules.length ? 'update' : 'unchanged';
  return { action, groupId: group.groupId, allowedCidrs, ...ports, addCidrs, removeRules };
}

/** Interface endpoints we manage use exactly the managed security group: attach it, detach any other. */
export function attachManagedGroup(
  endpoints: PlannedEndpoint[],
  snapshot: VpcSnapshot,
  groupId: string | undefined,
): PlannedEndpoint[] {
  return endpoints.map((p): PlannedEndpoint => {
    if (!inSubnets(p.spec.type) || !p.endpointId || !['modify', 'unchanged'].includes(p.action)) return p;
    const current = snapshot.endpoints.find((e) => e.endpointId === p.endpointId);
    if (!current) return p;
    const attached = groupId !== undefined && current.securityGroupIds.includes(groupId);
    const others = current.securityGroupIds.filter((id) => id !== groupId);
    if (attached && others.length === 0) return p;
    const changes: EndpointChanges = { ...p.changes };
    if (!attached) changes.addManagedSecurityGroup = true;
    if (others.length) changes.removeSecurityGroupIds = others;
    return { ...p, action: 'modify', changes, reason: describeChanges(changes) };
  });
}
