import { UnsatisfiableRequestError } from '../errors';
import type {
  DesiredState,
  EndpointChanges,
  EndpointInfo,
  EndpointSpec,
  Plan,
  PlannedEndpoint,
  SecurityGroupPlan,
  ServiceOffer,
  VpcSnapshot,
  WantedService,
} from '../model';
import { findManagedSecurityGroup, isManaged } from '../ownership';
import { isSettling } from '../endpoint-states';
import { offeredZones } from '../services';
import { cutoverOf, dnsConflicts, holdPrivateDns, s3DnsOptions } from './dns';
import { withIpAddressType } from './ip-type';
import { azLimit, candidateSubnets, pickSubnets, targetRouteTables } from './placement';
import { policyDocument, samePolicy } from './policy';
import { wantedIngressDiff } from './security-group-rules';

export interface PlanContext {
  stackName: string;
  orgId?: string;
}

/** Endpoint states that will never serve traffic again. */
const DEAD_STATES = new Set(['failed', 'rejected', 'expired', 'deleting', 'deleted']);

/**
 * The planner: a pure function of (desired, actual). Throws before anything is mutated when the VPC
 * cannot satisfy the request; otherwise says, per service, what to create, modify, adopt or leave.
 */
export function planVpc(desired: DesiredState, snapshot: VpcSnapshot, ctx: PlanContext): Plan {
  const { vpc } = snapshot;
  const wantsInterface = desired.services.some((s) => s.type === 'Interface');
  const interfaceNeedsDns = desired.privateDns && wantsInterface;
  if (interfaceNeedsDns && (!vpc.dnsSupport || !vpc.dnsHostnames)) {
    const off = [!vpc.dnsSupport && 'enableDnsSupport', !vpc.dnsHostnames && 'enableDnsHostnames'].filter(
      Boolean,
    );
    throw new UnsatisfiableRequestError(
      `private DNS needs enableDnsSupport and enableDnsHostnames on ${vpc.vpcId}, but ${off.join(' and ')} ` +
        `${off.length > 1 ? 'are' : 'is'} off: turn ${off.length > 1 ? 'them' : 'it'} on ` +
        `(aws ec2 modify-vpc-attribute) or tag privatelink:private-dns=false`,
    );
  }
  const subnets = wantsInterface ? candidateSubnets(desired.subnets, snapshot) : [];
  // Where the VPC's workloads are: the AZ policy places a limited endpoint in the AZs with most subnets.
  const subnetsPerZone = new Map<string, number>();
  for (const s of snapshot.subnets)
    subnetsPerZone.set(s.availabilityZone, (subnetsPerZone.get(s.availabilityZone) ?? 0) + 1);
  const routeTableIds = targetRouteTables(desired, snapshot);
  const cutover = cutoverOf(desired, snapshot);
  const wantedPolicy = policyDocument(desired.policy, { accountId: vpc.ownerId, orgId: ctx.orgId });

  const managed = snapshot.endpoints.filter((e) => isManaged(e.tags, ctx.stackName));
  const deletions: Plan['deletions'] = [];
  const keptManaged = new Set<string>();
  assertOffered(desired, snapshot);
  const endpoints: PlannedEndpoint[] = desired.services.map((service) => {
    const offer = snapshot.offers[service.serviceName] as ServiceOffer;
    const same = (e: EndpointInfo) => e.serviceName === service.serviceName && e.type === service.type;
    const liveManaged = managed.filter((e) => same(e) && !DEAD_STATES.has(e.state));
    const current = liveManaged[0];
    const wanted = buildSpec(service, {
      subnets: pickSubnets(subnets, offeredZones(offer, service.type), current?.subnetIds, {
        limit: azLimit(desired.azs, service.name),
        subnetsPerZone,
      }),
      routeTableIds,
      privateDns: desired.privateDns && offer.privateDnsNames.length > 0,
      policyDocument: offer.policySupported ? wantedPolicy : undefined,
    });
    const { spec, cutover: held } = holdPrivateDns(
      withIpAddressType(
        s3DnsOptions(wanted, desired, snapshot),
        desired.ipAddressType ?? 'auto',
        offer,
        subnets,
      ),
      current,
      cutover,
    );
    const heldDns = held ? { cutover: held } : {};
    if (service.type === 'Interface' && spec.subnetIds.length === 0) {
      throw new UnsatisfiableRequestError(
        `${service.serviceName} is offered in ${offer.availabilityZones.join(', ')}, but none of the candidate ` +
          `subnets (${subnets.map((s) => `${s.subnetId} in ${s.availabilityZone}`).join(', ')}) is in those zones`,
      );
    }
    if (current) {
      keptManaged.add(current.endpointId);
      const changes = diffEndpoint(current, spec);
      return changes
        ? {
            action: 'modify',
            spec,
            endpointId: current.endpointId,
            changes,
            reason: describeChanges(changes),
            ...heldDns,
          }
        : {
            action: 'unchanged',
            spec,
            endpointId: current.endpointId,
            reason: held ? 'private DNS waits for the cut-over' : 'matches the tags',
            ...heldDns,
          };
    }
    const foreign = snapshot.endpoints.find(
      (e) => same(e) && !isManaged(e.tags, ctx.stackName) && !DEAD_STATES.has(e.state),
    );
    if (foreign) {
      return {
        action: 'adopted',
        spec,
        endpointId: foreign.endpointId,
        reason: 'an endpoint not created by this stack already serves it: reported, never modified',
      };
    }
    return { action: 'create', spec, reason: 'no endpoint for this service yet', ...heldDns };
  });
  // Where the AZ policy held an endpoint to fewer AZs than it could have: the plan's cost shows the saving.
  desired.services.forEach((service, i) => {
    const planned = endpoints[i];
    if (!planned || service.type !== 'Interface' || azLimit(desired.azs, service.name) === undefined) return;
    const offer = snapshot.offers[service.serviceName] as ServiceOffer;
    const everyAz = pickSubnets(subnets, offeredZones(offer, service.type)).length;
    if (everyAz > planned.spec.subnetIds.length) planned.availableAzs = everyAz;
  });

  for (const e of managed) {
    if (keptManaged.has(e.endpointId) || e.state === 'deleting' || e.state === 'deleted') continue;
    const stillWanted = desired.services.some((s) => s.serviceName === e.serviceName && s.type === e.type);
    const reason = DEAD_STATES.has(e.state)
      ? `managed endpoint is ${e.state}`
      : stillWanted
        ? 'duplicate managed endpoint'
        : 'service left the tags';
    if (stillWanted || DEAD_STATES.has(e.state) || desired.prune) {
      deletions.push({ endpointId: e.endpointId, service: e.serviceName, type: e.type, reason });
    } else {
      endpoints.push({
        action: 'retained',
        spec: { ...specOf(e), service: e.serviceName },
        endpointId: e.endpointId,
        reason: 'service left the tags, kept because privatelink:prune=false',
      });
    }
  }

  // Dual-stack endpoints take IPv6 clients too: the group admits the VPC's IPv6 blocks unless the tag set its CIDRs.
  const dualStack = endpoints.some((e) => e.spec.ipAddressType === 'dualstack' && e.action !== 'adopted');
  const allowedCidrs = desired.allowedCidrs ?? [
    ...vpc.cidrBlocks,
    ...(dualStack ? (vpc.ipv6CidrBlocks ?? []) : []),
  ];
  const needsGroup =
    endpoints.some((e) => e.spec.type === 'Interface' && e.action !== 'adopted') ||
    managed.some((e) => e.type === 'Interface' && !deletions.some((d) => d.endpointId === e.endpointId));
  const securityGroup = planSecurityGroup(snapshot, ctx.stackName, needsGroup, allowedCidrs);
  const planned = needsGroup ? attachManagedGroup(endpoints, snapshot, securityGroup.groupId) : endpoints;
  // An endpoint of ours still pending or modifying (its run was interrupted) is waited on and verified.
  const settling = planned.some(
    (p) =>
      p.action === 'unchanged' &&
      isSettling(snapshot.endpoints.find((e) => e.endpointId === p.endpointId)?.state),
  );
  const noop =
    !settling &&
    !planned.some((p) => p.cutover) &&
    deletions.length === 0 &&
    planned.every((e) => ['unchanged', 'adopted', 'retained'].includes(e.action)) &&
    (securityGroup.action === 'unchanged' || securityGroup.action === 'none');
  return {
    mode: desired.mode,
    noop,
    securityGroup,
    endpoints: planned,
    deletions,
    targetRouteTableIds: routeTableIds,
    allowedCidrs,
    cutover,
    conflicts: dnsConflicts(planned, snapshot, ctx.stackName),
  };
}

