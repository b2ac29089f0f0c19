import type { LinkView } from '../domain/central/links';
import type { RouteView } from '../domain/routes';
import type { RegionCatalogues } from './catalogues';
import { catalogueKeyOf, type VpcRef } from '../domain/vpc-ref';
import {
  DescribeManagedPrefixListsCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type DescribeManagedPrefixListsCommandOutput,
  type DescribeNetworkAclsCommandOutput,
  type DescribeRouteTablesCommandOutput,
  type DescribeSecurityGroupsCommandOutput,
  type DescribeSubnetsCommandOutput,
  type DescribeVpcAttributeCommandOutput,
  type DescribeVpcEndpointServicesCommandOutput,
  type DescribeVpcEndpointsCommandOutput,
  type DescribeVpcsCommandOutput,
  type Filter,
} from '@aws-sdk/client-ec2';
import { PAGE, type Ec2Api } from './ec2-api';
import {
  toEndpoint,
  toNetworkAcl,
  toRouteTable,
  toSecurityGroup,
  toServiceOffers,
  toSubnet,
  toTags,
} from './ec2-mappers';
import { OWNER_TAG } from '../domain/config';
import { ResourceNotFoundError } from '../domain/errors';
import type { ServiceOffer, VpcSnapshot } from '../domain/model';
import { GATEWAY_CAPABLE, fullServiceName, regionOfServiceName } from '../domain/services';
import { isListed } from '../domain/endpoint-states';

const byVpc = (vpcId: string): Filter[] => [{ Name: 'vpc-id', Values: [vpcId] }];
const SMALL_PAGE = 100; // DescribeRouteTables and DescribeManagedPrefixLists allow at most 100

/** The VPC itself, as read by readVpc: enough to decide what to read next (its tags say which services). */
export interface VpcHeader {
  vpcId: string;
  region: string;
  /** The account it was read in (its VpcRef's): the key of that account's catalogues. */
  accountId: string;
  ownerId: string;
  cidrBlocks: string[];
  ipv6CidrBlocks: string[];
  tags: Record<string, string>;
}

/**
 * Reads one VPC (one call); ResourceNotFoundError naming the VPC, the region and the account when it does
 * not exist there (a VPC id of another account is not found either).
 */
export async function readVpc(api: Ec2Api, ref: VpcRef): Promise<VpcHeader> {
  const { vpcId, region, accountId } = ref;
  const where = `${region} of account ${accountId}`;
  const vpcs = await api
    .send<DescribeVpcsCommandOutput>(new DescribeVpcsCommand({ VpcIds: [vpcId] }))
    .catch((err: unknown) => {
      if (err instanceof ResourceNotFoundError) {
        throw new ResourceNotFoundError(`VPC ${vpcId} does not exist in ${where}`, { cause: err });
      }
      throw err;
    });
  const vpc = vpcs.Vpcs?.[0];
  if (!vpc?.VpcId) throw new ResourceNotFoundError(`VPC ${vpcId} does not exist in ${where}`);
  return {
    vpcId,
    region,
    accountId,
    ownerId: vpc.OwnerId ?? '',
    cidrBlocks: (vpc.CidrBlockAssociationSet ?? [])
      .filter((a) => !a.CidrBlockState?.State || a.CidrBlockState.State === 'associated')
      .map((a) => a.CidrBlock ?? '')
      .filter(Boolean),
    ipv6CidrBlocks: (vpc.Ipv6CidrBlockAssociationSet ?? [])
      .filter((a) => (a.Ipv6CidrBlockState?.State ?? 'associated') === 'associated')
      .map((a) => a.Ipv6CidrBlock ?? '')
      .filter(Boolean),
    tags: toTags(vpc.Tags),
  };
}

/**
 * Reads everything else about a VPC readVpc returned, in a fixed number of calls (nine, plus pages),
 * whatever the number of services: the calls run concurrently, well inside EC2's non-mutating bucket
 * (100 burst). `serviceNames` are the services whose regional offer (types, AZs, DNS) the caller needs.
 */
