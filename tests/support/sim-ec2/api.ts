import * as ec2 from '@aws-sdk/client-ec2';
import { EC2Client, type Filter, type Tag, type TagSpecification } from '@aws-sdk/client-ec2';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { SimEc2, ec2Error } from './simulator';
import type { SimEndpoint, SimRule, Tags } from './state';

/** Wires a SimEc2 behind every EC2Client, through aws-sdk-client-mock: the product's code runs unchanged. */

type Handler = (sim: SimEc2, input: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

const tagsOf = (specs: TagSpecification[] | undefined, type: string): Tags =>
  Object.fromEntries(
    (specs ?? [])
      .filter((s) => s.ResourceType === type)
      .flatMap((s) => (s.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
  );
const toTagList = (tags: Tags): Tag[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** Describe* filters: each filter must match (AND); any of its values may (OR). Tag filters: `tag:Key`. */
function matches(
  filters: Filter[] | undefined,
  fields: Record<string, string | string[] | undefined>,
  tags: Tags,
): boolean {
  return (filters ?? []).every((f) => {
    const name = f.Name ?? '';
    const actual =
      name === 'tag-key' ? Object.keys(tags) : name.startsWith('tag:') ? tags[name.slice(4)] : fields[name];
    const values = Array.isArray(actual) ? actual : actual === undefined ? [] : [actual];
    if (!(name in fields) && !name.startsWith('tag:') && name !== 'tag-key')
      throw ec2Error('InvalidParameterValue', `The filter '${name}' is invalid`);
    return values.some((v) => (f.Values ?? []).includes(v));
  });
}

/** Pages results like EC2: NextToken is an opaque offset; an unknown token is an error. */
function page<T>(sim: SimEc2, items: T[], nextToken: string | undefined, maxResults?: number) {
  const size = maxResults ?? sim.options.pageSize;
  const start = nextToken ? Number(Buffer.from(nextToken, 'base64').toString()) : 0;
  if (Number.isNaN(start)) throw ec2Error('InvalidPaginationToken', `Invalid token ${nextToken}`);
  const end = start + size;
  return {
    items: items.slice(start, end),
    NextToken: end < items.length ? Buffer.from(String(end)).toString('base64') : undefined,
  };
}

/** A collection's candidates for a Describe call: through the VPC index when asked to and filtered by vpc-id. */
function candidates<T extends { vpcId: string }>(
  sim: SimEc2,
  name: string,
  collection: Map<string, T>,
  filters?: Filter[],
): T[] {
  const vpcFilter = filters?.find((f) => f.Name === 'vpc-id');
  if (sim.options.indexByVpc && vpcFilter?.Values) return sim.inVpcs(name, collection, vpcFilter.Values);
  return [...collection.values()];
}

const PASCAL: Record<string, string> = {
  pending: 'Pending',
  available: 'Available',
  deleting: 'Deleting',
  deleted: 'Deleted',
  failed: 'Failed',
};

function endpointView(sim: SimEc2, e: SimEndpoint): ec2.VpcEndpoint {
  const offer = sim.offers.get(e.serviceName);
  const isInterface = e.type === 'Interface';
  return {
    VpcEndpointId: e.endpointId,
    VpcEndpointType: e.type,
    VpcId: e.vpcId,
    ServiceName: e.serviceName,
    // The SDK answers PascalCase states, as EC2 does for endpoints.
    State: PASCAL[e.state] as ec2.State,
    PolicyDocument: e.policy,
    RouteTableIds: [...e.routeTableIds],
    SubnetIds: [...e.subnetIds],
    Groups: e.groupIds.map((GroupId) => ({ GroupId, GroupName: sim.securityGroups.get(GroupId)?.groupName })),
    PrivateDnsEnabled: e.privateDns,
    NetworkInterfaceIds: [...e.networkInterfaceIds],
    DnsEntries:
      isInterface && e.state === 'available'
        ? [
            {
              DnsName: `${e.endpointId}.${e.serviceName.split('.').slice(3).join('.')}.${sim.region}.vpce.amazonaws.com`,
            },
            ...(e.privateDns && offer?.privateDnsName ? [{ DnsName: offer.privateDnsName }] : []),
          ]
        : [],
    CreationTimestamp: new Date(e.createdAt),
    Tags: toTagList(e.tags),
    OwnerId: sim.accountId,
    LastError:
      e.state === 'failed'
        ? { Code: 'InternalError', Message: 'The endpoint could not be created (simulated failure)' }
        : undefined,
  };
}

const FULL_ACCESS_POLICY = JSON.stringify({
  Version: '2008-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
});

const handlers: Record<string, Handler> = {
  DescribeVpcs(sim, input: ec2.DescribeVpcsRequest) {
    const ids = input.VpcIds ?? [];
    const missing = ids.find((id) => !sim.vpcs.has(id));
    if (missing) throw ec2Error('InvalidVpcID.NotFound', `The vpc ID '${missing}' does not exist`);
    const vpcs = [...sim.vpcs.values()].filter(
      (v) =>
        (ids.length === 0 || ids.includes(v.vpcId)) &&
        matches(input.Filters, { 'vpc-id': v.vpcId, 'owner-id': v.ownerId }, v.tags),
    );
    const { items, NextToken } = page(sim, vpcs, input.NextToken, input.MaxResults);
    return {
      Vpcs: items.map((v) => ({
        VpcId: v.vpcId,
        OwnerId: v.ownerId,
        CidrBlock: v.cidrBlocks[0],
        CidrBlockAssociationSet: v.cidrBlocks.map((CidrBlock) => ({
          CidrBlock,
          CidrBlockState: { State: 'associated' },
        })),
        State: 'available',
        Tags: toTagList(v.tags),
      })),
      NextToken,
    };
  },
  DescribeVpcAttribute(sim, input: ec2.DescribeVpcAttributeRequest) {
    const vpc = sim.vpcs.get(input.VpcId ?? '');
    if (!vpc) throw ec2Error('InvalidVpcID.NotFound', `The vpc ID '${input.VpcId}' does not exist`);
    if (input.Attribute === 'enableDnsSupport')
      return { VpcId: vpc.vpcId, EnableDnsSupport: { Value: vpc.dnsSupport } };
    if (input.Attribute === 'enableDnsHostnames')
      return { VpcId: vpc.vpcId, EnableDnsHostnames: { Value: vpc.dnsHostnames } };
    throw ec2Error('InvalidParameterValue', `Unsupported attribute ${input.Attribute}`);
  },
  DescribeSubnets(sim, input: ec2.DescribeSubnetsRequest) {
    const all = candidates(sim, 'subnets', sim.subnets, input.Filters).filter((s) =>
      matches(
        input.Filters,
        { 'vpc-id': s.vpcId, 'subnet-id': s.subnetId, 'availability-zone': s.availabilityZone },
        s.tags,
      ),
    );
    const { items, NextToken } = page(sim, all, input.NextToken, input.MaxResults);
    return {
      Subnets: items.map((s) => ({
        SubnetId: s.subnetId,
        VpcId: s.vpcId,
        AvailabilityZone: s.availabilityZone,
        CidrBlock: s.cidrBlock,
        AvailableIpAddressCount: s.availableIpCount,
        Tags: toTagList(s.tags),
      })),
      NextToken,
    };
  },
  DescribeRouteTables(sim, input: ec2.DescribeRouteTablesRequest) {
    const all = candidates(sim, 'routeTables', sim.routeTables, input.Filters).filter((rt) =>
      matches(input.Filters, { 'vpc-id': rt.vpcId, 'route-table-id': rt.routeTableId }, rt.tags),
    );
    const { items, NextToken } = page(sim, all, input.NextToken, input.MaxResults);
    return {
      RouteTables: items.map((rt) => ({
        RouteTableId: rt.routeTableId,
        VpcId: rt.vpcId,
        Associations: [
          ...(rt.main ? [{ Main: true, RouteTableId: rt.routeTableId }] : []),
          ...rt.subnetIds.map((SubnetId) => ({ Main: false, SubnetId, RouteTableId: rt.routeTableId })),
        ],
        Routes: rt.routes.map((r) => ({ ...r })),
        Tags: toTagList(rt.tags),
      })),
      NextToken,
    };
  },
  DescribeVpcEndpoints(sim, input: ec2.DescribeVpcEndpointsRequest) {
    sim.settle();
    const ids = input.VpcEndpointIds ?? [];
    const all = candidates(sim, 'endpoints', sim.endpoints, input.Filters).filter(
      (e) =>
        (ids.length === 0 || ids.includes(e.endpointId)) &&
        matches(
          input.Filters,
          {
            'vpc-id': e.vpcId,
            'vpc-endpoint-id': e.endpointId,
            'service-name': e.serviceName,
            'vpc-endpoint-type': e.type.toLowerCase(),
            // Filters take lower-case states.
            'vpc-endpoint-state': e.state,
          },
          e.tags,
        ),
    );
    const { items, NextToken } = page(sim, all, input.NextToken, input.MaxResults);
    return { VpcEndpoints: items.map((e) => endpointView(sim, e)), NextToken };
  },
  DescribeSecurityGroups(sim, input: ec2.DescribeSecurityGroupsRequest) {
    const all = candidates(sim, 'securityGroups', sim.securityGroups, input.Filters).filter((g) =>
      matches(input.Filters, { 'vpc-id': g.vpcId, 'group-id': g.groupId, 'group-name': g.groupName }, g.tags),
    );
    const { items, NextToken } = page(sim, all, input.NextToken, input.MaxResults);
    const perms = (rules: SimRule[]) =>
      rules.map((r) => ({
        IpProtocol: r.IpProtocol,
        FromPort: r.FromPort,
        ToPort: r.ToPort,
        IpRanges: r.CidrIp ? [{ CidrIp: r.CidrIp }] : [],
        PrefixListIds: r.PrefixListId ? [{ PrefixListId: r.PrefixListId }] : [],
      }));
    return {
      SecurityGroups: items.map((g) => ({
        GroupId: g.groupId,
        GroupName: g.groupName,
        VpcId: g.vpcId,
        Description: g.description,
        IpPermissions: perms(g.ingress),
        IpPermissionsEgress: perms(g.egress),
        Tags: toTagList(g.tags),
      })),
      NextToken,
    };
  },
  DescribeNetworkAcls(sim, input: ec2.DescribeNetworkAclsRequest) {
    // Every VPC has its default network ACL, allowing all traffic both ways (rule 100), denying the rest.
    const acls = [...sim.vpcs.values()]
      .filter((v) => matches(input.Filters, { 'vpc-id': v.vpcId }, {}))
      .map((v) => ({
        NetworkAclId: `acl-${v.vpcId.slice(4)}`,
        VpcId: v.vpcId,
        IsDefault: true,
        Associations: [...sim.subnets.values()]
          .filter((s) => s.vpcId === v.vpcId)
          .map((s) => ({ SubnetId: s.subnetId })),
        Entries: [false, true].flatMap((Egress) => [
          { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow' as const, Egress, CidrBlock: '0.0.0.0/0' },
          { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny' as const, Egress, CidrBlock: '0.0.0.0/0' },
        ]),
      }));
    const { items, NextToken } = page(sim, acls, input.NextToken, input.MaxResults);
    return { NetworkAcls: items, NextToken };
  },
  DescribeManagedPrefixLists(sim, input: ec2.DescribeManagedPrefixListsRequest) {
    const all = [...sim.prefixLists.entries()]
      .filter(([name, id]) => matches(input.Filters, { 'prefix-list-name': name, 'prefix-list-id': id }, {}))
      .map(([PrefixListName, PrefixListId]) => ({
        PrefixListName,
        PrefixListId,
        OwnerId: 'AWS',
        AddressFamily: 'IPv4',
      }));
    const { items, NextToken } = page(sim, all, input.NextToken, input.MaxResults);
    return { PrefixLists: items, NextToken };
  },
  DescribeVpcEndpointServices(sim, input: ec2.DescribeVpcEndpointServicesRequest) {
    // S3 and DynamoDB are listed once per endpoint type, as AWS does.
    const details = [...sim.offers.values()]
      .flatMap((o) => o.types.map((t) => ({ o, t })))
      .filter(({ o }) => matches(input.Filters, { 'service-name': o.serviceName }, {}))
      .map(({ o, t }) => ({
        ServiceName: o.serviceName,
        ServiceType: [{ ServiceType: t }],
        AvailabilityZones: o.availabilityZones,
        PrivateDnsName: t === 'Interface' ? o.privateDnsName : undefined,
        PrivateDnsNames: t === 'Interface' && o.privateDnsName ? [{ PrivateDnsName: o.privateDnsName }] : [],
        VpcEndpointPolicySupported: o.policySupported,
        Owner: 'amazon',
      }));
    const { items, NextToken } = page(sim, details, input.NextToken, input.MaxResults);
    return { ServiceDetails: items, ServiceNames: items.map((d) => d.ServiceName), NextToken };
  },
  CreateVpcEndpoint(sim, input: ec2.CreateVpcEndpointRequest) {
    sim.settle();
    const params = JSON.stringify({ ...input, ClientToken: undefined });
    const existingId = sim.rememberToken(input.ClientToken, params);
    if (existingId) {
      const existing = sim.endpoints.get(existingId);
      if (existing) return { VpcEndpoint: endpointView(sim, existing), ClientToken: input.ClientToken };
    }
    const vpc = sim.vpcs.get(input.VpcId ?? '');
    if (!vpc) throw ec2Error('InvalidVpcID.NotFound', `The vpc ID '${input.VpcId}' does not exist`);
    const offer = sim.offers.get(input.ServiceName ?? '');
    const type = (input.VpcEndpointType ?? 'Gateway') as 'Gateway' | 'Interface';
    if (!offer || !offer.types.includes(type))
      throw ec2Error('InvalidServiceName', `The Vpc Endpoint Service '${input.ServiceName}' does not exist`);
    const endpointId = sim.id('vpce');
    const subnetIds = input.SubnetIds ?? [];
    const privateDns = type === 'Interface' && (input.PrivateDnsEnabled ?? true);
    if (type === 'Interface') {
      sim.checkOneSubnetPerZone(subnetIds);
      const outside = subnetIds.find(
        (id) => !offer.availabilityZones.includes(sim.subnets.get(id)?.availabilityZone ?? ''),
      );
      if (outside)
        throw ec2Error(
          'InvalidParameter',
          `The VPC endpoint service ${offer.serviceName} does not support the availability zone of the subnet: ${outside}`,
        );
      if (privateDns) sim.checkPrivateDns(vpc, offer.serviceName);
    }
    for (const g of input.SecurityGroupIds ?? []) {
      if (!sim.securityGroups.has(g))
        throw ec2Error('InvalidGroup.NotFound', `The security group '${g}' does not exist`);
    }
    const doomed = sim.failingServices.has(offer.serviceName);
    const defaultGroup = [...sim.securityGroups.values()].find(
      (g) => g.vpcId === vpc.vpcId && g.groupName === 'default',
    );
    const endpoint: SimEndpoint = {
      endpointId,
      vpcId: vpc.vpcId,
      serviceName: offer.serviceName,
      type,
      state: 'pending',
      settlesAt: sim.clock.now() + (doomed ? sim.options.failingMs : sim.options.pendingMs[type]),
      settlesTo: doomed ? 'failed' : 'available',
      subnetIds,
      routeTableIds: type === 'Gateway' ? (input.RouteTableIds ?? []) : [],
      // Without SecurityGroupIds an interface endpoint gets the VPC's default group.
      groupIds:
        type === 'Interface'
          ? input.SecurityGroupIds?.length
            ? input.SecurityGroupIds
            : defaultGroup
              ? [defaultGroup.groupId]
              : []
          : [],
      privateDns,
      policy: input.PolicyDocument ?? FULL_ACCESS_POLICY,
      networkInterfaceIds: type === 'Interface' ? subnetIds.map(() => sim.id('eni')) : [],
      tags: tagsOf(input.TagSpecifications, 'vpc-endpoint'),
      createdAt: sim.clock.now(),
    };
    if (type === 'Gateway') sim.addRoutes(endpoint, endpoint.routeTableIds);
    sim.endpoints.set(endpointId, endpoint);
    sim.recordToken(input.ClientToken, params, endpointId);
    return { VpcEndpoint: endpointView(sim, endpoint), ClientToken: input.ClientToken };
  },
  ModifyVpcEndpoint(sim, input: ec2.ModifyVpcEndpointRequest) {
    sim.settle();
    const e = sim.endpoints.get(input.VpcEndpointId ?? '');
    if (!e || e.state === 'deleting')
      throw ec2Error(
        'InvalidVpcEndpointId.NotFound',
        `The Vpc Endpoint Id '${input.VpcEndpointId}' does not exist`,
      );
    const subnets = [
      ...e.subnetIds.filter((s) => !(input.RemoveSubnetIds ?? []).includes(s)),
      ...(input.AddSubnetIds ?? []),
    ];
    if (e.type === 'Interface') sim.checkOneSubnetPerZone(subnets);
    const vpc = sim.vpcs.get(e.vpcId);
    if (input.PrivateDnsEnabled === true && !e.privateDns && vpc)
      sim.checkPrivateDns(vpc, e.serviceName, e.endpointId);
    if (input.AddRouteTableIds?.length) sim.addRoutes(e, input.AddRouteTableIds);
    if (input.RemoveRouteTableIds?.length) sim.removeRoutes(e, input.RemoveRouteTableIds);
    e.routeTableIds = [
      ...e.routeTableIds.filter((r) => !(input.RemoveRouteTableIds ?? []).includes(r)),
      ...(input.AddRouteTableIds ?? []),
    ];
    const removedEnis = e.subnetIds.filter((s) => (input.RemoveSubnetIds ?? []).includes(s)).length;
    e.networkInterfaceIds = [
      ...e.networkInterfaceIds.slice(removedEnis),
      ...(input.AddSubnetIds ?? []).map(() => sim.id('eni')),
    ];
    e.subnetIds = subnets;
    e.groupIds = [
      ...e.groupIds.filter((g) => !(input.RemoveSecurityGroupIds ?? []).includes(g)),
      ...(input.AddSecurityGroupIds ?? []),
    ];
    if (input.PrivateDnsEnabled !== undefined) e.privateDns = input.PrivateDnsEnabled;
    if (input.ResetPolicy) e.policy = FULL_ACCESS_POLICY;
    if (input.PolicyDocument) e.policy = input.PolicyDocument;
    return { Return: true };
  },
  DeleteVpcEndpoints(sim, input: ec2.DeleteVpcEndpointsRequest) {
    sim.settle();
    const Unsuccessful: ec2.UnsuccessfulItem[] = [];
    for (const id of input.VpcEndpointIds ?? []) {
      const e = sim.endpoints.get(id);
      if (!e) {
        Unsuccessful.push({
          ResourceId: id,
          Error: { Code: 'InvalidVpcEndpoint.NotFound', Message: `The VPC endpoint ${id} does not exist` },
        });
        continue;
      }
      sim.removeRoutes(e, e.routeTableIds);
      e.state = 'deleting';
      e.settlesAt = sim.clock.now() + sim.options.deletingMs;
    }
    return { Unsuccessful };
  },
  DescribeNetworkInterfaces(sim, input: ec2.DescribeNetworkInterfacesRequest) {
    // Interface endpoints' network interfaces: one per subnet, a private address inside it.
    const interfaces = [...sim.endpoints.values()].flatMap((e) =>
      e.networkInterfaceIds.map((id, i) => {
        const subnet = sim.subnets.get(e.subnetIds[i] ?? '');
        const [a, b, c] = (subnet?.cidrBlock ?? '10.0.0.0/24').split('.');
        return {
          NetworkInterfaceId: id,
          SubnetId: subnet?.subnetId,
          VpcId: e.vpcId,
          PrivateIpAddress: `${a}.${b}.${c}.${10 + i}`,
          InterfaceType: 'vpc_endpoint',
        };
      }),
    );
    const ids = input.NetworkInterfaceIds ?? [];
    const missing = ids.find((id) => !interfaces.some((n) => n.NetworkInterfaceId === id));
    if (missing)
      throw ec2Error(
        'InvalidNetworkInterfaceID.NotFound',
        `The networkInterface ID '${missing}' does not exist`,
      );
    return {
      NetworkInterfaces: interfaces.filter((n) => ids.length === 0 || ids.includes(n.NetworkInterfaceId)),
    };
  },
  AuthorizeSecurityGroupEgress(sim, input: ec2.AuthorizeSecurityGroupEgressRequest) {
    const g = sim.securityGroups.get(input.GroupId ?? '');
    if (!g) throw ec2Error('InvalidGroup.NotFound', `The security group '${input.GroupId}' does not exist`);
    const rules = flattenPermissions(input.IpPermissions);
    if (rules.some((r) => g.egress.some((x) => sim.sameRule(x, r))))
      throw ec2Error('InvalidPermission.Duplicate', 'the specified rule already exists');
    g.egress.push(...rules);
    return { Return: true };
  },
  RevokeSecurityGroupEgress(sim, input: ec2.RevokeSecurityGroupEgressRequest) {
    const g = sim.securityGroups.get(input.GroupId ?? '');
    if (!g) throw ec2Error('InvalidGroup.NotFound', `The security group '${input.GroupId}' does not exist`);
    const rules = flattenPermissions(input.IpPermissions);
    g.egress = g.egress.filter((x) => !rules.some((r) => sim.sameRule(x, r)));
    return { Return: true };
  },
  CreateSecurityGroup(sim, input: ec2.CreateSecurityGroupRequest) {
    const vpcId = input.VpcId ?? '';
    if (!sim.vpcs.has(vpcId)) throw ec2Error('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
    if ([...sim.securityGroups.values()].some((g) => g.vpcId === vpcId && g.groupName === input.GroupName)) {
      throw ec2Error(
        'InvalidGroup.Duplicate',
        `The security group '${input.GroupName}' already exists for VPC '${vpcId}'`,
      );
    }
    const groupId = sim.id('sg');
    sim.securityGroups.set(groupId, {
      groupId,
      groupName: input.GroupName ?? '',
      vpcId,
      description: input.Description ?? '',
      ingress: [],
      // A new group allows all outbound traffic.
      egress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }],
      tags: tagsOf(input.TagSpecifications, 'security-group'),
    });
    return { GroupId: groupId };
  },
  AuthorizeSecurityGroupIngress(sim, input: ec2.AuthorizeSecurityGroupIngressRequest) {
    const g = sim.securityGroups.get(input.GroupId ?? '');
    if (!g) throw ec2Error('InvalidGroup.NotFound', `The security group '${input.GroupId}' does not exist`);
    const rules = flattenPermissions(input.IpPermissions);
    // Any duplicate fails the whole call and adds nothing.
    const dup = rules.find((r) => g.ingress.some((x) => sim.sameRule(x, r)));
    if (dup)
      throw ec2Error(
        'InvalidPermission.Duplicate',
        `the specified rule "peer: ${dup.CidrIp}, TCP, from port: ${dup.FromPort}, to port: ${dup.ToPort}, ALLOW" already exists`,
      );
    g.ingress.push(...rules);
    return { Return: true };
  },
  RevokeSecurityGroupIngress(sim, input: ec2.RevokeSecurityGroupIngressRequest) {
    const g = sim.securityGroups.get(input.GroupId ?? '');
    if (!g) throw ec2Error('InvalidGroup.NotFound', `The security group '${input.GroupId}' does not exist`);
    const rules = flattenPermissions(input.IpPermissions);
    const missing = rules.find((r) => !g.ingress.some((x) => sim.sameRule(x, r)));
    if (missing)
      throw ec2Error(
        'InvalidPermission.NotFound',
        'The specified rule does not exist in this security group.',
      );
    g.ingress = g.ingress.filter((x) => !rules.some((r) => sim.sameRule(x, r)));
    return { Return: true };
  },
  DeleteSecurityGroup(sim, input: ec2.DeleteSecurityGroupRequest) {
    sim.settle();
    const g = sim.securityGroups.get(input.GroupId ?? '');
    if (!g) throw ec2Error('InvalidGroup.NotFound', `The security group '${input.GroupId}' does not exist`);
    // A group still attached to a network interface cannot be deleted.
    if (sim.groupUsers(g.groupId).length > 0)
      throw ec2Error('DependencyViolation', `resource ${g.groupId} has a dependent object`);
    sim.securityGroups.delete(g.groupId);
    return {};
  },
};

function flattenPermissions(perms: ec2.IpPermission[] | undefined): SimRule[] {
  return (perms ?? []).flatMap((p) => {
    const base = { IpProtocol: p.IpProtocol ?? '-1', FromPort: p.FromPort, ToPort: p.ToPort };
    return [
      ...(p.IpRanges ?? []).map((r) => ({ ...base, CidrIp: r.CidrIp })),
      ...(p.PrefixListIds ?? []).map((pl) => ({ ...base, PrefixListId: pl.PrefixListId })),
    ];
  });
}

export type Ec2Mock = AwsClientStub<EC2Client>;

/** Routes every supported command to the simulator; anything else fails loudly so gaps are visible. */
export function installSimEc2(sim: SimEc2, mock: Ec2Mock = mockClient(EC2Client)): Ec2Mock {
  mock.reset();
  mock.callsFake((input: object) => {
    throw new Error(
      `the simulated EC2 does not implement this command: ${JSON.stringify(input).slice(0, 200)}`,
    );
  });
  for (const [name, handler] of Object.entries(handlers)) {
    const command = (ec2 as unknown as Record<string, new (input: object) => ec2.DescribeVpcsCommand>)[
      `${name}Command`
    ];
    if (!command) throw new Error(`no SDK command ${name}Command`);
    mock.on(command).callsFake(async (input: object) => {
      sim.admit(name);
      return structuredClone(handler(sim, input));
    });
  }
  return mock;
}

export { SimEc2 };
