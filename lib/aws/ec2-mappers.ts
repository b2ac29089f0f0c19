import type {
  IpPermission,
  NetworkAcl,
  RouteTable,
  SecurityGroup,
  ServiceDetail,
  Subnet,
  Tag,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import type {
  EndpointInfo,
  EndpointType,
  NetworkAclInfo,
  RouteTableInfo,
  SecurityGroupInfo,
  SecurityGroupRule,
  ServiceOffer,
  SubnetInfo,
} from '../domain/model';
import { toEndpointState } from '../domain/endpoint-states';

/** SDK shapes → our model. Kept apart so the rest of lib never sees an SDK type. */

export function toTags(tags: Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

export function toSubnet(s: Subnet): SubnetInfo {
  return {
    subnetId: s.SubnetId ?? '',
    availabilityZone: s.AvailabilityZone ?? '',
    cidrBlock: s.CidrBlock ?? '',
    ...ipv6Of(s),
    availableIpCount: s.AvailableIpAddressCount ?? 0,
    tags: toTags(s.Tags),
  };
}

/** The subnet's associated IPv6 block, if any (a disassociated one no longer serves). */
function ipv6Of(s: Subnet): { ipv6CidrBlock?: string } {
  const block = (s.Ipv6CidrBlockAssociationSet ?? []).find(
    (a) => a.Ipv6CidrBlock && (a.Ipv6CidrBlockState?.State ?? 'associated') === 'associated',
  )?.Ipv6CidrBlock;
  return block ? { ipv6CidrBlock: block } : {};
}

export function toRouteTable(rt: RouteTable): RouteTableInfo {
  return {
    routeTableId: rt.RouteTableId ?? '',
    main: (rt.Associations ?? []).some((a) => a.Main),
    subnetIds: (rt.Associations ?? []).map((a) => a.SubnetId).filter((id): id is string => Boolean(id)),
    routes: (rt.Routes ?? []).map((r) => ({
      destinationCidrBlock: r.DestinationCidrBlock,
      destinationPrefixListId: r.DestinationPrefixListId,
      gatewayId: r.GatewayId,
      natGatewayId: r.NatGatewayId,
      transitGatewayId: r.TransitGatewayId,
      vpcPeeringConnectionId: r.VpcPeeringConnectionId,
      state: r.State,
    })),
    tags: toTags(rt.Tags),
  };
}

export function toEndpointType(value: string | undefined): EndpointType {
  const lowered = value?.toLowerCase();
  return lowered === 'gateway' ? 'Gateway' : lowered === 'resource' ? 'Resource' : 'Interface';
}

export function toEndpoint(e: VpcEndpoint): EndpointInfo {
  return {
    endpointId: e.VpcEndpointId ?? '',
    // A resource endpoint has no service: its resource configuration's ARN stands for it.
    serviceName: e.ServiceName ?? e.ResourceConfigurationArn ?? '',
    type: toEndpointType(e.VpcEndpointType),
    state: toEndpointState(e.State),
    subnetIds: e.SubnetIds ?? [],
    routeTableIds: e.RouteTableIds ?? [],
    securityGroupIds: (e.Groups ?? []).map((g) => g.GroupId ?? '').filter(Boolean),
    privateDnsEnabled: e.PrivateDnsEnabled ?? false,
    policyDocument: e.PolicyDocument,
    dnsNames: (e.DnsEntries ?? []).map((d) => d.DnsName ?? '').filter(Boolean),
    ...(e.DnsEntries?.[0]?.HostedZoneId ? { dnsZoneId: e.DnsEntries[0].HostedZoneId } : {}),
    networkInterfaceIds: e.NetworkInterfaceIds ?? [],
    failureReason: e.LastError?.Message,
    ...(e.CreationTimestamp ? { createdAt: e.CreationTimestamp.getTime() } : {}),
    ...(e.IpAddressType ? { ipAddressType: e.IpAddressType as EndpointInfo['ipAddressType'] } : {}),
    ...(e.DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint ? { inboundResolverOnly: true } : {}),
    tags: toTags(e.Tags),
  };
}

function toRules(perms: IpPermission[] | undefined): SecurityGroupRule[] {
  const rules: SecurityGroupRule[] = [];
  for (const p of perms ?? []) {
    const base = { protocol: p.IpProtocol ?? '-1', fromPort: p.FromPort, toPort: p.ToPort };
    for (const range of p.IpRanges ?? []) rules.push({ ...base, cidr: range.CidrIp });
    for (const range of p.Ipv6Ranges ?? []) rules.push({ ...base, ipv6Cidr: range.CidrIpv6 });
    for (const pair of p.UserIdGroupPairs ?? []) rules.push({ ...base, sourceGroupId: pair.GroupId });
    for (const pl of p.PrefixListIds ?? []) rules.push({ ...base, prefixListId: pl.PrefixListId });
  }
  return rules;
}

export function toSecurityGroup(g: SecurityGroup): SecurityGroupInfo {
  return {
    groupId: g.GroupId ?? '',
    groupName: g.GroupName ?? '',
    ingress: toRules(g.IpPermissions),
    egress: toRules(g.IpPermissionsEgress),
    tags: toTags(g.Tags),
  };
}

export function toNetworkAcl(acl: NetworkAcl): NetworkAclInfo {
  return {
    networkAclId: acl.NetworkAclId ?? '',
    isDefault: acl.IsDefault ?? false,
    subnetIds: (acl.Associations ?? []).map((a) => a.SubnetId ?? '').filter(Boolean),
    entries: (acl.Entries ?? []).map((e) => ({
      ruleNumber: e.RuleNumber ?? 0,
      egress: e.Egress ?? false,
      action: e.RuleAction === 'deny' ? 'deny' : 'allow',
      protocol: e.Protocol ?? '-1',
      cidrBlock: e.CidrBlock ?? e.Ipv6CidrBlock,
      fromPort: e.PortRange?.From,
      toPort: e.PortRange?.To,
    })),
  };
}

/** S3 appears twice (gateway and interface) under one name: merge by service name. */
export function toServiceOffers(details: ServiceDetail[]): Record<string, ServiceOffer> {
  const offers: Record<string, ServiceOffer> = {};
  for (const d of details) {
    if (!d.ServiceName) continue;
    const offer = (offers[d.ServiceName] ??= {
      serviceName: d.ServiceName,
      types: [],
      availabilityZones: [],
      privateDnsNames: [],
      policySupported: false,
    });
    const ipTypes = new Set([...(offer.ipAddressTypes ?? []), ...(d.SupportedIpAddressTypes ?? [])]);
    if (ipTypes.size > 0) offer.ipAddressTypes = [...ipTypes].sort();
    for (const t of d.ServiceType ?? []) {
      const type = toEndpointType(t.ServiceType);
      if (!offer.types.includes(type)) offer.types.push(type);
    }
    offer.availabilityZones = [...new Set([...offer.availabilityZones, ...(d.AvailabilityZones ?? [])])];
    const dnsNames = [d.PrivateDnsName, ...(d.PrivateDnsNames ?? []).map((n) => n.PrivateDnsName)];
    offer.privateDnsNames = [
      ...new Set([...offer.privateDnsNames, ...dnsNames.filter((n): n is string => Boolean(n))]),
    ];
    offer.policySupported ||= d.VpcEndpointPolicySupported ?? false;
    if (d.Owner) offer.owner = d.Owner;
    if (d.AcceptanceRequired) offer.acceptanceRequired = true;
    const verification = d.PrivateDnsNameVerificationState?.toLowerCase();
    if (verification === 'verified' || verification === 'pendingverification' || verification === 'failed')
      offer.privateDnsVerification = verification;
  }
  return offers;
}
