import type * as ec2 from '@aws-sdk/client-ec2';
import { ec2Error, type SimEc2 } from './simulator';
import type { SimEndpoint, SimServiceOffer } from './state';
import { candidates, matches, page, tagsOf, toTagList, type Handler } from './wire';

/** The simulated EC2: VPC endpoints and the region's endpoint services. */

const PASCAL: Record<string, string> = {
  pendingAcceptance: 'PendingAcceptance',
  rejected: 'Rejected',
  pending: 'Pending',
  available: 'Available',
  deleting: 'Deleting',
  deleted: 'Deleted',
  failed: 'Failed',
};

function endpointView(sim: SimEc2, e: SimEndpoint): ec2.VpcEndpoint {
  const offer = sim.offers.get(e.serviceName);
  const isInterface = e.type === 'Interface';
  const isResource = e.type === 'Resource';
  return {
    VpcEndpointId: e.endpointId,
    VpcEndpointType: e.type,
    VpcId: e.vpcId,
    // A resource endpoint has no service: it names its resource configuration.
    ...(isResource ? { ResourceConfigurationArn: e.serviceName } : { ServiceName: e.serviceName }),
    // The SDK answers PascalCase states, as EC2 does for endpoints.
    State: PASCAL[e.state] as ec2.State,
    PolicyDocument: e.policy,
    RouteTableIds: [...e.routeTableIds],
    SubnetIds: [...e.subnetIds],
    Groups: e.groupIds.map((GroupId) => ({ GroupId, GroupName: sim.securityGroups.get(GroupId)?.groupName })),
    PrivateDnsEnabled: e.privateDns,
    IpAddressType: isInterface ? (e.ipAddressType ?? 'ipv4') : undefined,
    DnsOptions: isInterface
      ? {
          DnsRecordIpType: e.ipAddressType ?? 'ipv4',
          PrivateDnsOnlyForInboundResolverEndpoint: e.inboundResolverOnly ?? false,
        }
      : undefined,
    NetworkInterfaceIds: [...e.networkInterfaceIds],
    DnsEntries:
      isResource && e.state === 'available'
        ? [
            {
              DnsName: `${e.endpointId}.${e.serviceName.split('/').pop()}.vpc-lattice-rsc.${sim.region}.on.aws`,
            },
          ]
        : isInterface && e.state === 'available'
          ? [
              {
                // vpce-….ssm.us-east-1.vpce.amazonaws.com; an endpoint service's: vpce-….vpce-svc-….us-east-1.vpce.amazonaws.com
                DnsName: `${e.endpointId}.${offer?.owner ? e.serviceName.split('.').slice(-1)[0] : e.serviceName.split('.').slice(3).join('.')}.${sim.region}.vpce.amazonaws.com`,
                HostedZoneId: vpceZoneId(sim.region),
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

export const endpointHandlers: Record<string, Handler> = {
  DescribeVpcEndpoints(sim, input: ec2.DescribeVpcEndpointsRequest) {
    sim.settle();
    const ids = input.VpcEndpointIds ?? [];
    const late = ids.find((id) => {
      const e = sim.endpoints.get(id);
      return e && !sim.visible(e);
    });
    if (late) throw ec2Error('InvalidVpcEndpointId.NotFound', `The Vpc Endpoint Id '${late}' does not exist`);
    const all = candidates(sim, 'endpoints', sim.endpoints, input.Filters).filter(
      (e) =>
        sim.visible(e) &&
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
  DescribeVpcEndpointServices(sim, input: ec2.DescribeVpcEndpointServicesRequest) {
    // S3 and DynamoDB are listed once per endpoint type, as AWS does.
    // With ServiceRegions, the services of those regions offered cross-region to this one; else this region's.
    const regions = input.ServiceRegions ?? [];
    const listed = (o: SimServiceOffer) =>
      regions.length === 0
        ? o.serviceRegion === undefined
        : o.serviceRegion !== undefined && regions.includes(o.serviceRegion) && o.crossRegion === true;
    const details = [...sim.offers.values()]
      .filter(listed)
      .flatMap((o) => o.types.map((t) => ({ o, t })))
      .filter(({ o }) => matches(input.Filters, { 'service-name': o.serviceName }, {}))
      .map(({ o, t }) => ({
        ServiceName: o.serviceName,
        ServiceType: [{ ServiceType: t }],
        AvailabilityZones: o.availabilityZones,
        PrivateDnsName: t === 'Interface' ? o.privateDnsName : undefined,
        PrivateDnsNames: t === 'Interface' && o.privateDnsName ? [{ PrivateDnsName: o.privateDnsName }] : [],
        VpcEndpointPolicySupported: o.policySupported,
        SupportedIpAddressTypes: t === 'Interface' ? (o.ipAddressTypes ?? ['ipv4']) : ['ipv4'],
        Owner: o.owner ?? 'amazon',
        ServiceRegion: o.serviceRegion ?? sim.region,
        AcceptanceRequired: o.acceptanceRequired ?? false,
        PrivateDnsNameVerificationState:
          t === 'Interface' ? (o.privateDnsVerification ?? 'verified') : undefined,
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
    if (input.VpcEndpointType === 'Resource') return createResourceEndpoint(sim, input, params);
    const offer = sim.offers.get(input.ServiceName ?? '');
    const type = (input.VpcEndpointType ?? 'Gateway') as 'Gateway' | 'Interface';
    // A service of another region exists here only with its ServiceRegion, and only if offered cross-region.
    const reachable =
      offer &&
      (offer.serviceRegion === undefined
        ? input.ServiceRegion === undefined || input.ServiceRegion === sim.region
        : input.ServiceRegion === offer.serviceRegion && offer.crossRegion === true);
    if (!offer || !reachable || !offer.types.includes(type))
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
      sim.checkAddressing(vpc, offer, subnetIds, input.IpAddressType);
      if (privateDns) sim.checkPrivateDns(vpc, offer.serviceName);
    }
    const inboundResolverOnly = sim.inboundResolverOnly(
      vpc,
      offer,
      type,
      privateDns,
      input.DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint,
    );
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
      // An endpoint service whose owner accepts each endpoint: it waits for them (simulator.acceptEndpoint).
      state: offer.acceptanceRequired ? 'pendingAcceptance' : 'pending',
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
      ipAddressType: (input.IpAddressType as SimEndpoint['ipAddressType']) ?? 'ipv4',
      inboundResolverOnly,
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
    if (e.state === 'pending' && sim.options.refuseModifyWhilePending)
      throw ec2Error(
        'IncorrectState',
        `The Vpc Endpoint '${e.endpointId}' is pending and cannot be modified`,
      );
    const subnets = [
      ...e.subnetIds.filter((s) => !(input.RemoveSubnetIds ?? []).includes(s)),
      ...(input.AddSubnetIds ?? []),
    ];
    if (e.type !== 'Gateway') sim.checkOneSubnetPerZone(subnets);
    const vpc = sim.vpcs.get(e.vpcId);
    if (input.PrivateDnsEnabled === true && !e.privateDns && vpc)
      sim.checkPrivateDns(vpc, e.serviceName, e.endpointId);
    const offer = sim.offers.get(e.serviceName);
    if (input.IpAddressType && vpc && offer) sim.checkAddressing(vpc, offer, subnets, input.IpAddressType);
    const privateDnsAfter = input.PrivateDnsEnabled ?? e.privateDns;
    if (vpc && offer && e.type !== 'Resource' && (input.DnsOptions || input.PrivateDnsEnabled !== undefined))
      e.inboundResolverOnly = sim.inboundResolverOnly(
        vpc,
        offer,
        e.type,
        privateDnsAfter,
        input.DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint,
        e.privateDns ? e.inboundResolverOnly : undefined,
      );
    if (input.IpAddressType) e.ipAddressType = input.IpAddressType as SimEndpoint['ipAddressType'];
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
};

/**
 * A resource endpoint: to a resource configuration shared with the account, in subnets (one per AZ) with
 * security groups, no policy, no private DNS of a service (the resource's own names serve).
 */
function createResourceEndpoint(sim: SimEc2, input: ec2.CreateVpcEndpointRequest, params: string) {
  const arn = input.ResourceConfigurationArn ?? '';
  if (!sim.resourceConfigurations.get(arn)?.shared)
    throw ec2Error(
      'InvalidParameter',
      `The resource configuration ${arn} does not exist or is not shared with this account`,
    );
  if (input.PolicyDocument)
    throw ec2Error('InvalidParameter', 'A resource endpoint does not support a policy');
  const subnetIds = input.SubnetIds ?? [];
  sim.checkOneSubnetPerZone(subnetIds);
  const endpoint: SimEndpoint = {
    endpointId: sim.id('vpce'),
    vpcId: input.VpcId ?? '',
    serviceName: arn,
    type: 'Resource',
    state: 'pending',
    settlesAt: sim.clock.now() + sim.options.pendingMs.Interface,
    settlesTo: 'available',
    subnetIds,
    routeTableIds: [],
    groupIds: input.SecurityGroupIds ?? [],
    privateDns: false,
    policy: '',
    networkInterfaceIds: subnetIds.map(() => sim.id('eni')),
    tags: tagsOf(input.TagSpecifications, 'vpc-endpoint'),
    createdAt: sim.clock.now(),
  };
  sim.endpoints.set(endpoint.endpointId, endpoint);
  sim.recordToken(input.ClientToken, params, endpoint.endpointId);
  return { VpcEndpoint: endpointView(sim, endpoint), ClientToken: input.ClientToken };
}

/**
 * The Route 53 zone of a region's endpoint names (an alias record's target zone): us-east-1's as EC2 gives
 * it; other regions' stand-ins of the same shape.
 */
export const vpceZoneId = (region: string) =>
  region === 'us-east-1' ? 'Z7HUB22UULQXV' : `Z${region.replace(/-/g, '').toUpperCase()}VPCE`;
