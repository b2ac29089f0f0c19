/** The product's domain model: what a VPC's tags ask for, what the VPC has, and what we do about it. */
import type { EndpointState } from './endpoint-states';
import type { ServiceTerms } from './endpoint-services';
import type { CentralVpc, CentralWork, LinkView } from './central/links';

/** Resource: a resource endpoint, to a VPC Lattice resource configuration (its ARN stands as the service name). */
export type EndpointType = 'Gateway' | 'Interface' | 'Resource';
export type PolicyKind = 'default' | 'account' | 'org';
export type Mode = 'apply' | 'plan';

export interface WantedService {
  /** Short name as users write it: `s3`, `ecr.api`. */
  name: string;
  /** Full service name: `com.amazonaws.eu-west-1.s3`. */
  serviceName: string;
  type: EndpointType;
  /**
   * An allow-listed endpoint service or resource configuration (not AWS's own): what its entries grant it
   * (lib/domain/endpoint-services.ts).
   */
  allowListed?: { terms: ServiceTerms[] };
  /** The service's region when it is not the VPC's (cross-region PrivateLink). */
  serviceRegion?: string;
}

export type SubnetSelector =
  | { kind: 'default' }
  | { kind: 'ids'; ids: string[] }
  | { kind: 'tag'; key: string; value: string };

export type RouteTableSelector = { kind: 'all' } | { kind: 'private' } | { kind: 'ids'; ids: string[] };

/**
 * How many AZs an interface endpoint gets (`privatelink:azs`): every AZ the service is offered in, or a
 * number, per service (its short name) over a default. Each AZ is billed (docs/architecture.md, "Cost").
 */
export interface AzPolicy {
  default: 'all' | number;
  perService: Record<string, 'all' | number>;
}

/** `privatelink:ip-address-type`: auto picks dualstack where subnets and service allow (docs/architecture.md, "Dual-stack"). */
export type IpAddressChoice = 'auto' | 'ipv4' | 'dualstack';
/** `privatelink:cutover`: safe turns private DNS on only after the endpoint proved it passes traffic. */
export type CutoverChoice = 'auto' | 'safe' | 'direct';

export interface DesiredState {
  services: WantedService[];
  /** Undefined: auto. */
  ipAddressType?: IpAddressChoice;
  /** Undefined: auto (safe when the VPC already has an internet path). */
  cutover?: CutoverChoice;
  /** Undefined: every AZ. */
  azs?: AzPolicy;
  subnets: SubnetSelector;
  routeTables: RouteTableSelector;
  privateDns: boolean;
  /** Undefined means "the VPC's own CIDR blocks". */
  allowedCidrs?: string[];
  policy: PolicyKind;
  prune: boolean;
  mode: Mode;
  /** A central VPC: the short names of the services it serves to spokes (docs/architecture.md, "Centralized endpoints"). */
  share?: string[];
  /** A spoke: `central` (its region's one central VPC) or the central VPC's id. */
  use?: string;
}

export interface Tagged {
  tags: Record<string, string>;
}

export interface VpcInfo extends Tagged {
  vpcId: string;
  ownerId: string;
  cidrBlocks: string[];
  /** Associated IPv6 blocks; empty for an IPv4-only VPC. */
  ipv6CidrBlocks?: string[];
  dnsSupport: boolean;
  dnsHostnames: boolean;
}

export interface SubnetInfo extends Tagged {
  subnetId: string;
  availabilityZone: string;
  cidrBlock: string;
  /** Associated IPv6 block, when the subnet has one: a dual-stack endpoint needs it. */
  ipv6CidrBlock?: string;
  availableIpCount: number;
}

export interface RouteInfo {
  destinationCidrBlock?: string;
  destinationPrefixListId?: string;
  gatewayId?: string;
  natGatewayId?: string;
  /** A route to another VPC: how a spoke reaches its central VPC (docs/architecture.md, "Centralized endpoints"). */
  transitGatewayId?: string;
  vpcPeeringConnectionId?: string;
  state?: string;
}

export interface RouteTableInfo extends Tagged {
  routeTableId: string;
  main: boolean;
  subnetIds: string[];
  routes: RouteInfo[];
}

export interface EndpointInfo extends Tagged {
  endpointId: string;
  serviceName: string;
  type: EndpointType;
  /** EC2's state, lower-cased once at the adapter (lib/domain/endpoint-states.ts). */
  state: EndpointState;
  subnetIds: string[];
  routeTableIds: string[];
  securityGroupIds: string[];
  privateDnsEnabled: boolean;
  policyDocument?: string;
  dnsNames: string[];
  /** The Route 53 zone of its regional DNS name (the first of dnsNames): an alias record's target zone. */
  dnsZoneId?: string;
  networkInterfaceIds: string[];
  failureReason?: string;
  /** When EC2 made it (ms since the epoch): how long a pending one has been on its way. */
  createdAt?: number;
  /** ipv4 when absent. */
  ipAddressType?: EndpointIpType;
  /** DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint (S3 interface endpoints beside a gateway). */
  inboundResolverOnly?: boolean;
}

