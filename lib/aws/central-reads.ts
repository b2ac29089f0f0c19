import {
  DescribeManagedPrefixListsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  GetManagedPrefixListEntriesCommand,
  type DescribeManagedPrefixListsResult,
  type DescribeNetworkInterfacesResult,
  type DescribeVpcEndpointsResult,
  type DescribeVpcsResult,
  type GetManagedPrefixListEntriesResult,
} from '@aws-sdk/client-ec2';
import {
  GetHostedZoneCommand,
  ListHostedZonesByVPCCommand,
  ListResourceRecordSetsCommand,
  ListTagsForResourcesCommand,
  ListVPCAssociationAuthorizationsCommand,
  type GetHostedZoneResponse,
  type ListVPCAssociationAuthorizationsResponse,
  type ListHostedZonesByVPCResponse,
  type ListResourceRecordSetsResponse,
  type ListTagsForResourcesResponse,
} from '@aws-sdk/client-route-53';
import { CENTRAL_TAG, OWNER_TAG, type OrchestratorConfig } from '../domain/config';
import {
  entrySpoke,
  servedFrom,
  type LinkView,
  type AliasRecord,
  type CentralState,
  type CentralVpc,
  type OurZone,
  type SpokeList,
  type Subscriber,
} from '../domain/central/links';
import {
  CentralVpcError,
  InvalidInputError,
  ResourceNotFoundError,
  SpokeAccessError,
} from '../domain/errors';
import type { DesiredState, HostedZoneInfo, VpcSnapshot } from '../domain/model';
import { findManagedSecurityGroup } from '../domain/ownership';
import { readDesiredState, TAG_KEYS } from '../domain/tags';
import type { CentralReach } from './clients/accounts';
import { AwsApi, Ec2Api, PAGE } from './ec2-api';
import { toTags } from './ec2-mappers';

/** EC2 and Route 53 of one account, in the run's region. */
export interface AccountApis {
  accountId: string;
  ec2: Ec2Api;
  route53: AwsApi;
}

/**
 * The doors a central read goes through: EC2 and Route 53 in the VPC's account, and across a hub's
 * accounts (docs/architecture.md, "Centralized endpoints across accounts") the hub's or a member's.
 */
export interface CentralApis {
  ec2: Ec2Api;
  route53: AwsApi;
  /** Zone tags already read this turn (a zone's tags do not change under a run): asked once. */
  zoneTags?: Map<string, Record<string, string>>;
  /** A member's VPC, the stack being a hub: the hub's account, where the central VPC it uses may be. */
  hub?: AccountApis;
  /** A central VPC's run in a hub: EC2 of a member account, where spokes of it may be. */
  memberEc2?: (accountId: string) => Ec2Api;
  /**
   * A read-only check of many VPCs (the drift check): the spoke lists and each central VPC a spoke names
   * are read once for all of them, by what they read. A run reads them fresh.
   */
  readOnce?: Map<string, Promise<unknown>>;
}

/** `read` made once for the whole check where the caller keeps `readOnce`; a failed read is not kept. */
function once<T>(apis: Pick<CentralApis, 'readOnce'>, key: string, read: () => Promise<T>): Promise<T> {
  const kept = apis.readOnce?.get(key) as Promise<T> | undefined;
  if (kept) return kept;
  const got = read();
  if (apis.readOnce) {
    apis.readOnce.set(key, got);
    got.catch(() => apis.readOnce?.delete(key));
  }
  return got;
}

/** A step's or a drift check's doors across a hub's accounts, where the run has any. */
export type CentralAcross = Pick<CentralApis, 'hub' | 'memberEc2'>;

/** The doors across accounts from their clients, every write fenced as the step's own. */
export function centralAcross(reach: CentralReach, fence?: () => Promise<void>): CentralAcross | undefined {
  const { hub, member } = reach;
  if (!hub && !member) return undefined;
  return {
    ...(hub
      ? {
          hub: {
            accountId: hub.accountId,
            ec2: new Ec2Api(hub.ec2, fence),
            route53: new AwsApi(hub.route53, fence),
          },
        }
      : {}),
    ...(member ? { memberEc2: (accountId: string) => new Ec2Api(member(accountId), fence) } : {}),
  };
}

/** Route 53 takes at most 10 zones a ListTagsForResources call. */
const TAG_BATCH = 10;