export async function readVpcSnapshot(
  api: Ec2Api,
  header: VpcHeader,
  serviceNames: string[] = [],
  catalogues?: RegionCatalogues,
): Promise<VpcSnapshot> {
  const { vpcId, region } = header;
  const [dnsSupport, dnsHostnames, subnets, routeTables, endpoints, groups, acls, prefixLists] =
    await Promise.all([
      api.send<DescribeVpcAttributeCommandOutput>(
        new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsSupport' }),
      ),
      api.send<DescribeVpcAttributeCommandOutput>(
        new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' }),
      ),
      api.paginate<
        DescribeSubnetsCommandOutput,
        NonNullable<DescribeSubnetsCommandOutput['Subnets']>[number]
      >(
        (NextToken) => new DescribeSubnetsCommand({ Filters: byVpc(vpcId), NextToken, MaxResults: PAGE }),
        (p) => p.Subnets,
      ),
      readRouteTables(api, vpcId),
      readEndpoints(api, byVpc(vpcId)),
      api.paginate<
        DescribeSecurityGroupsCommandOutput,
        NonNullable<DescribeSecurityGroupsCommandOutput['SecurityGroups']>[number]
      >(
        (NextToken) =>
          new DescribeSecurityGroupsCommand({ Filters: byVpc(vpcId), NextToken, MaxResults: PAGE }),
        (p) => p.SecurityGroups,
      ),
      api.paginate<
        DescribeNetworkAclsCommandOutput,
        NonNullable<DescribeNetworkAclsCommandOutput['NetworkAcls']>[number]
      >(
        (NextToken) => new DescribeNetworkAclsCommand({ Filters: byVpc(vpcId), NextToken, MaxResults: PAGE }),
        (p) => p.NetworkAcls,
      ),
      prefixListsOf(api, header, catalogues),
    ]);
  const wantedOffers = [...new Set([...serviceNames, ...endpoints.map((e) => e.serviceName)])];
  const offers = await offersByRegion(api, header, wantedOffers, catalogues);

  return {
    region,
    vpc: {
      vpcId,
      ownerId: header.ownerId,
      cidrBlocks: header.cidrBlocks,
      ...(header.ipv6CidrBlocks.length ? { ipv6CidrBlocks: header.ipv6CidrBlocks } : {}),
      dnsSupport: dnsSupport.EnableDnsSupport?.Value ?? false,
      dnsHostnames: dnsHostnames.EnableDnsHostnames?.Value ?? false,
      tags: header.tags,
    },
    subnets: subnets.map(toSubnet),
    routeTables: routeTables.map(toRouteTable),
    endpoints,
    securityGroups: groups.map(toSecurityGroup),
    networkAcls: acls.map(toNetworkAcl),
    prefixLists,
    offers,
    ...(catalogues?.namesOf(catalogueKeyOf(header))
      ? { offeredServiceNames: catalogues.namesOf(catalogueKeyOf(header)) }
      : {}),
  };
}

/**
 * The offers of the wanted services: the VPC's region's from its catalogue, each other region's (services
 * named cross-region) from the catalogue EC2 lists for that service region (`ServiceRegions`).
 */
async function offersByRegion(
  api: Ec2Api,
  header: Pick<VpcRef, 'accountId' | 'region'>,
  wanted: string[],
  catalogues?: RegionCatalogues,
): Promise<Record<string, ServiceOffer>> {
  const byRegion = new Map<string | undefined, string[]>();
  // Resource configurations (ARNs) are not in EC2's catalogue: nothing to read for them.
  for (const name of wanted.filter((n) => !n.startsWith('arn:'))) {
    const region = regionOfServiceName(name);
    const key = region === undefined || region === header.region ? undefined : region;
    byRegion.set(key, [...(byRegion.get(key) ?? []), name]);
  }
  const parts = await Promise.all(
    [...byRegion].map(([serviceRegion, names]) =>
      catalogues
        ? // Kept per account too: AZ names (us-east-1a) map to different zones in each account.
          catalogues.offersOf(
            `${catalogueKeyOf(header)}${serviceRegion ? `|${serviceRegion}` : ''}`,
            names,
            () => readCatalogue(api, serviceRegion),
          )
        : readServiceOffers(api, names, serviceRegion),
    ),
  );
  return Object.assign({}, ...parts) as Record<string, ServiceOffer>;
}

/** readVpc then readVpcSnapshot: the whole VPC, for callers that need no service offers. */
/**
 * What planning a spoke's links needs (LinkView, lib/domain/central/links.ts): the VPC and its endpoints,
 * two reads, and the offers of their services from the container's catalogues. A spoke's LinkCentral
 * reads no more: at fleet scale its reads, not Route 53's, fill EC2's read bucket.
 */
export async function readLinkView(
  api: Ec2Api,
  ref: VpcRef,
  serviceNames: string[],
  catalogues?: RegionCatalogues,
): Promise<LinkView> {
  const header = await readVpc(api, ref);
  const endpoints = await readEndpoints(api, byVpc(ref.vpcId));
  const wanted = [...new Set([...serviceNames, ...endpoints.map((e) => e.serviceName)])];
  return {
    vpc: { vpcId: header.vpcId, ownerId: header.ownerId, cidrBlocks: header.cidrBlocks },
    region: ref.region,
    endpoints,
    offers: await offersByRegion(api, header, wanted, catalogues),
  };
}

export const readWholeVpc = async (api: Ec2Api, ref: VpcRef, catalogues?: RegionCatalogues) =>
  readVpcSnapshot(api, await readVpc(api, ref), [], catalogues);

/**
 * Only what route verdicts need (lib/domain/routes.ts): route tables and endpoints, two reads, and the
 * region's prefix lists from the container's catalogues.
 */