/** Every wanted service the region does not offer as the wanted type, all named in one error. */
function assertOffered(desired: DesiredState, snapshot: VpcSnapshot): void {
  const missing = desired.services.flatMap((service) => {
    const offer = snapshot.offers[service.serviceName];
    if (offer?.types.includes(service.type)) return [];
    const article = service.type === 'Interface' ? 'an' : 'a';
    const offered = offer ? ` (offered as: ${offer.types.join(', ')})` : '';
    return [
      `${service.serviceName} is not offered as ${article} ${service.type.toLowerCase()} endpoint service${offered}`,
    ];
  });
  if (missing.length > 0) throw new UnsatisfiableRequestError(`in ${snapshot.region}: ${missing.join('; ')}`);
}

function buildSpec(
  service: WantedService,
  p: { subnets: string[]; routeTableIds: string[]; privateDns: boolean; policyDocument?: string },
): EndpointSpec {
  const gateway = service.type === 'Gateway';
  return {
    service: service.name,
    serviceName: service.serviceName,
    type: service.type,
    subnetIds: gateway ? [] : p.subnets,
    routeTableIds: gateway ? p.routeTableIds : [],
    privateDns: gateway ? false : p.privateDns,
    policyDocument: p.policyDocument,
  };
}

function specOf(e: EndpointInfo): EndpointSpec {
  return {
    service: e.serviceName,
    serviceName: e.serviceName,
    type: e.type,
    subnetIds: e.subnetIds,
    routeTableIds: e.routeTableIds,
    privateDns: e.privateDnsEnabled,
    policyDocument: e.policyDocument,
  };
}

