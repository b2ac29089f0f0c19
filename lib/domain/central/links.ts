/**
 * Centralized endpoints, decided (docs/architecture.md, "Centralized endpoints"): what links a central VPC,
 * its spokes and the zones between them must have, against what they have. Pure: the reads come from
 * lib/aws/central-reads.ts, the calls go through lib/aws/central-links.ts.
 */
import { cidrContains } from '../cidr';
import type { DesiredState, EndpointInfo, HostedZoneInfo, RouteTableInfo, VpcSnapshot } from '../model';
import { isManaged } from '../ownership';
import { isDead, isGone } from '../endpoint-states';
import { zoneNamesFor, type ZoneName } from './zone-names';

/** An alias A record of one of our zones, to a central endpoint's regional DNS name. */
export interface AliasRecord {
  name: string;
  target: string;
  targetZoneId: string;
}

/** A private hosted zone of ours: it answers one name of a service a central VPC shares. */
export interface OurZone {
  zoneId: string;
  name: string;
  /** The central VPC it serves (its CENTRAL_TAG). */
  centralVpcId: string;
  /** Its alias records, where they were read (a central's own run reads them). */
  records?: AliasRecord[];
  /** The VPCs it is associated with, where they were read (a central's own run reads them). */
  vpcIds?: string[];
  /** VPCs of other accounts its account authorized to join it, where read (a hub's central VPC's run). */
  authorized?: string[];
}

/** A VPC tagged `privatelink:use` for a central VPC, as that central VPC's run reads it. */
export interface Subscriber {
  vpcId: string;
  /** A spoke in another account than its central VPC's (a hub's member): that account. */
  accountId?: string;
  cidrBlocks: string[];
  /** The services it is served (its services the central shares); undefined when its tags do not parse. */
  served?: string[];
  /** Its interface services (short names), whether shared or not: what a zone the central retires still serves it. */
  wants?: string[];
}

/** A central VPC's list of its spokes' CIDRs (a customer-managed prefix list), one entry per spoke CIDR. */
export interface SpokeList {
  prefixListId: string;
  centralVpcId: string;
  /** A list in another account than the run's VPC (the hub's, read for a member's VPC): that account. */
  accountId?: string;
  /** The list's version: every change names it, so two spokes never overwrite each other's entry. */
  version: number;
  maxEntries: number;
  /** Each entry's description is the spoke VPC's id, `<account>/<vpc id>` for a spoke in another account. */
  entries: { cidr: string; spokeVpcId: string; spokeAccountId?: string }[];
}

/** The central VPC a spoke uses, as read: its CIDRs, what it shares, its zones and list. */
export interface CentralVpc {
  vpcId: string;
  /** A central VPC in another account than the spoke (the hub's, for a member's spoke): that account. */
  accountId?: string;
  cidrBlocks: string[];
  shared: string[];
  /** Its endpoints of ours: the AZs of each, by service (short name), what a spoke's share is priced on. */
  endpointAzs: Record<string, number>;
  /**
   * Its available endpoints of ours: their network interfaces, by service (short name), whose addresses a
   * spoke's live probe expects the served names to answer (read where Plan read the endpoints).
   */
  endpointEnis?: Record<string, string[]>;
  zones: OurZone[];
  list?: SpokeList;
}

/**
 * What planning the links needs of the VPC: its id, account and CIDRs, its endpoints and the offers of
 * their services (a spoke's LinkCentral reads no more: docs/architecture.md, "Centralized endpoints").
 */
export interface LinkView {
  vpc: Pick<VpcSnapshot['vpc'], 'vpcId' | 'ownerId' | 'cidrBlocks'>;
  region: string;
  endpoints: VpcSnapshot['endpoints'];
  offers: VpcSnapshot['offers'];
}

/** What a run reads about the links around its VPC. */
export interface CentralState {
  /** Zones of ours associated with this VPC (any central's). */
  associated: OurZone[];
  /** Lists of ours holding an entry of this VPC. */
  listsWithEntries: SpokeList[];
  /** A central VPC: its own zones (with records) and list. */
  own?: { zones: OurZone[]; list?: SpokeList; groupHasListRule: boolean; subscribers: Subscriber[] };
  /** A spoke: the central VPC it uses. */
  central?: CentralVpc;
  /** A spoke: zones of others associated with it (they would conflict with ours). */
  foreignZones?: HostedZoneInfo[];
}