/**
 * What a run needs to know about the links around its VPC (lib/domain/central/links.ts): our zones
 * associated with it, our spoke lists, and — a central VPC — its own zones and list, or — a spoke — the
 * central VPC it uses. A few reads, made only where the config turns central endpoints on.
 */
export async function readCentralState(
  apis: CentralApis,
  /** A central VPC's whole snapshot (its groups are read); a spoke's LinkView is enough. */
  snapshot: LinkView & { securityGroups?: VpcSnapshot['securityGroups'] },
  desired: Pick<DesiredState, 'share' | 'use'>,
  config: OrchestratorConfig,
  /** A spoke's central VPC as this turn read it already (a read-back): its tags, endpoints and zones stand. */
  knownCentral?: CentralVpc,
): Promise<CentralState> {
  const vpcId = snapshot.vpc.vpcId;
  const { ours: associated, others } = await zonesOf(
    apis,
    snapshot.vpc.ownerId,
    vpcId,
    snapshot.region,
    config.stackName,
    !!desired.share,
  );
  const hub = apis.hub;
  const lists = [
    ...(await once(apis, 'lists', () => spokeLists(apis.ec2, config.stackName))),
    ...(hub ? await once(apis, 'lists#hub', () => spokeLists(hub.ec2, config.stackName, hub.accountId)) : []),
  ];
  const listsWithEntries = lists.filter((l) => l.entries.some((e) => e.spokeVpcId === vpcId));
  const state: CentralState = { associated, listsWithEntries };
  if (desired.share) {
    const list = lists.find((l) => l.centralVpcId === vpcId);
    if (!snapshot.securityGroups)
      throw new InvalidInputError(
        `the links of the central VPC ${vpcId} are read from its whole snapshot (its groups), not a LinkView`,
      );
    const group = findManagedSecurityGroup(snapshot.securityGroups, vpcId, config.stackName);
    const groupHasListRule = Boolean(
      list && group?.ingress.some((r) => r.prefixListId === list.prefixListId && r.fromPort === 443),
    );
    state.own = {
      zones: associated.filter((z) => z.centralVpcId === vpcId),
      groupHasListRule,
      subscribers: await subscribersOf(apis, vpcId, snapshot.region, config, list),
      ...(list ? { list } : {}),
    };
  }
  if (desired.use) {
    const { use } = desired;
    const central =
      knownCentral ?? (await once(apis, `central#${use}`, () => centralVpcOf(apis, use, snapshot, config)));
    const list = lists.find((l) => l.centralVpcId === central.vpcId);
    state.central = { ...central, ...(list ? { list } : {}) };
    state.foreignZones = others;
  }
  return state;
}

/** The central VPC a spoke names (`central`: the one of its region), its shares and its zones. */
async function centralVpcOf(
  apis: CentralApis,
  use: string,
  snapshot: LinkView,
  config: OrchestratorConfig,
): Promise<CentralVpc> {
  const ownCentrals = await centralsNamed(apis.ec2, use);
  // A member's VPC with no central VPC of its own account uses the hub's.
  const across = ownCentrals.length === 0 && apis.hub ? apis.hub : undefined;
  const vpcs = across ? await centralsNamed(across.ec2, use) : ownCentrals;
  const where = `${TAG_KEYS.use}=${use} on ${snapshot.vpc.vpcId}`;
  if (vpcs.length === 0)
    throw new CentralVpcError(
      `${where}: no VPC of account ${snapshot.vpc.ownerId}${apis.hub ? ` nor of the hub's account ${apis.hub.accountId}` : ''} in ${snapshot.region} ${use === 'central' ? 'is' : `named ${use} is`} tagged ${TAG_KEYS.share}`,
    );
  if (vpcs.length > 1)
    throw new CentralVpcError(
      `${where}: ${vpcs.length} central VPCs in ${snapshot.region} (${vpcs.map((v) => v.VpcId).join(', ')}): name one, ${TAG_KEYS.use}=<vpc id>`,
    );
  const vpc = vpcs[0]!;
  const centralVpcId = vpc.VpcId ?? '';
  const cidrBlocks = cidrsOf(vpc);
  const read = readDesiredState(toTags(vpc.Tags), { region: snapshot.region, config, vpcCidrs: cidrBlocks });
  if (read.problems.length > 0 || !read.desired.share)
    throw new CentralVpcError(
      `${where}: the central VPC ${centralVpcId}'s tags are invalid (${read.problems.map((p) => p.key).join(', ')}): it serves nothing until they are mended`,
    );
  const doors = across ?? apis;
  const { ours } = await zonesOf(
    { route53: doors.route53, ...(apis.zoneTags ? { zoneTags: apis.zoneTags } : {}) },
    across?.accountId ?? snapshot.vpc.ownerId,
    centralVpcId,
    snapshot.region,
    config.stackName,
    false,
  );
  return {
    vpcId: centralVpcId,
    ...(across ? { accountId: across.accountId } : {}),
    cidrBlocks,
    shared: read.desired.share,
    ...(await centralEndpointsOf(doors.ec2, centralVpcId, snapshot.region, config.stackName)),
    zones: ours.filter((z) => z.centralVpcId === centralVpcId),
  };
}

