import type { Route53Bucket } from '../vpc-ref';
import type { CentralWork } from './links';

/** Route 53 calls of each paced bucket that one LinkCentral turn makes, and the EC2 reads it paces too. */
export type Route53Calls = Record<Route53Bucket, number> & { ec2Reads: number };

/** Route 53 takes at most 10 zones a ListTagsForResources call (lib/aws/central-reads.ts). */
const TAG_BATCH = 10;

/** A spoke list's entries come a page of 100 a GetManagedPrefixListEntries call (lib/aws/central-reads.ts). */
const ENTRIES_PER_PAGE = 100;
const listPages = (maxSpokeCidrs: number): number => Math.max(1, Math.ceil(maxSpokeCidrs / ENTRIES_PER_PAGE));

/**
 * Plan's Route 53 reads with central endpoints on (the zones of the VPC for the DNS conflict check; the
 * zones of the VPC and of its central VPC, and their tags): what AcquireLock reserves of the account bucket.
 */
export const PLAN_ROUTE53_READS = 4;

/**
 * Plan's EC2 reads of the links: the spoke lists (one call), the central VPC and its endpoints, and the
 * list's entries, a page per 100 of `maxSpokeCidrs` (config central.maxSpokeCidrs).
 */
export const planCentralEc2Reads = (maxSpokeCidrs: number): number => 3 + listPages(maxSpokeCidrs);

/**
 * EC2 reads of a LinkCentral turn (its VPC, the spoke lists, the central VPC, a list change's read, the
 * read-back) and of the CheckConnectivity that follows at once (its VPC again): at fleet scale a spoke's
 * run is quick, and these reads, not Route 53's, would fill EC2's read bucket (100, 20 a second). Reserved
 * of the read pace with LinkCentral's Route 53 permits; measured 15 for a central VPC (a cold
 * container's catalogues included), the list in one page: each further 100 spokes add two pages (18 covers
 * 500); CheckConnectivity 8 (none for a spoke checked on what Plan read: links.ts, checkedOnPlan).
 */
const LINK_EC2_READS = 18;
const CHECK_EC2_READS = 8;
/**
 * A spoke's turn that acts on Plan's work reads back only: its VPC and endpoints (readLinkView), the spoke
 * lists (one call), and each list's entries, a page per 100 (GetManagedPrefixListEntries): one list of
 * `maxSpokeCidrs` entries. A turn that reads first reads twice that and the central VPC (3), less its list.
 */
const SPOKE_READ_BACK_EC2_READS = 3;
/** readLinkView's: the VPC and its endpoints. */
const LINK_VIEW_EC2_READS = 2;
const CENTRAL_VPC_EC2_READS = 3;

/**
 * EC2 reads of a served spoke's live probe right after its checks, with warm catalogues: served
 * everything, PrepareProbe reads the VPC and finds its group, RunProbe the central endpoints and their
 * interfaces (measured 4); with only links to do, the VPC's CIDRs and the central endpoints' interfaces
 * are Plan's (`linkView`, `centralVpc.endpointEnis`): its group and those interfaces' addresses (measured
 * 2); with endpoints of its own too, both steps read the whole VPC (measured 19).
 */
const PROBE_EC2_READS = { servedOnly: 4, servedOnlyOnPlan: 2, withOwn: 20 };

/** How a LinkCentral turn will go, for what it reserves. */
export interface TurnShape {
  /** The live probe that follows a served spoke's turn (config probe.enabled); its reads are reserved too. */
  probe?: keyof typeof PROBE_EC2_READS;
  /** A spoke's turn acting on Plan's work: it reads back only (lib/workflow/link-central-step.ts). */
  onPlan?: boolean;
  /** ...and plans its read-back on Plan's view of its VPC and endpoints (only links to do): 2 reads fewer. */
  viewKnown?: boolean;
  /** The spoke list's size (config central.maxSpokeCidrs): its pages. */
  maxSpokeCidrs?: number;
  /** CheckConnectivity reads no EC2: its checks were made on what Plan read (links.ts, checkedOnPlan). */
  checkedOnPlan?: boolean;
  /** EC2 reads of this turn and what follows that the run's start reserved already (spokeReadsAfterPlan). */
  prepaid?: number;
}

/**
 * With central endpoints on, a run's start (AcquireLock) reserves, beside Plan's reads, those a spoke's
 * run makes after Plan when it acts on Plan's decision with only links to do: LinkCentral's read-back
 * (`maxSpokeCidrs`: the list's pages) and, with the probe on, the live probe's. Reserved later, they would
 * queue behind every run that started after this one: at fleet scale the starts hold the read pace while
 * the Route 53 buckets idle, then the associations go while the reads idle (500 spokes: 1,245 s, the two
 * phases one after the other). A turn that reads more reserves the rest; a VPC that turns out to be no
 * spoke reserved these for nothing: over, never under.
 */