/**
 * CIDRs to add to or remove from a spoke list; `version`: the list's version they were planned against,
 * which the first change names without reading the list again (a newer one fails it, and it reads).
 */
export interface ListChange {
  prefixListId: string;
  /** The list's account where it is not the run's VPC's (the hub's). */
  accountId?: string;
  cidrs: string[];
  version?: number;
}

export interface CentralWork {
  role: 'central' | 'spoke' | 'none';
  centralVpcId?: string;
  /**
   * A spoke whose central VPC is in another account (the hub's): its zones are that account's, and each
   * association is authorized there first (CreateVPCAssociationAuthorization).
   */
  centralAccountId?: string;
  /** A spoke's services answered by the central VPC: no local interface endpoint. */
  served: string[];
  /** A central VPC: its spoke list to make, then its group's rule from it. */
  createList?: { name: string; maxEntries: number };
  authorizeListRule?: boolean;
  /** A central VPC: zones to make (associated with it) and their records to upsert. */
  createZones: { service: string; name: string }[];
  upsertRecords: { zoneName: string; records: AliasRecord[] }[];
  /** Entries to add to a list (the spoke's CIDRs) or remove from one (a spoke that left). */
  addEntries: ListChange[];
  removeEntries: ListChange[];
  associate: { zoneId: string; name: string }[];
  /** `vpcId`: another VPC's association a central VPC's run removes (its own run's VPC where absent). */
  disassociate: { zoneId: string; name: string; vpcId?: string }[];
  /**
   * A central VPC: zones of services it no longer shares that serve no spoke any more, deleted (their
   * records first: Route 53 deletes only an empty zone).
   */
  deleteZones: { zoneId: string; name: string; records: AliasRecord[] }[];
  /**
   * A hub's central VPC: association authorizations no longer needed (the VPC joined the zone, or is not a
   * spoke), such as a member spoke's run that crashed before deleting its own leaves.
   */
  deauthorize?: { zoneId: string; name: string; vpcId: string }[];
  /**
   * A central VPC: services it no longer shares whose zones still serve spokes that name them (their own
   * runs move them back first): its endpoints of them keep private DNS off until the zones go.
   */
  lingering?: string[];
  /** A central VPC: spokes whose own run has links to make (reported by the drift check, done by theirs). */
  spokesToLink?: { vpcId: string; detail: string }[];
  /**
   * A spoke: our endpoints of services the central VPC now answers here (private DNS off, every zone of the
   * service associated): deleted after LinkCentral, with a permit of the account's pace.
   */
  retire?: { endpointId: string; service: string; type: 'Interface'; reason: string }[];
}

const noWork = (role: CentralWork['role']): CentralWork => ({
  role,
  served: [],
  createZones: [],
  upsertRecords: [],
  addEntries: [],
  removeEntries: [],
  associate: [],
  disassociate: [],
  deleteZones: [],
});

/** Nothing to change: the links are as wanted. */
export const linksInPlace = (w: CentralWork): boolean =>
  !w.createList &&
  !w.authorizeListRule &&
  [
    w.createZones,
    w.upsertRecords,
    w.addEntries,
    w.removeEntries,
    w.associate,
    w.disassociate,
    w.deleteZones,
    w.deauthorize ?? [],
  ].every((list) => list.length === 0);

/**
 * A spoke list entry's description: the spoke VPC's id, prefixed by its account where that is not the
 * list's (a member's spoke in the hub's list), so the central VPC's run knows where to read that spoke.
 */
export const entryDescription = (spokeVpcId: string, spokeAccountId?: string): string =>
  spokeAccountId ? `${spokeAccountId}/${spokeVpcId}` : spokeVpcId;