/** The VPCs of an account tagged `privatelink:share`: every one (`central`), or the one named. */
const centralsNamed = (ec2: Ec2Api, use: string) =>
  ec2.paginate<DescribeVpcsResult, NonNullable<DescribeVpcsResult['Vpcs']>[number]>(
    (NextToken) =>
      new DescribeVpcsCommand({
        Filters: [
          { Name: 'tag-key', Values: [TAG_KEYS.share] },
          ...(use === 'central' ? [] : [{ Name: 'vpc-id', Values: [use] }]),
        ],
        NextToken,
      }),
    (page) => page.Vpcs,
  );

/**
 * A central VPC's interface endpoints of ours, by service (short name): their network interfaces' private
 * addresses, which a spoke's live probe expects the served names to answer. `knownEnis`: the interfaces as
 * Plan read them (CentralVpc.endpointEnis): only their addresses are read, unless one is gone since.
 */
export async function centralEndpointAddresses(
  ec2: Ec2Api,
  centralVpcId: string,
  region: string,
  stackName: string,
  knownEnis?: Record<string, string[]>,
): Promise<Map<string, string[]>> {
  if (knownEnis) {
    const known = await addressesOf(ec2, knownEnis).catch((err: unknown) => {
      // An interface gone since Plan read it (its endpoint made anew): the endpoints are read again.
      if (err instanceof ResourceNotFoundError) return undefined;
      throw err;
    });
    if (known) return known;
  }
  const { endpointEnis } = await centralEndpointsOf(ec2, centralVpcId, region, stackName);
  return addressesOf(ec2, endpointEnis);
}

/** Each service's interfaces' private addresses (one DescribeNetworkInterfaces). */
async function addressesOf(ec2: Ec2Api, enisOf: Record<string, string[]>): Promise<Map<string, string[]>> {
  const eniIds = Object.values(enisOf).flat();
  const enis = eniIds.length
    ? await ec2.send<DescribeNetworkInterfacesResult>(
        new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: eniIds }),
      )
    : { NetworkInterfaces: [] };
  const addressOf = new Map(
    (enis.NetworkInterfaces ?? []).map((n) => [n.NetworkInterfaceId ?? '', n.PrivateIpAddress ?? '']),
  );
  return new Map(
    Object.entries(enisOf).map(([service, ids]) => [
      service,
      ids.map((id) => addressOf.get(id) ?? '').filter(Boolean),
    ]),
  );
}

type Endpoint = NonNullable<DescribeVpcEndpointsResult['VpcEndpoints']>[number];

/** A VPC's endpoints of this stack. */
const ourEndpointsIn = (ec2: Ec2Api, vpcId: string, stackName: string) =>
  ec2.paginate<DescribeVpcEndpointsResult, Endpoint>(
    (NextToken) =>
      new DescribeVpcEndpointsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: `tag:${OWNER_TAG}`, Values: [stackName] },
        ],
        NextToken,
        MaxResults: PAGE,
      }),
    (page) => page.VpcEndpoints,
  );

/**
 * A central VPC's interface endpoints of ours, by service: how many AZs each takes (what a spoke's share
 * is priced on), and the network interfaces of those available (what its probe expects).
 */
