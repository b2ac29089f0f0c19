import type { Route53Bucket } from '../vpc-ref';
import type { CentralWork } from './links';

/** Route 53 calls of each paced bucket that one LinkCentral turn makes, and the EC2 reads it paces too. */
export type Route53Calls = Record<Route53Bucket, number> & { ec2Reads: number };

/** Route 53 takes at most 10 zones a ListTagsForResources call (lib/aws/central-reads.ts). */
const TAG_BATCH = 10;

/**
 * Plan's Route 53 reads with central endpoints on (the zones of the VPC for the DNS conflict check; the
 * zones of the VPC and of its central VPC, and their tags): what AcquireLock reserves of the account bucket.
 */
export const PLAN_ROUTE53_READS = 4;

/** Plan's EC2 reads of the links (the spoke lists and their entries, the central VPC and its endpoints). */
export const PLAN_CENTRAL_EC2_READS = 4;

/**
 * EC2 reads of a LinkCentral turn (its VPC, the spoke lists, the central VPC, a list change's read, the
 * read-back) and of the CheckConnectivity that follows at once (its VPC again): at fleet scale a spoke's
 * run is quick, and these reads, not Route 53's, would fill EC2's read bucket (100, 20 a second). Reserved
 * of the read pace with LinkCentral's Route 53 permits; measured 15 for a central VPC (a cold
 * container's catalogues included) and 9 for a spoke (its VPC and endpoints only, readLinkView), the list
 * in one page: each further 100 spokes add two pages (18 covers 500); CheckConnectivity 8.
 */
const LINK_EC2_READS = 18;
const CHECK_EC2_READS = 8;

/**
 * EC2 reads of a served spoke's live probe right after its checks, with warm catalogues: served
 * everything, PrepareProbe reads the VPC and finds its group, RunProbe the central endpoints and their
 * interfaces (measured 5); with endpoints of its own too, both steps read the whole VPC (measured 19).
 */
const PROBE_EC2_READS = { servedOnly: 6, withOwn: 20 };

/**
 * What LinkCentral will ask of Route 53 for the work Plan found (lib/workflow/link-central-step.ts), so it
 * reserves that much of each bucket before its first call. Its reads:
 * - a spoke (or a VPC that left): the zones associated with it, twice (decide, then read back), and their
 *   tags; its central VPC's zones and their tags, once (a spoke's run changes nothing there);
 * - a central VPC: its zones, their tags, and for each its records, associated VPCs and (a hub's)
 *   association authorizations, twice.
 * Its writes: each zone made (CreateHostedZone, its tags), each record change (with the zone's id looked
 * up when the zone was not made in the turn), each association and disassociation, each zone deleted
 * (its records, then the zone).
 * The count may run over what the turn makes, never under: a permit short of its calls is throttling.
 */
export function route53CallsOf(
  work: CentralWork,
  zonesShared: number,
  /**
   * The live probe that follows a served spoke's turn (config probe.enabled): `servedOnly` when the
   * spoke has no endpoint of its own to probe besides. Its reads are reserved too.
   */
  probe?: 'servedOnly' | 'withOwn',
): Route53Calls {
  const tagReads = (zones: number) => Math.ceil(zones / TAG_BATCH);
  const reads =
    work.role === 'central'
      ? 2 * (1 + tagReads(zonesShared) + 3 * zonesShared)
      : 2 + tagReads(work.associate.length + work.disassociate.length) + 2;
  const writes =
    2 * work.createZones.length +
    2 * work.upsertRecords.length +
    work.associate.length +
    work.disassociate.length +
    2 * work.deleteZones.length +
    (work.deauthorize?.length ?? 0);
  return {
    account: reads + writes,
    associate: work.associate.length,
    createZone: work.createZones.length,
    ec2Reads:
      LINK_EC2_READS +
      (work.role === 'spoke' ? CHECK_EC2_READS : 0) +
      (probe && work.role === 'spoke' && work.served.length > 0 ? PROBE_EC2_READS[probe] : 0),
  };
}

/**
 * A member's VPC, the stack being a hub: what its LinkCentral turn asks of the hub's account (its central
 * VPC's zones and their tags, read once; each association authorized and the authorization deleted; the
 * central VPC, its endpoints and the hub's lists, read, and read back). Reserved of the hub's account
 * buckets beside the VPC's own, over rather than under.
 */
export const hubCallsOf = (work: CentralWork): { account: number; ec2Reads: number } => ({
  account: 4 + 2 * work.associate.length,
  ec2Reads: HUB_LINK_EC2_READS,
});

/**
 * EC2 reads a member's spoke makes in the hub after Plan: LinkCentral's (its central VPC, its endpoints,
 * the lists and their entries, twice) and its live probe's (the central endpoints and their interfaces).
 */
const HUB_LINK_EC2_READS = 10;