/** The spoke an entry's description names (entryDescription, read back). */
export function entrySpoke(description: string): { spokeVpcId: string; spokeAccountId?: string } {
  const across = /^(\d{12})\/(.+)$/.exec(description);
  return across ? { spokeAccountId: across[1]!, spokeVpcId: across[2]! } : { spokeVpcId: description };
}

/** The spoke list's name: one per central VPC. */
export const spokeListName = (stackName: string, centralVpcId: string) =>
  `${stackName}-spokes-${centralVpcId}`;

/**
 * The links this VPC's desired state wants, against what they are. A central VPC: a zone per name of each
 * shared service, with aliases to its endpoint, and a list of spoke CIDRs its group admits. A spoke: its
 * CIDRs in the central's list, and the central's zones of the services it asks for associated with it.
 * Anything else of ours linked to the VPC (it left, or moved to another central VPC) is unlinked.
 */
export function planCentralLinks(
  desired: Pick<DesiredState, 'share' | 'use' | 'services'>,
  snapshot: LinkView,
  state: CentralState,
  stackName: string,
  maxSpokeCidrs: number,
): CentralWork {
  if (desired.share) return centralWork(desired.share, snapshot, state, stackName, maxSpokeCidrs);
  const vpcId = snapshot.vpc.vpcId;
  const central = desired.use ? state.central : undefined;
  const work = noWork(central ? 'spoke' : 'none');
  const served = central ? servedFrom(central, desired) : [];
  const wantedZones = central
    ? central.zones.filter((z) => served.some((s) => zoneServes(z, s, snapshot.region, snapshot.offers)))
    : [];
  work.disassociate = state.associated
    .filter((z) => !wantedZones.some((w) => w.zoneId === z.zoneId))
    .map(({ zoneId, name }) => ({ zoneId, name }));
  work.associate = wantedZones
    .filter((z) => !state.associated.some((a) => a.zoneId === z.zoneId))
    .map(({ zoneId, name }) => ({ zoneId, name }));
  const wantedList = central?.list;
  work.removeEntries = state.listsWithEntries
    .map((list) => ({
      prefixListId: list.prefixListId,
      ...(list.accountId ? { accountId: list.accountId } : {}),
      version: list.version,
      cidrs: list.entries
        .filter((e) => e.spokeVpcId === vpcId)
        .filter(
          (e) => list.prefixListId !== wantedList?.prefixListId || !snapshot.vpc.cidrBlocks.includes(e.cidr),
        )
        .map((e) => e.cidr),
    }))
    .filter((r) => r.cidrs.length > 0);
  if (central && wantedList) {
    const missing = snapshot.vpc.cidrBlocks.filter(
      (cidr) => !wantedList.entries.some((e) => e.cidr === cidr && e.spokeVpcId === vpcId),
    );
    if (missing.length)
      work.addEntries = [
        {
          prefixListId: wantedList.prefixListId,
          ...(wantedList.accountId ? { accountId: wantedList.accountId } : {}),
          cidrs: missing,
          version: wantedList.version,
        },
      ];
  }
  if (!central) return work;
  const retire = retiring(snapshot, served, wantedZones, work.associate, stackName);
  return {
    ...work,
    centralVpcId: central.vpcId,
    ...(central.accountId ? { centralAccountId: central.accountId } : {}),
    served,
    ...(retire.length ? { retire } : {}),
  };
}

/** Our endpoints of served services whose names the central zones answer here now: none of their zones still to associate. */
function retiring(
  snapshot: Pick<VpcSnapshot, 'region' | 'endpoints' | 'offers'>,
  served: string[],
  zones: OurZone[],
  toAssociate: CentralWork['associate'],
  stackName: string,
): NonNullable<CentralWork['retire']> {
  return served.flatMap((service) => {
    const names = zonesOfService(service, snapshot.region, snapshot.offers).map((z) => z.name);
    const answered =
      names.every((n) => zones.some((z) => z.name === n)) && !toAssociate.some((a) => names.includes(a.name));
    if (!answered) return [];
    return snapshot.endpoints
      .filter(
        (e) =>
          e.serviceName === `com.amazonaws.${snapshot.region}.${service}` &&
          e.type === 'Interface' &&
          isManaged(e.tags, stackName) &&
          !e.privateDnsEnabled &&
          !isDead(e.state) &&
          !isGone(e.state),
      )
      .map((e) => ({
        endpointId: e.endpointId,
        service: e.serviceName,
        type: 'Interface' as const,
        reason: 'moved to the central VPC: its zone answers here',
      }));
  });
}