async function centralEndpointsOf(
  ec2: Ec2Api,
  vpcId: string,
  region: string,
  stackName: string,
): Promise<Pick<CentralVpc, 'endpointAzs'> & { endpointEnis: Record<string, string[]> }> {
  const endpoints = (await ourEndpointsIn(ec2, vpcId, stackName)).filter(
    (e) => e.VpcEndpointType === 'Interface',
  );
  const state = (e: Endpoint) => (e.State ?? '').toLowerCase();
  const service = (e: Endpoint) => (e.ServiceName ?? '').replace(`com.amazonaws.${region}.`, '');
  return {
    endpointAzs: Object.fromEntries(
      endpoints
        .filter((e) => !['deleted', 'deleting', 'failed'].includes(state(e)))
        .map((e) => [service(e), (e.SubnetIds ?? []).length]),
    ),
    endpointEnis: Object.fromEntries(
      endpoints.filter((e) => state(e) === 'available').map((e) => [service(e), e.NetworkInterfaceIds ?? []]),
    ),
  };
}

/** The zones associated with a VPC, ours (tagged by this stack, serving a central VPC) apart from others'. */
async function zonesOf(
  apis: Pick<CentralApis, 'route53' | 'zoneTags' | 'hub' | 'memberEc2'>,
  /** The account of `apis.route53` (the VPC's). */
  accountId: string,
  vpcId: string,
  region: string,
  stackName: string,
  withRecords: boolean,
): Promise<{ ours: OurZone[]; others: HostedZoneInfo[] }> {
  const { route53 } = apis;
  const zones: (HostedZoneInfo & { owner: string })[] = [];
  let NextToken: string | undefined;
  do {
    const page = await route53.send<ListHostedZonesByVPCResponse>(
      new ListHostedZonesByVPCCommand({ VPCId: vpcId, VPCRegion: region as never, NextToken }),
    );
    for (const z of page.HostedZoneSummaries ?? [])
      zones.push({
        zoneId: z.HostedZoneId ?? '',
        name: (z.Name ?? '').replace(/\.$/, '').toLowerCase(),
        // A zone a service owns (Cloud Map, EFS) names no account: it is not ours.
        owner: z.Owner?.OwningService ? 'service' : (z.Owner?.OwningAccount ?? accountId),
      });
    NextToken = page.NextToken;
  } while (NextToken);
  // A zone's tags are read in its own account (Route 53 answers only there): the VPC's, or — a member's
  // spoke — the hub's; a zone of any other account or of a service is not ours.
  const idsOf = (owner: string | undefined) => zones.filter((z) => z.owner === owner).map((z) => z.zoneId);
  const inHub = apis.hub ? idsOf(apis.hub.accountId) : [];
  const tags = new Map([
    ...(await zoneTags(apis, idsOf(accountId))),
    ...(apis.hub && inHub.length ? await zoneTags({ ...apis, route53: apis.hub.route53 }, inHub) : []),
  ]);
  const ours: OurZone[] = [];
  const others: HostedZoneInfo[] = [];
  for (const zone of zones) {
    const t = tags.get(zone.zoneId) ?? {};
    const central = t[CENTRAL_TAG];
    if (t[OWNER_TAG] !== stackName || !central) {
      others.push(zone);
      continue;
    }
    const detail = withRecords
      ? {
          records: await aliasRecords(route53, zone.zoneId),
          vpcIds: await associatedVpcs(route53, zone.zoneId),
          // A hub's zones: members' spokes join them by authorization.
          ...(apis.memberEc2 ? { authorized: await authorizedVpcs(route53, zone.zoneId) } : {}),
        }
      : {};
    ours.push({ ...zone, centralVpcId: central, ...detail });
  }
  return { ours, others };
}