export async function readRouteView(
  api: Ec2Api,
  ref: VpcRef,
  catalogues: RegionCatalogues,
): Promise<RouteView> {
  const [routeTables, endpoints, prefixLists] = await Promise.all([
    readRouteTables(api, ref.vpcId),
    readEndpoints(api, byVpc(ref.vpcId)),
    prefixListsOf(api, ref, catalogues),
  ]);
  return { routeTables: routeTables.map(toRouteTable), endpoints, prefixLists };
}

/** A VPC's route tables, as the SDK answers them (at most 100 a page). */
const readRouteTables = (api: Ec2Api, vpcId: string) =>
  api.paginate<
    DescribeRouteTablesCommandOutput,
    NonNullable<DescribeRouteTablesCommandOutput['RouteTables']>[number]
  >(
    (NextToken) =>
      new DescribeRouteTablesCommand({ Filters: byVpc(vpcId), NextToken, MaxResults: SMALL_PAGE }),
    (p) => p.RouteTables,
  );

/**
 * The region's gateway prefix lists: from the container's catalogues when it has them, else read. Kept
 * per account too: a hub's container serves many, and nothing promises their ids match.
 */
export const prefixListsOf = (
  api: Ec2Api,
  where: Pick<VpcRef, 'accountId' | 'region'>,
  catalogues: RegionCatalogues | undefined,
) =>
  catalogues
    ? catalogues.prefixListsOf(catalogueKeyOf(where), () => readPrefixLists(api, where.region))
    : readPrefixLists(api, where.region);

/** Our endpoints in a VPC (by the ownership tag), optionally only those carrying further tags. */
export const readManagedEndpoints = (
  api: Ec2Api,
  vpcId: string,
  stackName: string,
  moreTags: Record<string, string> = {},
) =>
  readEndpoints(api, [
    ...byVpc(vpcId),
    ...Object.entries({ [OWNER_TAG]: stackName, ...moreTags }).map(([key, value]) => ({
      Name: `tag:${key}`,
      Values: [value],
    })),
  ]);

/** Endpoints matching the filters, without the ones already gone. */
export async function readEndpoints(api: Ec2Api, filters: Filter[]) {
  const raw = await api.paginate<
    DescribeVpcEndpointsCommandOutput,
    NonNullable<DescribeVpcEndpointsCommandOutput['VpcEndpoints']>[number]
  >(
    (NextToken) => new DescribeVpcEndpointsCommand({ Filters: filters, NextToken, MaxResults: PAGE }),
    (p) => p.VpcEndpoints,
  );
  return raw.map(toEndpoint).filter((e) => isListed(e.state));
}

async function readPrefixLists(api: Ec2Api, region: string): Promise<Record<string, string>> {
  const names = [...GATEWAY_CAPABLE].map((s) => fullServiceName(region, s));
  const lists = await api.paginate<
    DescribeManagedPrefixListsCommandOutput,
    NonNullable<DescribeManagedPrefixListsCommandOutput['PrefixLists']>[number]
  >(
    (NextToken) =>
      new DescribeManagedPrefixListsCommand({
        Filters: [{ Name: 'prefix-list-name', Values: names }],
        NextToken,
        MaxResults: SMALL_PAGE,
      }),
    (p) => p.PrefixLists,
  );
  const result: Record<string, string> = {};
  for (const list of lists) {
    if (list.PrefixListName && list.PrefixListId) result[list.PrefixListName] = list.PrefixListId;
  }
  return result;
}

/**
 * The region's endpoint-service catalogue, read whole (one page of up to 1000) and kept for the services
 * asked about. Filtering on the server by service-name would be smaller, but moto 5.2 fails on that
 * filter (KeyError 'Value'), and the whole catalogue is a fixed, single call either way.
 */
export async function readServiceOffers(api: Ec2Api, serviceNames: string[], serviceRegion?: string) {
  if (serviceNames.length === 0) return {};
  const wanted = new Set(serviceNames);
  return toServiceOffers(
    (await readCatalogueDetails(api, serviceRegion)).filter((d) => wanted.has(d.ServiceName ?? '')),
  );
}

/**
 * The region's whole endpoint-service catalogue, as offers: what RegionCatalogues keeps. With a service
 * region, what EC2 lists of that region as reachable from this one (cross-region PrivateLink).
 */
export const readCatalogue = async (api: Ec2Api, serviceRegion?: string) =>
  toServiceOffers(await readCatalogueDetails(api, serviceRegion));

const readCatalogueDetails = (api: Ec2Api, serviceRegion?: string) =>
  api.paginate<
    DescribeVpcEndpointServicesCommandOutput,
    NonNullable<DescribeVpcEndpointServicesCommandOutput['ServiceDetails']>[number]
  >(
    (NextToken) =>
      new DescribeVpcEndpointServicesCommand({
        NextToken,
        MaxResults: PAGE,
        ...(serviceRegion ? { ServiceRegions: [serviceRegion] } : {}),
      }),
    (p) => p.ServiceDetails,
  );