export const spokeReadsAfterPlan = (maxSpokeCidrs: number, probe: boolean): number =>
  SPOKE_READ_BACK_EC2_READS +
  listPages(maxSpokeCidrs) -
  LINK_VIEW_EC2_READS +
  (probe ? PROBE_EC2_READS.servedOnlyOnPlan : 0);

/**
 * What LinkCentral will ask of Route 53 for the work Plan found (lib/workflow/link-central-step.ts), so it
 * reserves that much of each bucket before its first call. Its reads:
 * - a spoke (or a VPC that left): the zones associated with it, twice (decide, then read back), and their
 *   tags; its central VPC's zones and their tags, once (a spoke's run changes nothing there); a spoke's
 *   turn acting on Plan's work, the read-back only (the zones associated with it after, and their tags);
 * - a central VPC: its zones, their tags, and for each its records, associated VPCs and (a hub's)
 *   association authorizations, twice.
 * Its writes: each zone made (CreateHostedZone, its tags), each record change (with the zone's id looked
 * up when the zone was not made in the turn), each association and disassociation, each zone deleted
 * (its records, then the zone).
 * The count may run over what the turn makes, never under: a permit short of its calls is throttling.
 */
export function route53CallsOf(work: CentralWork, zonesShared: number, shape: TurnShape = {}): Route53Calls {
  const tagReads = (zones: number) => Math.ceil(zones / TAG_BATCH);
  const linked = work.associate.length + work.disassociate.length + work.served.length;
  const spokeReads = 1 + tagReads(linked);
  const reads =
    work.role === 'central'
      ? 2 * (1 + tagReads(zonesShared) + 3 * zonesShared)
      : shape.onPlan
        ? spokeReads
        : 2 + tagReads(work.associate.length + work.disassociate.length) + 2;
  const writes =
    2 * work.createZones.length +
    2 * work.upsertRecords.length +
    work.associate.length +
    work.disassociate.length +
    2 * work.deleteZones.length +
    (work.deauthorize?.length ?? 0);
  const { probe } = shape;
  return {
    account: reads + writes,
    associate: work.associate.length,
    createZone: work.createZones.length,
    ec2Reads: Math.max(
      0,
      linkEc2Reads(work, shape) +
        (work.role === 'spoke' && !shape.checkedOnPlan ? CHECK_EC2_READS : 0) +
        (probe && work.role === 'spoke' && work.served.length > 0 ? PROBE_EC2_READS[probe] : 0) -
        (shape.prepaid ?? 0),
    ),
  };
}

/** LinkCentral's own EC2 reads: a spoke's sized to its list's pages, a central VPC's as measured. */
function linkEc2Reads(work: CentralWork, shape: TurnShape): number {
  if (work.role === 'central' || shape.maxSpokeCidrs === undefined) return LINK_EC2_READS;
  const readBack = SPOKE_READ_BACK_EC2_READS + listPages(shape.maxSpokeCidrs);
  if (shape.viewKnown) return readBack - LINK_VIEW_EC2_READS;
  return shape.onPlan ? readBack : 2 * readBack + CENTRAL_VPC_EC2_READS;
}

/**
 * A member's VPC, the stack being a hub: what its LinkCentral turn asks of the hub's account (its central
 * VPC's zones and their tags, read once; each association authorized and the authorization deleted; the
 * central VPC, its endpoints and the hub's lists, read, and read back). Reserved of the hub's account
 * buckets beside the VPC's own, over rather than under.
 */
export const hubCallsOf = (
  work: CentralWork,
  /** The turn acts on Plan's work: its reads of the hub were reserved at the run's start (hubReadsAfterPlan). */
  prepaid = false,
): { account: number; ec2Reads: number } => ({
  account: 4 + 2 * work.associate.length,
  ec2Reads: prepaid ? 0 : HUB_LINK_EC2_READS,
});

/** What a member spoke's run reads of the hub after Plan, reserved at its start as a spoke's own (spokeReadsAfterPlan). */
export const hubReadsAfterPlan = (): number => HUB_LINK_EC2_READS;

/**
 * EC2 reads a member's spoke makes in the hub after Plan: LinkCentral's (its central VPC, its endpoints,
 * the lists and their entries, twice) and its live probe's (the central endpoints and their interfaces).
 */
const HUB_LINK_EC2_READS = 10;