/**
 * A links-only spoke (Plan's `linkView`) holding no endpoint of ours that its central VPC now serves:
 * LinkCentral retires nothing, so nothing changes its VPC after Plan. Its checks are made on what Plan
 * read, and CheckConnectivity makes again only those of the links, on LinkCentral's read-back.
 */
export const checkedOnPlan = (
  view: LinkView | undefined,
  work: Pick<CentralWork, 'role' | 'served'>,
  stackName: string,
): view is LinkView =>
  view !== undefined &&
  work.role === 'spoke' &&
  !view.endpoints.some(
    (e) =>
      e.type === 'Interface' &&
      work.served.some((s) => e.serviceName === `com.amazonaws.${view.region}.${s}`) &&
      isManaged(e.tags, stackName) &&
      !isGone(e.state),
  );

/** The spoke's services its central VPC shares (short names), sorted. */
export const servedFrom = (central: Pick<CentralVpc, 'shared'>, desired: Pick<DesiredState, 'services'>) =>
  desired.services
    .filter(
      (s) => s.type === 'Interface' && !s.allowListed && !s.serviceRegion && central.shared.includes(s.name),
    )
    .map((s) => s.name)
    .sort();

/** The zone names of a shared service in `region`, from the table or EC2's names (zone-names.ts). */
export const zonesOfService = (
  service: string,
  region: string,
  offers: VpcSnapshot['offers'],
): ZoneName[] => {
  const offer = Object.values(offers).find((o) => o.serviceName === `com.amazonaws.${region}.${service}`);
  return zoneNamesFor(service, region, offer?.privateDnsNames ?? []);
};

const zoneServes = (zone: OurZone, service: string, region: string, offers: VpcSnapshot['offers']) =>
  zonesOfService(service, region, offers).some((z) => z.name === zone.name);

function centralWork(
  shared: string[],
  snapshot: LinkView,
  state: CentralState,
  stackName: string,
  maxSpokeCidrs: number,
): CentralWork {
  const vpcId = snapshot.vpc.vpcId;
  const own = state.own ?? { zones: [], groupHasListRule: false, subscribers: [] };
  const work: CentralWork = { ...noWork('central'), centralVpcId: vpcId };
  const retired = retiredZones(own, shared, snapshot.region, snapshot.offers);
  const stale = staleLinks(own, vpcId, snapshot.region, snapshot.offers, retired);
  work.disassociate = stale.associations;
  const leftWith = (z: OurZone) =>
    (z.vpcIds ?? []).filter(
      (id) => id !== vpcId && !stale.associations.some((a) => a.zoneId === z.zoneId && a.vpcId === id),
    );
  work.deleteZones = retired
    .filter((z) => leftWith(z).length === 0)
    .map(({ zoneId, name, records }) => ({ zoneId, name, records: records ?? [] }));
  const lingering = [
    ...new Set(
      retired
        .filter((z) => leftWith(z).length > 0)
        .flatMap((z) =>
          own.subscribers.flatMap((s) => zoneServices(z, s.wants ?? [], snapshot.region, snapshot.offers)),
        ),
    ),
  ].sort();
  if (lingering.length) work.lingering = lingering;
  work.removeEntries = stale.entries;
  const deauthorize = spentAuthorizations(own);
  if (deauthorize.length) work.deauthorize = deauthorize;
  work.spokesToLink = spokesToLink(own, snapshot.region, snapshot.offers);
  if (!own.list) work.createList = { name: spokeListName(stackName, vpcId), maxEntries: maxSpokeCidrs };
  work.authorizeListRule = !own.groupHasListRule;
  for (const service of shared) {
    const endpoint = centralEndpointOf(snapshot, service, stackName);
    for (const zone of zonesOfService(service, snapshot.region, snapshot.offers)) {
      const existing = own.zones.find((z) => z.name === zone.name);
      if (!existing) work.createZones.push({ service, name: zone.name });
      const records = endpoint ? aliasRecordsOf(zone, endpoint) : [];
      const current = existing?.records ?? [];
      const stale = records.some(
        (r) =>
          !current.some(
            (c) => c.name === r.name && c.target === r.target && c.targetZoneId === r.targetZoneId,
          ),
      );
      if (records.length && stale) work.upsertRecords.push({ zoneName: zone.name, records });
    }
  }
  return work;
}

