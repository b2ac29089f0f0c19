/** The simulated account's resources, in plain records the simulator edits. */

export interface Tags {
  [key: string]: string;
}

export interface SimVpc {
  vpcId: string;
  cidrBlocks: string[];
  ipv6CidrBlocks?: string[];
  ownerId: string;
  dnsSupport: boolean;
  dnsHostnames: boolean;
  tags: Tags;
}

export interface SimSubnet {
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  cidrBlock: string;
  ipv6CidrBlock?: string;
  availableIpCount: number;
  tags: Tags;
}

export interface SimRoute {
  DestinationCidrBlock?: string;
  DestinationPrefixListId?: string;
  GatewayId?: string;
  NatGatewayId?: string;
  TransitGatewayId?: string;
  VpcPeeringConnectionId?: string;
  State: 'active' | 'blackhole';
  Origin: string;
}

export interface SimRouteTable {
  routeTableId: string;
  vpcId: string;
  main: boolean;
  subnetIds: string[];
  routes: SimRoute[];
  tags: Tags;
}

export interface SimRule {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  CidrIp?: string;
  CidrIpv6?: string;
  PrefixListId?: string;
}

export interface SimSecurityGroup {
  groupId: string;
  groupName: string;
  vpcId: string;
  description: string;
  ingress: SimRule[];
  egress: SimRule[];
  tags: Tags;
}

export type SimEndpointState =
  | 'pendingAcceptance'
  | 'pending'
  | 'available'
  | 'deleting'
  | 'deleted'
  | 'failed'
  | 'rejected';

export interface SimEndpoint {
  endpointId: string;
  vpcId: string;
  /** A resource endpoint's: its resource configuration's ARN. */
  serviceName: string;
  type: 'Gateway' | 'Interface' | 'Resource';
  state: SimEndpointState;
  /** Virtual time at which a pending endpoint settles, or a deleting one disappears. */
  settlesAt: number;
  /** What a pending endpoint settles into. */
  settlesTo: 'available' | 'failed';
  subnetIds: string[];
  routeTableIds: string[];
  groupIds: string[];
  privateDns: boolean;
  policy: string;
  networkInterfaceIds: string[];
  tags: Tags;
  createdAt: number;
  /** ipv4 when absent. */
  ipAddressType?: 'ipv4' | 'dualstack' | 'ipv6';
  inboundResolverOnly?: boolean;
}

/** A resource configuration (VPC Lattice) and whether it is shared with this account (RAM, accepted). */
export interface SimResourceConfiguration {
  arn: string;
  shared: boolean;
}

/** A Route 53 private hosted zone and the VPCs it is associated with (Route 53 answers for its name there). */
export interface SimHostedZone {
  zoneId: string;
  name: string;
  vpcIds: string[];
  /** CreateHostedZone's: a second create with it answers HostedZoneAlreadyExists. */
  callerReference?: string;
  tags?: Tags;
  /** Alias A records: name → the alias target. */
  records?: Map<string, { target: string; targetZoneId: string }>;
}

/** A customer-managed prefix list: its entries by version, changed only against its current version. */
export interface SimManagedList {
  prefixListId: string;
  name: string;
  maxEntries: number;
  version: number;
  entries: { cidr: string; description?: string }[];
  tags: Tags;
  clientToken?: string;
}

export interface SimServiceOffer {
  serviceName: string;
  types: ('Gateway' | 'Interface')[];
  availabilityZones: string[];
  privateDnsName?: string;
  policySupported: boolean;
  /** SupportedIpAddressTypes of DescribeVpcEndpointServices. */
  ipAddressTypes?: ('ipv4' | 'ipv6')[];
  /** An endpoint service's owner account; AWS's own services: `amazon`. */
  owner?: string;
  /** The owner accepts each endpoint by hand: new endpoints wait in pendingAcceptance. */
  acceptanceRequired?: boolean;
  /** PrivateDnsNameVerificationState of an endpoint service's private DNS name. */
  privateDnsVerification?: 'verified' | 'pendingVerification' | 'failed';
  /** A service of another region: listed only with ServiceRegions, reached only with ServiceRegion. */
  serviceRegion?: string;
  /** Whether it is offered cross-region to this region at all (EC2 lists only those). */
  crossRegion?: boolean;
}