export type EndpointIpType = 'ipv4' | 'dualstack' | 'ipv6';

export interface SecurityGroupRule {
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidr?: string;
  ipv6Cidr?: string;
  sourceGroupId?: string;
  prefixListId?: string;
}

export interface SecurityGroupInfo extends Tagged {
  groupId: string;
  groupName: string;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
}

export interface NaclEntry {
  ruleNumber: number;
  egress: boolean;
  action: 'allow' | 'deny';
  protocol: string;
  cidrBlock?: string;
  fromPort?: number;
  toPort?: number;
}

export interface NetworkAclInfo {
  networkAclId: string;
  isDefault: boolean;
  subnetIds: string[];
  entries: NaclEntry[];
}

export interface ServiceOffer {
  serviceName: string;
  types: EndpointType[];
  availabilityZones: string[];
  privateDnsNames: string[];
  policySupported: boolean;
  /** SupportedIpAddressTypes; ipv4 only when absent. */
  ipAddressTypes?: string[];
  /** `amazon`, `aws-marketplace` or the account id of an endpoint service's owner. */
  owner?: string;
  /** The owner accepts each endpoint by hand: a new one waits in pendingAcceptance. */
  acceptanceRequired?: boolean;
  /** PrivateDnsNameVerificationState: private DNS works only once `verified` (AWS services are). */
  privateDnsVerification?: 'verified' | 'pendingverification' | 'failed';
}

/** A Route 53 private hosted zone associated with a VPC: it answers for its name before any endpoint does. */
export interface HostedZoneInfo {
  zoneId: string;
  /** Without the trailing dot, lower case. */
  name: string;
}

/** Everything the planner and checks need to know about one VPC, read in a fixed number of calls. */
export interface VpcSnapshot {
  region: string;
  vpc: VpcInfo;
  subnets: SubnetInfo[];
  routeTables: RouteTableInfo[];
  endpoints: EndpointInfo[];
  securityGroups: SecurityGroupInfo[];
  networkAcls: NetworkAclInfo[];
  /** serviceName → AWS-managed prefix list id, for gateway services. */
  prefixLists: Record<string, string>;
  /** serviceName → what AWS offers in this region. */
  offers: Record<string, ServiceOffer>;
  /** Every service the region offers, where the whole catalogue was read (a near miss is named from it). */
  offeredServiceNames?: string[];
  /** Private hosted zones associated with the VPC; undefined when not read (no private DNS asked for). */
  hostedZones?: HostedZoneInfo[];
}

export type EndpointAction = 'create' | 'modify' | 'unchanged' | 'deleted' | 'adopted' | 'retained';

export interface EndpointSpec {
  service: string;
  serviceName: string;
  type: EndpointType;
  subnetIds: string[];
  routeTableIds: string[];
  privateDns: boolean;
  /** Undefined means the AWS default (full access) policy. */
  policyDocument?: string;
  /** Absent: ipv4 (kept absent so specs, tokens and plans of IPv4 VPCs stay as they were). */
  ipAddressType?: 'dualstack';
  /** S3 interface with private DNS: the VPC's own lookups go to the gateway endpoint, on-premises ones here. */
  inboundResolverOnly?: boolean;
  /** An endpoint service's TCP ports (its allow-list entry's); absent: 443. */
  ports?: number[];
  /** Whether the service speaks TLS on them; absent: it does. */
  tls?: boolean;
  /** The service's region when it is not the VPC's: CreateVpcEndpoint's ServiceRegion. */
  serviceRegion?: string;
}

export interface EndpointChanges {
  addSubnetIds?: string[];
  removeSubnetIds?: string[];
  addRouteTableIds?: string[];
  removeRouteTableIds?: string[];
  /** The managed security group's id is only known once that step ran; this asks to attach it. */
  addManagedSecurityGroup?: boolean;
  removeSecurityGroupIds?: string[];
  privateDns?: boolean;
  policyDocument?: string;
  resetPolicy?: boolean;
  ipAddressType?: EndpointIpType;
  inboundResolverOnly?: boolean;
}

export interface PlannedEndpoint {
  action: EndpointAction;
  spec: EndpointSpec;
  endpointId?: string;
  changes?: EndpointChanges;
  /** Why this action, for people reading the plan. */
  reason: string;
  /** The AZs the endpoint could have had, when the AZ policy gave it fewer (spec.subnetIds). */
  availableAzs?: number;
  /** An adopted endpoint made by another stack of this product (its ownership tag's value): a wrong --stack-name? */
  otherStack?: string;
  /**
   * Safe cut-over: private DNS is held off in spec; these changes turn it on once the endpoint proved it
   * passes traffic (docs/architecture.md, "Safe DNS cut-over").
   */
  cutover?: EndpointChanges;
}

