import { OWNER_TAG, VPC_TAG } from '../../lib/domain/config';
import type { EndpointInfo, ServiceOffer, VpcSnapshot } from '../../lib/domain/model';
import { STACK } from './config';

/** Plain VpcSnapshot values for pure planner and check tests: 3 AZs, a public and a private subnet each. */
export const REGION = 'eu-west-1';
export const VPC = 'vpc-0aaaaaaaaaaaaaaa1';
export const AZS = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
export const PRIVATE_SUBNETS = [
  'subnet-0000000000000aa1',
  'subnet-0000000000000aa2',
  'subnet-0000000000000aa3',
];
export const PUBLIC_SUBNETS = [
  'subnet-0000000000000bb1',
  'subnet-0000000000000bb2',
  'subnet-0000000000000bb3',
];
export const PUBLIC_RTB = 'rtb-00000000000000pub';
export const PRIVATE_RTB = 'rtb-0000000000000priv';
export const MAIN_RTB = 'rtb-0000000000000main';
export const MANAGED_SG = 'sg-000000000000managed';
export const svc = (short: string) => `com.amazonaws.${REGION}.${short}`;

export function offer(short: string, types: ServiceOffer['types'], zones = AZS): ServiceOffer {
  return {
    serviceName: svc(short),
    types,
    availabilityZones: zones,
    privateDnsNames: types.includes('Interface') ? [`${short}.${REGION}.amazonaws.com`] : [],
    policySupported: true,
  };
}

export function baseSnapshot(): VpcSnapshot {
  return {
    region: REGION,
    vpc: {
      vpcId: VPC,
      ownerId: '111122223333',
      cidrBlocks: ['10.0.0.0/16'],
      dnsSupport: true,
      dnsHostnames: true,
      tags: {},
    },
    subnets: [
      ...PRIVATE_SUBNETS.map((subnetId, i) => ({
        subnetId,
        availabilityZone: AZS[i] ?? '',
        cidrBlock: `10.0.${100 + i}.0/24`,
        availableIpCount: 200,
        tags: {},
      })),
      ...PUBLIC_SUBNETS.map((subnetId, i) => ({
        subnetId,
        availabilityZone: AZS[i] ?? '',
        cidrBlock: `10.0.${i}.0/24`,
        availableIpCount: 250,
        tags: {},
      })),
    ],
    routeTables: [
      {
        routeTableId: MAIN_RTB,
        main: true,
        subnetIds: [],
        routes: [{ destinationCidrBlock: '10.0.0.0/16', gatewayId: 'local' }],
        tags: {},
      },
      {
        routeTableId: PUBLIC_RTB,
        main: false,
        subnetIds: [...PUBLIC_SUBNETS],
        routes: [{ destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-0123456789abcdef0' }],
        tags: {},
      },
      { routeTableId: PRIVATE_RTB, main: false, subnetIds: [...PRIVATE_SUBNETS], routes: [], tags: {} },
    ],
    endpoints: [],
    securityGroups: [],
    networkAcls: [],
    prefixLists: { [svc('s3')]: 'pl-6da54004', [svc('dynamodb')]: 'pl-6fa54006' },
    offers: Object.fromEntries(
      [
        offer('s3', ['Gateway', 'Interface']),
        offer('dynamodb', ['Gateway']),
        offer('ssm', ['Interface']),
        offer('logs', ['Interface']),
      ].map((o) => [o.serviceName, o]),
    ),
  };
}

export const managedTags = { [OWNER_TAG]: STACK, [VPC_TAG]: VPC };

export function endpoint(
  short: string,
  type: EndpointInfo['type'],
  overrides: Partial<EndpointInfo> = {},
): EndpointInfo {
  return {
    endpointId: `vpce-0${short.replace(/\W/g, '')}000000000`.slice(0, 22),
    serviceName: svc(short),
    type,
    state: 'available',
    subnetIds: type === 'Interface' ? [...PRIVATE_SUBNETS] : [],
    routeTableIds: type === 'Gateway' ? [MAIN_RTB, PRIVATE_RTB, PUBLIC_RTB].sort() : [],
    securityGroupIds: type === 'Interface' ? [MANAGED_SG] : [],
    privateDnsEnabled: type === 'Interface',
    policyDocument:
      '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
    dnsNames: type === 'Interface' ? ['vpce-1.ssm.eu-west-1.vpce.amazonaws.com'] : [],
    networkInterfaceIds: [],
    tags: { ...managedTags },
    ...overrides,
  };
}

export function managedGroup(cidrs = ['10.0.0.0/16']) {
  return {
    groupId: MANAGED_SG,
    groupName: `${STACK}-endpoints-${VPC}`,
    ingress: cidrs.map((cidr) => ({ protocol: 'tcp', fromPort: 443, toPort: 443, cidr })),
    egress: [],
    tags: { ...managedTags },
  };
}

/**
 * The prefix-list routes EC2 adds for a gateway endpoint's route-table associations (the route belongs to
 * the association: https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html#gateway-endpoint-routing),
 * written into a snapshot whose endpoints were set by hand.
 */
export function routedAsEc2Does(snapshot: VpcSnapshot): VpcSnapshot {
  for (const e of snapshot.endpoints) {
    const prefixListId = snapshot.prefixLists[e.serviceName];
    if (e.type !== 'Gateway' || e.state !== 'available' || !prefixListId) continue;
    for (const rt of snapshot.routeTables.filter((r) => e.routeTableIds.includes(r.routeTableId)))
      if (!rt.routes.some((r) => r.destinationPrefixListId === prefixListId))
        rt.routes.push({ destinationPrefixListId: prefixListId, gatewayId: e.endpointId, state: 'active' });
  }
  return snapshot;
}