/** The central VPC's endpoint of ours for a service, once it has its regional DNS name. */
function centralEndpointOf(
  snapshot: Pick<VpcSnapshot, 'region' | 'endpoints'>,
  service: string,
  stackName: string,
): EndpointInfo | undefined {
  return snapshot.endpoints.find(
    (e) =>
      e.serviceName === `com.amazonaws.${snapshot.region}.${service}` &&
      e.type === 'Interface' &&
      e.state === 'available' &&
      isManaged(e.tags, stackName) &&
      e.dnsNames.length > 0 &&
      e.dnsZoneId !== undefined,
  );
}

/** The apex alias, and a `*.` alias where clients call subdomains; both to the endpoint's regional name. */
const aliasRecordsOf = (zone: ZoneName, endpoint: EndpointInfo): AliasRecord[] => {
  const target = endpoint.dnsNames[0] ?? '';
  const targetZoneId = endpoint.dnsZoneId ?? '';
  return [
    { name: zone.name, target, targetZoneId },
    ...(zone.wildcard ? [{ name: `*.${zone.name}`, target, targetZoneId }] : []),
  ];
};

/**
 * What stops a spoke reaching its central VPC, before anything changes: its endpoint subnets' route tables
 * need a route covering each of the central VPC's CIDRs through a transit gateway or a peering connection.
 */
export function unreachableCentral(
  routeTables: RouteTableInfo[],
  subnetIds: string[],
  central: Pick<CentralVpc, 'vpcId' | 'cidrBlocks'>,
): string[] {
  const tableOf = (subnetId: string) =>
    routeTables.find((t) => t.subnetIds.includes(subnetId)) ?? routeTables.find((t) => t.main);
  return subnetIds.flatMap((subnetId) => {
    const table = tableOf(subnetId);
    const missing = central.cidrBlocks.filter(
      (cidr) =>
        !table?.routes.some(
          (r) =>
            (r.transitGatewayId || r.vpcPeeringConnectionId) &&
            r.state !== 'blackhole' &&
            r.destinationCidrBlock !== undefined &&
            cidrContains(r.destinationCidrBlock, cidr),
        ),
    );
    return missing.length
      ? [
          `${subnetId} (${table?.routeTableId ?? 'no route table'}) has no route to ${missing.join(', ')} of ${central.vpcId} through a transit gateway or peering connection`,
        ]
      : [];
  });
}

const zoneServices = (zone: OurZone, shared: string[], region: string, offers: VpcSnapshot['offers']) =>
  shared.filter((service) => zonesOfService(service, region, offers).some((z) => z.name === zone.name));

/**
 * What a central VPC's zones and list hold for VPCs that are not its spokes (any more): associations of
 * VPCs not subscribed, or not served the zone's service, and entries of VPCs not subscribed or of CIDRs
 * not theirs (LZA #827, #836). A spoke whose tags do not parse keeps its links until they do.
 */