async function zoneTags(
  apis: Pick<CentralApis, 'route53' | 'zoneTags'>,
  zoneIds: string[],
): Promise<Map<string, Record<string, string>>> {
  const known = apis.zoneTags ?? new Map<string, Record<string, string>>();
  const tags = new Map([...known].filter(([id]) => zoneIds.includes(id)));
  const unread = zoneIds.filter((id) => !tags.has(id));
  for (let i = 0; i < unread.length; i += TAG_BATCH) {
    const page = await apis.route53.send<ListTagsForResourcesResponse>(
      new ListTagsForResourcesCommand({
        ResourceType: 'hostedzone',
        ResourceIds: unread.slice(i, i + TAG_BATCH),
      }),
    );
    for (const set of page.ResourceTagSets ?? []) {
      const zoneTags = Object.fromEntries((set.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
      tags.set(set.ResourceId ?? '', zoneTags);
      // Only a zone already ours is remembered: one this turn tags (a crash's leftover) is read again.
      if (zoneTags[OWNER_TAG]) known.set(set.ResourceId ?? '', zoneTags);
    }
  }
  return tags;
}

/** The VPCs of other accounts the zone's account authorized to join it. */
async function authorizedVpcs(route53: AwsApi, zoneId: string): Promise<string[]> {
  const vpcIds: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await route53.send<ListVPCAssociationAuthorizationsResponse>(
      new ListVPCAssociationAuthorizationsCommand({ HostedZoneId: zoneId, NextToken }),
    );
    vpcIds.push(...(page.VPCs ?? []).map((v) => v.VPCId ?? ''));
    NextToken = page.NextToken;
  } while (NextToken);
  return vpcIds;
}

/** The VPCs a zone is associated with (GetHostedZone's VPCs). */
async function associatedVpcs(route53: AwsApi, zoneId: string): Promise<string[]> {
  const got = await route53.send<GetHostedZoneResponse>(new GetHostedZoneCommand({ Id: zoneId }));
  return (got.VPCs ?? []).map((v) => v.VPCId ?? '');
}

/**
 * The VPCs of the account and region tagged `privatelink:use` for this central VPC (by its id, or
 * `central` where it is the region's only one), with what each is served.
 */
async function subscribersOf(
  apis: Pick<CentralApis, 'ec2' | 'memberEc2'>,
  centralVpcId: string,
  region: string,
  config: OrchestratorConfig,
  list: SpokeList | undefined,
): Promise<Subscriber[]> {
  const centrals = await taggedVpcs(apis.ec2, TAG_KEYS.share);
  const own = centrals.find((v) => v.VpcId === centralVpcId);
  const shared = own ? (readDesiredState(toTags(own.Tags), { region, config }).desired.share ?? []) : [];
  const ofThis = { centralVpcId, shared, region, config };
  const subscribers = await subscribersIn(apis.ec2, { ...ofThis, theOnly: centrals.length === 1 });
  // A hub's central VPC: its spokes in members' accounts, in the accounts its list's entries name.
  const members = [...new Set((list?.entries ?? []).flatMap((e) => e.spokeAccountId ?? []))];
  for (const accountId of members)
    subscribers.push(
      ...(await memberSubscribers(apis, accountId, list, { ...ofThis, theOnly: centrals.length === 1 })),
    );
  return subscribers;
}

type Vpc = NonNullable<DescribeVpcsResult['Vpcs']>[number];
const taggedVpcs = (ec2: Ec2Api, key: string) =>
  ec2.paginate<DescribeVpcsResult, Vpc>(
    (NextToken) => new DescribeVpcsCommand({ Filters: [{ Name: 'tag-key', Values: [key] }], NextToken }),
    (page) => page.Vpcs,
  );

interface OfCentral {
  centralVpcId: string;
  shared: string[];
  region: string;
  config: OrchestratorConfig;
  /** `privatelink:use=central` names it: it is the only central VPC the spoke's account can mean. */
  theOnly: boolean;
}

/** An account's VPCs tagged `privatelink:use` for this central VPC, with what each is served. */
async function subscribersIn(ec2: Ec2Api, of: OfCentral, accountId?: string): Promise<Subscriber[]> {
  return (await taggedVpcs(ec2, TAG_KEYS.use)).flatMap((vpc) => {
    const tags = toTags(vpc.Tags);
    const use = (tags[TAG_KEYS.use] ?? '').trim().toLowerCase();
    if (use !== of.centralVpcId && !(use === 'central' && of.theOnly)) return [];
    const cidrBlocks = cidrsOf(vpc);
    const read = readDesiredState(tags, { region: of.region, config: of.config, vpcCidrs: cidrBlocks });
    const served = read.problems.length ? undefined : servedFrom({ shared: of.shared }, read.desired);
    const wants = read.desired.services.filter((s) => s.type === 'Interface').map((s) => s.name);
    return [
      {
        vpcId: vpc.VpcId ?? '',
        ...(accountId ? { accountId } : {}),
        cidrBlocks,
        wants,
        ...(served ? { served } : {}),
      },
    ];
  });
}

/**
 * A member account's spokes of the hub's central VPC: `use=central` there means the hub's only when the
 * member has no central VPC of its own. A member the hub cannot reach (no EC2 door, its role refused):
 * its spokes in the list keep their links, as a spoke whose tags do not parse does (no `served`).
 */
async function memberSubscribers(
  apis: Pick<CentralApis, 'memberEc2'>,
  accountId: string,
  list: SpokeList | undefined,
  of: OfCentral,
): Promise<Subscriber[]> {
  const unknown = () => {
    const entries = (list?.entries ?? []).filter((e) => e.spokeAccountId === accountId);
    return [...new Set(entries.map((e) => e.spokeVpcId))].map((vpcId) => ({
      vpcId,
      accountId,
      cidrBlocks: entries.filter((e) => e.spokeVpcId === vpcId).map((e) => e.cidr),
    }));
  };
  const ec2 = apis.memberEc2?.(accountId);
  if (!ec2) return unknown();
  try {
    const theOnly = of.theOnly && (await taggedVpcs(ec2, TAG_KEYS.share)).length === 0;
    return await subscribersIn(ec2, { ...of, theOnly }, accountId);
  } catch (err) {
    if (err instanceof SpokeAccessError) return unknown();
    throw err;
  }
}

const cidrsOf = (vpc: NonNullable<DescribeVpcsResult['Vpcs']>[number]) =>
  (vpc.CidrBlockAssociationSet ?? [])
    .filter((a) => a.CidrBlockState?.State === 'associated')
    .map((a) => a.CidrBlock ?? '');

/** A zone's alias A records (ours hold nothing else but its SOA and NS). */
export async function aliasRecords(route53: AwsApi, zoneId: string): Promise<AliasRecord[]> {
  const page = await route53.send<ListResourceRecordSetsResponse>(
    new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }),
  );
  return (page.ResourceRecordSets ?? [])
    .filter((r) => r.Type === 'A' && r.AliasTarget)
    .map((r) => ({
      name: (r.Name ?? '')
        .replace(/\.$/, '')
        .replace(/^\\052/, '*')
        .toLowerCase(),
      target: (r.AliasTarget?.DNSName ?? '').replace(/\.$/, '').toLowerCase(),
      targetZoneId: r.AliasTarget?.HostedZoneId ?? '',
    }));
}