/** Why private DNS cannot be turned on for a service: a zone or another endpoint already answers its name. */
export interface DnsConflict {
  service: string;
  name: string;
  /** `zone Z123 (ssm.eu-west-1.amazonaws.com)` or `endpoint vpce-… (not created by this stack)`. */
  holder: string;
}

/**
 * The managed group of the VPC's endpoints on 443 (`action` …), and beside it a group per other set of
 * ports its endpoints serve (`portGroups`; docs/architecture.md, "Endpoint services"): each endpoint's
 * group admits exactly its ports.
 */
export interface SecurityGroupPlan {
  action: 'create' | 'update' | 'unchanged' | 'delete' | 'none';
  groupId?: string;
  allowedCidrs: string[];
  /** The TCP ports it admits from each allowed CIDR (a port group's); absent: 443. */
  ports?: number[];
  /** Allowed CIDRs lacking one of the ports: each gets the ports it lacks. */
  addCidrs: string[];
  removeRules: SecurityGroupRule[];
  /** The groups of endpoints on other ports than 443: absent where there are none. */
  portGroups?: PortGroupPlan[];
  /** Port groups no endpoint of ours needs any more: removed once the endpoints left them. */
  portGroupDeletions?: { groupId: string; ports: number[] }[];
}

/** One group of endpoints on the same ports (not [443]). */
export interface PortGroupPlan {
  action: 'create' | 'update' | 'unchanged';
  ports: number[];
  groupId?: string;
  allowedCidrs: string[];
  addCidrs: string[];
  removeRules: SecurityGroupRule[];
}

/** A gateway endpoint of ours whose prefix-list routes are missing from targeted tables (lib/domain/routes.ts). */
export interface RouteRepair {
  endpointId: string;
  service: string;
  /** Targeted route tables the endpoint is not associated with. */
  associated: string[];
  /** Associated route tables whose route is gone: the association is removed and added again. */
  reassociated: string[];
}

/** What one VPC needs; the VPC and region it is for travel beside it (the execution state's root). */
export interface Plan {
  mode: Mode;
  noop: boolean;
  securityGroup: SecurityGroupPlan;
  endpoints: PlannedEndpoint[];
  /** Managed endpoints to delete (prune or duplicates), one DeleteVpcEndpoints call for all. */
  deletions: {
    endpointId: string;
    service: string;
    type: EndpointType;
    reason: string;
    /** The service's owner rejected the endpoint: reported as a failure (docs/architecture.md, "Endpoint services"). */
    rejectedBy?: string;
  }[];
  /** The gateway route tables the desired state targets. */
  targetRouteTableIds: string[];
  /** Our gateway endpoints whose routes are gone now (UpdateRoutes restores them): work, even when nothing else is. */
  routeRepairs: RouteRepair[];
  /** IPv4 and, when an endpoint is dual-stack, the VPC's IPv6 blocks (with a colon). */
  allowedCidrs: string[];
  /** How private DNS reaches the endpoints this plan makes (docs/architecture.md, "Safe DNS cut-over"). */
  cutover: 'safe' | 'direct';
  /** Names private DNS would answer that a zone or another endpoint already answers: an apply refuses. */
  conflicts: DnsConflict[];
  /**
   * The links of centralized endpoints (docs/architecture.md, "Centralized endpoints"), where the config
   * turns them on: what LinkCentral does, and the desired state it plans them from again.
   */
  central?: {
    work: CentralWork;
    desired: Pick<DesiredState, 'share' | 'use' | 'services'>;
    /**
     * Nothing to do but the links (every endpoint, the group and the routes as wanted; set only then): the execution goes
     * from Plan straight to LinkCentral, with no endpoint step reading the VPC again.
     */
    linksOnly?: boolean;
    /**
     * A spoke: its central VPC as Plan read it, which LinkCentral's first turn acts on (the work above) and
     * reads its links back against, instead of reading it all again (lib/workflow/link-central-step.ts).
     */
    centralVpc?: CentralVpc;
    /**
     * A spoke with only links to do: its VPC and endpoints as Plan read them (no step of the run changes
     * them before LinkCentral), which LinkCentral's read-back plans against instead of reading them again.
     */
    linkView?: LinkView;
    /** A spoke's endpoint subnets: those its route to the central VPC is checked from. */
    subnetIds: string[];
    /** A served spoke: its central VPC's CIDRs, which its live probe reaches on 443. */
    centralCidrs?: string[];
    /** A served spoke: the name its live probe resolves for each served service (its first zone's). */
    servedNames?: Record<string, string>;
  };
}

export interface ApiCallCount {
  read: number;
  mutating: number;
}