function staleLinks(
  own: NonNullable<CentralState['own']>,
  centralVpcId: string,
  region: string,
  offers: VpcSnapshot['offers'],
  retired: OurZone[],
): { associations: CentralWork['disassociate']; entries: CentralWork['removeEntries'] } {
  const subscriber = (id: string) => own.subscribers.find((s) => s.vpcId === id);
  const associations = own.zones.flatMap((zone) =>
    (zone.vpcIds ?? [])
      .filter((id) => id !== centralVpcId)
      .filter((id) => {
        const s = subscriber(id);
        if (!s) return true;
        // A zone no longer shared keeps the spokes that name its service: their own runs move them back.
        if (retired.includes(zone) && zoneServices(zone, s.wants ?? [], region, offers).length > 0)
          return false;
        return (
          s.served !== undefined &&
          !s.served.some((svc) => zonesOfService(svc, region, offers).some((z) => z.name === zone.name))
        );
      })
      .map((id) => ({ zoneId: zone.zoneId, name: zone.name, vpcId: id })),
  );
  const list = own.list;
  const cidrs = list
    ? list.entries
        .filter((e) => {
          const s = subscriber(e.spokeVpcId);
          return !s || !s.cidrBlocks.includes(e.cidr);
        })
        .map((e) => e.cidr)
    : [];
  return {
    associations,
    entries: list && cidrs.length ? [{ prefixListId: list.prefixListId, cidrs, version: list.version }] : [],
  };
}

/**
 * Authorizations a member's spoke no longer needs: it joined the zone (its run deletes the authorization
 * then, unless it crashed first), or it is no spoke. One for a spoke not yet associated stays: its run is
 * between authorizing and associating.
 */
const spentAuthorizations = (
  own: NonNullable<CentralState['own']>,
): NonNullable<CentralWork['deauthorize']> =>
  own.zones.flatMap((zone) =>
    (zone.authorized ?? [])
      .filter(
        (vpcId) => (zone.vpcIds ?? []).includes(vpcId) || !own.subscribers.some((s) => s.vpcId === vpcId),
      )
      .map((vpcId) => ({ zoneId: zone.zoneId, name: zone.name, vpcId })),
  );

/** The central VPC's zones of services it no longer shares. */
const retiredZones = (
  own: NonNullable<CentralState['own']>,
  shared: string[],
  region: string,
  offers: VpcSnapshot['offers'],
): OurZone[] => own.zones.filter((zone) => zoneServices(zone, shared, region, offers).length === 0);

/** Subscribed spokes lacking an association or a list entry: work for their own runs. */
function spokesToLink(
  own: NonNullable<CentralState['own']>,
  region: string,
  offers: VpcSnapshot['offers'],
): CentralWork['spokesToLink'] {
  return own.subscribers.flatMap((s) => {
    const missing = [
      ...own.zones
        .filter(
          (zone) =>
            (s.served ?? []).length > 0 && zoneServices(zone, s.served ?? [], region, offers).length > 0,
        )
        .filter((zone) => !(zone.vpcIds ?? []).includes(s.vpcId))
        .map((zone) => `not associated with ${zone.name}`),
      ...((s.served ?? []).length > 0
        ? s.cidrBlocks
            .filter((cidr) => !own.list?.entries.some((e) => e.spokeVpcId === s.vpcId && e.cidr === cidr))
            .map((cidr) => `${cidr} not in the spoke list`)
        : []),
    ];
    return missing.length ? [{ vpcId: s.vpcId, detail: missing.join('; ') }] : [];
  });
}

/** What the links around a VPC change in its own plan: services served to it, its list's rule kept. */
export interface CentralView {
  served?: string[];
  spokeListId?: string;
}

/** The desired state without the interface services a central VPC serves: no local endpoint for them. */
export const servedLocally = <D extends Pick<DesiredState, 'services'>>(desired: D, served: string[]): D =>
  served.length === 0
    ? desired
    : {
        ...desired,
        services: desired.services.filter((s) => !(s.type === 'Interface' && served.includes(s.name))),
      };

/**
 * What a spoke's checks need of the state read back, small enough for the execution state: each list
 * with this spoke's entries only (a central VPC's list holds every spoke's). Plan's view of the central
 * VPC travels the same way to LinkCentral.
 */
export function spokeView(state: CentralState, vpcId: string): CentralState {
  const mine = (list: SpokeList): SpokeList => ({
    ...list,
    entries: list.entries.filter((e) => e.spokeVpcId === vpcId),
  });
  const central = state.central;
  return {
    associated: state.associated,
    listsWithEntries: state.listsWithEntries.map(mine),
    ...(central ? { central: { ...central, ...(central.list ? { list: mine(central.list) } : {}) } } : {}),
    ...(state.foreignZones ? { foreignZones: state.foreignZones } : {}),
  };
}