const minus = (a: string[], b: string[]) => a.filter((x) => !b.includes(x)).sort();

/** What ModifyVpcEndpoint must change on one of our endpoints, or undefined when it already matches. */
export function diffEndpoint(current: EndpointInfo, spec: EndpointSpec): EndpointChanges | undefined {
  const changes: EndpointChanges = {};
  if (spec.type === 'Gateway') {
    const add = minus(spec.routeTableIds, current.routeTableIds);
    const remove = minus(current.routeTableIds, spec.routeTableIds);
    if (add.length) changes.addRouteTableIds = add;
    if (remove.length) changes.removeRouteTableIds = remove;
  } else {
    const add = minus(spec.subnetIds, current.subnetIds);
    const remove = minus(current.subnetIds, spec.subnetIds);
    if (add.length) changes.addSubnetIds = add;
    if (remove.length) changes.removeSubnetIds = remove;
    if (current.privateDnsEnabled !== spec.privateDns) changes.privateDns = spec.privateDns;
    if (Boolean(current.inboundResolverOnly) !== Boolean(spec.inboundResolverOnly))
      changes.inboundResolverOnly = Boolean(spec.inboundResolverOnly);
    if ((current.ipAddressType ?? 'ipv4') !== (spec.ipAddressType ?? 'ipv4'))
      changes.ipAddressType = spec.ipAddressType ?? 'ipv4';
  }
  if (!samePolicy(current.policyDocument, spec.policyDocument)) {
    if (spec.policyDocument === undefined) changes.resetPolicy = true;
    else changes.policyDocument = spec.policyDocument;
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}

/** Interface endpoints we manage use exactly the managed security group: attach it, detach any other. */
function attachManagedGroup(
  endpoints: PlannedEndpoint[],
  snapshot: VpcSnapshot,
  groupId: string | undefined,
): PlannedEndpoint[] {
  return endpoints.map((p): PlannedEndpoint => {
    if (p.spec.type !== 'Interface' || !p.endpointId || !['modify', 'unchanged'].includes(p.action)) return p;
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

function planSecurityGroup(
  snapshot: VpcSnapshot,
  stackName: string,
  needed: boolean,
  allowedCidrs: string[],
): SecurityGroupPlan {
  const group = findManagedSecurityGroup(snapshot.securityGroups, snapshot.vpc.vpcId, stackName);
  if (!needed) {
    return group
      ? { action: 'delete', groupId: group.groupId, allowedCidrs: [], addCidrs: [], removeRules: [] }
      : { action: 'none', allowedCidrs: [], addCidrs: [], removeRules: [] };
  }
  if (!group) return { action: 'create', allowedCidrs, addCidrs: allowedCidrs, removeRules: [] };
  const { addCidrs, removeRules } = wantedIngressDiff(group, allowedCidrs);
  const action = addCidrs.length || removeRules.length ? 'update' : 'unchanged';
  return { action, groupId: group.groupId, allowedCidrs, addCidrs, removeRules };
}

function describeChanges(c: EndpointChanges): string {
  const parts: string[] = [];
  if (c.addSubnetIds) parts.push(`add subnets ${c.addSubnetIds.join(', ')}`);
  if (c.removeSubnetIds) parts.push(`remove subnets ${c.removeSubnetIds.join(', ')}`);
  if (c.addRouteTableIds) parts.push(`add route tables ${c.addRouteTableIds.join(', ')}`);
  if (c.removeRouteTableIds) parts.push(`remove route tables ${c.removeRouteTableIds.join(', ')}`);
  if (c.addManagedSecurityGroup) parts.push('attach the managed security group');
  if (c.removeSecurityGroupIds) parts.push(`detach security groups ${c.removeSecurityGroupIds.join(', ')}`);
  if (c.privateDns !== undefined) parts.push(`private DNS ${c.privateDns ? 'on' : 'off'}`);
  if (c.inboundResolverOnly !== undefined)
    parts.push(
      `private DNS ${c.inboundResolverOnly ? 'only for inbound resolver endpoints' : 'for all resolvers'}`,
    );
  if (c.ipAddressType) parts.push(`IP address type ${c.ipAddressType}`);
  if (c.policyDocument !== undefined) parts.push('set the policy');
  if (c.resetPolicy) parts.push('reset the policy to the AWS default');
  return parts.join('; ');
}
