import {
  DescribeManagedPrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type Filter,
  type RouteTable,
  type SecurityGroup,
  type Subnet,
  type Vpc,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { PAGE, type Ec2Api } from './ec2-api';
import { toEndpoint, toRouteTable, toSecurityGroup, toSubnet, toTags } from './ec2-mappers';
import { readCatalogue } from './discovery';
import type { ServiceOffer } from '../domain/model';
import { OWNER_TAG } from '../domain/config';
import type { VpcSnapshot } from '../domain/model';
import { GATEWAY_CAPABLE, fullServiceName, regionOfServiceName } from '../domain/services';
import { TAG_KEYS } from '../domain/tags';
import { isGone, isListed, toEndpointState } from '../domain/endpoint-states';

/** EC2 accepts up to 200 values in one filter; 100 VPCs a batch keeps answers to a page or two. */
export const VPC_BATCH = 100;
const SMALL_PAGE = 100;

export interface Fleet {
  /** Opted-in VPCs, each as the planner sees it (DNS attributes are not read per VPC: assumed on). */
  snapshots: VpcSnapshot[];
  /** Managed endpoints and groups in VPCs that are not opted in any more. */
  orphans: { vpcId: string; endpointIds: string[]; groupIds: string[] }[];
}

export const chunk = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

type Page<K extends string, T> = { NextToken?: string } & { [key in K]?: T[] };

/** Every page of a paginated EC2 Describe call, the items under `key` of each. */
export async function allPages<K extends string, T>(
  api: Ec2Api,
  make: (token?: string) => object,
  key: K,
): Promise<T[]> {
  return api.paginate<Page<K, T>, T>(
    (t) => make(t) as never,
    (p) => p[key],
  );
}

/**
 * Reads every opted-in VPC of the account and region in batches: a handful of paginated calls per
 * hundred VPCs, never a round of calls per VPC (docs/architecture.md, "The drift check").
 */
export async function readFleet(
  api: Ec2Api,
  region: string,
  stackName: string,
  servicesOf: (tags: Record<string, string>) => string[],
): Promise<Fleet> {
  const optedIn = await readOptedInVpcs(api);
  const ownedBy: Filter = { Name: `tag:${OWNER_TAG}`, Values: [stackName] };
  const [ownEndpoints, ownGroups, prefixLists] = await Promise.all([
    allPages<'VpcEndpoints', VpcEndpoint>(
      api,
      (NextToken) => new DescribeVpcEndpointsCommand({ Filters: [ownedBy], NextToken, MaxResults: PAGE }),
      'VpcEndpoints',
    ),
    allPages<'SecurityGroups', SecurityGroup>(
      api,
      (NextToken) => new DescribeSecurityGroupsCommand({ Filters: [ownedBy], NextToken, MaxResults: PAGE }),
      'SecurityGroups',
    ),
    allPages<'PrefixLists', { PrefixListName?: string; PrefixListId?: string }>(
      api,
      (NextToken) =>
        new DescribeManagedPrefixListsCommand({
          Filters: [
            { Name: 'prefix-list-name', Values: [...GATEWAY_CAPABLE].map((s) => fullServiceName(region, s)) },
          ],
          NextToken,
          MaxResults: SMALL_PAGE,
        }),
      'PrefixLists',
    ),
  ]);

  const byVpc = new Map<string, { endpoints: VpcEndpoint[]; subnets: Subnet[]; routeTables: RouteTable[] }>();
  for (const vpc of optedIn) byVpc.set(vpc.VpcId ?? '', { endpoints: [], subnets: [], routeTables: [] });
  for (const batch of chunk([...byVpc.keys()], VPC_BATCH)) {
    const filters = [{ Name: 'vpc-id', Values: batch }];
    const [endpoints, subnets, routeTables] = await Promise.all([
      allPages<'VpcEndpoints', VpcEndpoint>(
        api,
        (NextToken) => new DescribeVpcEndpointsCommand({ Filters: filters, NextToken, MaxResults: PAGE }),
        'VpcEndpoints',
      ),
      allPages<'Subnets', Subnet>(
        api,
        (NextToken) => new DescribeSubnetsCommand({ Filters: filters, NextToken, MaxResults: PAGE }),
        'Subnets',
      ),
      allPages<'RouteTables', RouteTable>(
        api,
        (NextToken) =>
          new DescribeRouteTablesCommand({ Filters: filters, NextToken, MaxResults: SMALL_PAGE }),
        'RouteTables',
      ),
    ]);
    endpoints.forEach((e) => byVpc.get(e.VpcId ?? '')?.endpoints.push(e));
    subnets.forEach((s) => byVpc.get(s.VpcId ?? '')?.subnets.push(s));
    routeTables.forEach((r) => byVpc.get(r.VpcId ?? '')?.routeTables.push(r));
  }

  // Resource configurations (ARNs) are not in EC2's catalogue: nothing to read for them.
  const wanted = new Set(
    optedIn.flatMap((v) => safe(() => servicesOf(toTags(v.Tags)))).filter((n) => !n.startsWith('arn:')),
  );
  // The whole catalogue is one call either way (readServiceOffers): its names also say what a misspelt
  // service meant ("did you mean").
  const catalogue = wanted.size > 0 ? await readCatalogue(api) : {};
  // Services named cross-region: one catalogue read per service region, as EC2 lists it from here.
  const serviceRegions = new Set(
    [...wanted].map(regionOfServiceName).filter((r): r is string => r !== undefined && r !== region),
  );
  const remote = await Promise.all([...serviceRegions].map((r) => readCatalogue(api, r)));
  const known: Record<string, ServiceOffer> = Object.assign({}, catalogue, ...remote);
  const offers: Record<string, ServiceOffer> = {};
  for (const name of wanted) if (known[name]) offers[name] = known[name];
  const offeredServiceNames = wanted.size > 0 ? Object.keys(catalogue) : undefined;
  const prefixListIds = Object.fromEntries(
    prefixLists.map((p) => [p.PrefixListName ?? '', p.PrefixListId ?? '']),
  );
  const groupsByVpc = new Map<string, ReturnType<typeof toSecurityGroup>[]>();
  for (const g of ownGroups)
    groupsByVpc.set(g.VpcId ?? '', [...(groupsByVpc.get(g.VpcId ?? '') ?? []), toSecurityGroup(g)]);

  const snapshots: VpcSnapshot[] = optedIn.map((vpc) => {
    const vpcId = vpc.VpcId ?? '';
    const parts = byVpc.get(vpcId) ?? { endpoints: [], subnets: [], routeTables: [] };
    return {
      region,
      vpc: {
        vpcId,
        ownerId: vpc.OwnerId ?? '',
        cidrBlocks: (vpc.CidrBlockAssociationSet ?? []).map((a) => a.CidrBlock ?? '').filter(Boolean),
        dnsSupport: true,
        dnsHostnames: true,
        tags: toTags(vpc.Tags),
      },
      subnets: parts.subnets.map(toSubnet),
      routeTables: parts.routeTables.map(toRouteTable),
      endpoints: parts.endpoints.map(toEndpoint).filter((e) => isListed(e.state)),
      securityGroups: groupsByVpc.get(vpcId) ?? [],
      networkAcls: [],
      prefixLists: prefixListIds,
      offers,
      ...(offeredServiceNames ? { offeredServiceNames } : {}),
    };
  });

  const optedInIds = new Set(byVpc.keys());
  const orphanVpcs = new Map<string, { vpcId: string; endpointIds: string[]; groupIds: string[] }>();
  const orphan = (vpcId: string) => {
    const found = orphanVpcs.get(vpcId) ?? { vpcId, endpointIds: [], groupIds: [] };
    orphanVpcs.set(vpcId, found);
    return found;
  };
  for (const e of ownEndpoints) {
    if (!optedInIds.has(e.VpcId ?? '') && !isGone(toEndpointState(e.State)))
      orphan(e.VpcId ?? '').endpointIds.push(e.VpcEndpointId ?? '');
  }
  for (const g of ownGroups)
    if (!optedInIds.has(g.VpcId ?? '')) orphan(g.VpcId ?? '').groupIds.push(g.GroupId ?? '');
  return { snapshots, orphans: [...orphanVpcs.values()] };
}

/**
 * VPCs carrying privatelink:services or privatelink:profile. One tag-key filter with both keys would do on
 * AWS, but moto 5.2 matches a multi-value tag-key filter wrongly, so each key is read apart and merged.
 */
export async function readOptedInVpcs(api: Ec2Api): Promise<Vpc[]> {
  const byKey = await Promise.all(
    [TAG_KEYS.services, TAG_KEYS.profile].map((key) =>
      allPages<'Vpcs', Vpc>(
        api,
        (NextToken) =>
          new DescribeVpcsCommand({
            Filters: [{ Name: 'tag-key', Values: [key] }],
            NextToken,
            MaxResults: PAGE,
          }),
        'Vpcs',
      ),
    ),
  );
  const unique = new Map<string, Vpc>();
  for (const vpc of byKey.flat()) if (vpc.VpcId) unique.set(vpc.VpcId, vpc);
  return [...unique.values()];
}

function safe(fn: () => string[]): string[] {
  try {
    return fn();
  } catch {
    return [];
  }
}