/**
 * This stack's spoke lists in the account and region, with their entries (each described by its spoke's
 * id, and account where not the list's); `accountId`: the account, where not the run's VPC's.
 */
export async function spokeLists(ec2: Ec2Api, stackName: string, accountId?: string): Promise<SpokeList[]> {
  const lists = await ec2.paginate<
    DescribeManagedPrefixListsResult,
    NonNullable<DescribeManagedPrefixListsResult['PrefixLists']>[number]
  >(
    (NextToken) =>
      new DescribeManagedPrefixListsCommand({
        Filters: [{ Name: `tag:${OWNER_TAG}`, Values: [stackName] }],
        NextToken,
      }),
    (page) => page.PrefixLists,
  );
  const result: SpokeList[] = [];
  for (const list of lists) {
    const central = toTags(list.Tags)[CENTRAL_TAG];
    if (!central || !list.PrefixListId) continue;
    const entries = await listEntries(ec2, list.PrefixListId);
    result.push({
      prefixListId: list.PrefixListId,
      centralVpcId: central,
      ...(accountId ? { accountId } : {}),
      version: list.Version ?? 1,
      maxEntries: list.MaxEntries ?? 0,
      entries: entries.map((e) => ({ cidr: e.Cidr ?? '', ...entrySpoke(e.Description ?? '') })),
    });
  }
  return result;
}

/** Every entry of a prefix list, 100 a page (the API's most). */
export const listEntries = (ec2: Ec2Api, prefixListId: string) =>
  ec2.paginate<
    GetManagedPrefixListEntriesResult,
    NonNullable<GetManagedPrefixListEntriesResult['Entries']>[number]
  >(
    (NextToken) =>
      new GetManagedPrefixListEntriesCommand({ PrefixListId: prefixListId, NextToken, MaxResults: 100 }),
    (page) => page.Entries,
  );
