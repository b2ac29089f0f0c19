/**
 * One pace per account and region for an EC2 request bucket (docs/architecture.md, "One pace per
 * account"). EC2 throttles CreateVpcEndpoint / ModifyVpcEndpoint / DeleteVpcEndpoints with one token
 * bucket per account and region (burst 4, refill 0.3 per second), shared by every caller; executions that
 * each paced only themselves sent N times that.
 *
 * The rule is GCRA (the generic cell rate algorithm) used as a reservation queue: the shared record holds
 * one number, the theoretical arrival time `tat` of the next permit. A caller asking at `now` is granted
 * the permit at `max(now, tat - tolerance)` and moves `tat` one emission interval on. So:
 * - permits are handed out in the order they were asked for: a waiting execution is never overtaken, no VPC
 *   starves;
 * - a permit is a time, not a held resource: an execution that dies holding one frees nothing, and its
 *   slot passes unused; nothing can deadlock;
 * - over any window, no more than `burst + perSecond × seconds` permits fall in it: the bucket's own bound.
 */

export interface PaceLimit {
  /** Permits that may be used at once after a quiet spell (EC2's bucket size, less a margin). */
  burst: number;
  /** Permits per second, sustained (EC2's refill rate, less a margin for other callers). */
  perSecond: number;
}

export interface PaceReservation {
  /** When the permit may be used (ms since the epoch). */
  grantAt: number;
  /** The record's next theoretical arrival time, to write back. */
  nextTat: number;
}

/** Where the pace records live (lib/aws/dynamo-pace.ts): reserve moves a record's `tat` atomically. */
export interface PaceStore {
  /** Reserves `cost` calls' worth (1: one endpoint call; a run's first reads: several) at once. */
  reserve(key: string, limit: PaceLimit, now: number, cost?: number): Promise<PaceReservation>;
}

/** The permit for a caller asking at `now`, given the record's `tat` (undefined: never used). */
export function reservePermit(
  tat: number | undefined,
  now: number,
  limit: PaceLimit,
  cost = 1,
): PaceReservation {
  const { increment, tolerance } = paceSteps(limit, cost);
  const from = Math.max(now, tat ?? now);
  return { grantAt: Math.max(now, from - tolerance), nextTat: from + increment };
}

/** How far a reservation of `cost` moves `tat`, and how far ahead of `tat` a burst may be granted. */
export function paceSteps(limit: PaceLimit, cost: number): { increment: number; tolerance: number } {
  const interval = 1000 / limit.perSecond;
  return { increment: cost * interval, tolerance: Math.max(0, limit.burst - cost) * interval };
}

/** Whole seconds to wait before `grantAt` (a Wait state's SecondsPath takes whole seconds). */
export const secondsUntil = (grantAt: number, now: number): number =>
  Math.max(0, Math.ceil((grantAt - now) / 1000));

/**
 * Reserves `cost` of a bucket's pace now: when it may be used, and the whole seconds a Wait state waits
 * for it (what ReservePermit and AcquireLock both hand the state machine).
 */
export async function reserveWait(
  deps: { pace: PaceStore; now: () => number },
  key: string,
  limit: PaceLimit,
  cost = 1,
): Promise<{ grantAt: number; waitSeconds: number }> {
  const now = deps.now();
  const { grantAt } = await deps.pace.reserve(key, limit, now, cost);
  return { grantAt, waitSeconds: secondsUntil(grantAt, now) };
}

/** One bucket's share of calls that are made together (reserveTogether). */
export interface PaceAsk {
  key: string;
  limit: PaceLimit;
  cost: number;
}

/**
 * Reserves calls of several buckets that one step makes together: the step goes at the latest grant, so
 * each bucket after the first is reserved as of the latest grant so far (its `tat` moves from when the
 * calls will really be made). Reserved as of `now` instead, a bucket whose turn came early would be spent
 * later, in a cluster with the grants after it, beyond its own burst. Put the bucket that grants latest
 * first (for a run's reads, EC2's read bucket).
 */
export async function reserveTogether(
  deps: { pace: PaceStore; now: () => number },
  asks: PaceAsk[],
): Promise<{ grantAt: number; waitSeconds: number }> {
  const now = deps.now();
  let grantAt = now;
  for (const ask of asks) {
    if (ask.cost <= 0) continue;
    const got = await deps.pace.reserve(ask.key, ask.limit, grantAt, ask.cost);
    grantAt = Math.max(grantAt, got.grantAt);
  }
  return { grantAt, waitSeconds: secondsUntil(grantAt, now) };
}
