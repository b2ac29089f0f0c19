import { PLAN_ROUTE53_READS, type Route53Calls } from '../domain/central/route53-calls';
import { AwsTransientError, Route53BusyError } from '../domain/errors';
import { reserveTogether, type PaceAsk } from '../domain/pace';
import { paceKeyOf, route53PaceKeyOf, type Route53Bucket, type VpcRef } from '../domain/vpc-ref';
import { MAX_PERMITS_PER_ENDPOINT, type ReservePermitDeps } from './reserve-permit-step';
import type { StepContext } from './step-context';
import { MIN_REQUEUE_SECONDS, type PacedTurn, type StepPermit } from './step-permit';

const BUCKETS: Route53Bucket[] = ['account', 'associate', 'createZone'];

/**
 * In one account and region, `ec2Reads` of the read pace and `route53Calls` of the Route 53 account bucket
 * (none of it when 0): what Plan's first reads and a member's reads of the hub ask, reserved together
 * (reserveTogether) with whatever else the step makes at the same time.
 */
export const readsAndZoneCalls = (
  where: Pick<VpcRef, 'accountId' | 'region'>,
  config: StepContext['config'],
  ec2Reads: number,
  route53Calls: number,
): PaceAsk[] => [
  { key: paceKeyOf('read', where), limit: config.pace.read, cost: ec2Reads },
  { key: route53PaceKeyOf('account', where), limit: config.pace.route53.account, cost: route53Calls },
];

/** The longest Plan waits in its own invocation for its Route 53 reads' turn; longer, it runs again later. */
export const PLAN_ZONE_WAIT_SECONDS = 20;

/**
 * Plan's Route 53 reads (PLAN_ROUTE53_READS; a member's VPC's in the hub's account too), reserved of the
 * account bucket as Plan starts, when it makes them. Reserved at AcquireLock as of its read grant instead
 * (far ahead when a fleet starts at once), they pushed the bucket's next free turn past every run started
 * after: each LinkCentral's calls then waited for all those starts (docs/architecture.md, "Centralized
 * endpoints"). A short wait is slept; a longer one is AwsTransientError, which the state machine retries.
 */
export async function awaitPlanZoneReads(
  vpc: VpcRef,
  hubAccountId: string | undefined,
  ctx: Pick<StepContext, 'config'>,
  deps: ReservePermitDeps & { sleep: (ms: number) => Promise<void> },
): Promise<void> {
  const { waitSeconds } = await reserveTogether(deps, [
    ...readsAndZoneCalls(vpc, ctx.config, 0, PLAN_ROUTE53_READS),
    ...(hubAccountId
      ? readsAndZoneCalls({ ...vpc, accountId: hubAccountId }, ctx.config, 0, PLAN_ROUTE53_READS)
      : []),
  ]);
  if (waitSeconds > PLAN_ZONE_WAIT_SECONDS)
    throw new AwsTransientError(
      `Route 53's account bucket is booked for ${waitSeconds} s: ${vpc.vpcId}'s plan reads its zones later`,
    );
  if (waitSeconds > 0) await deps.sleep(waitSeconds * 1000);
}

/**
 * Whether LinkCentral may make its Route 53 calls (and its EC2 reads, of the read pace) now
 * (docs/architecture.md, "Centralized endpoints"):
 * yes with a permit that nobody spoiled, or when every bucket's reservation is due at once; otherwise the
 * permit its Wait state waits for (the latest of the buckets' grants) before the step runs again.
 * Throttled anyway (another caller), a new reservation, waited for at least MIN_REQUEUE_SECONDS: at
 * most MAX_PERMITS_PER_ENDPOINT, then Route53BusyError. Like EC2's, a permit is a time, never a held resource.
 */
export async function route53PermitToCall(
  calls: Route53Calls,
  turn: PacedTurn | undefined,
  vpc: VpcRef,
  ctx: Pick<StepContext, 'config'>,
  deps: ReservePermitDeps,
  /** A member's VPC: what the turn asks of the hub's account, reserved there too. */
  hub?: { accountId: string; account: number; ec2Reads: number },
): Promise<{ go: true } | { go: false; permit: StepPermit }> {
  const held = turn?.permit;
  if (held && !turn.throttled && held.calls >= calls.account) return { go: true };
  const taken = held?.taken ?? 0;
  if (taken >= MAX_PERMITS_PER_ENDPOINT) throw new Route53BusyError(taken);
  const latest = await reserveTogether(deps, [
    { key: paceKeyOf('read', vpc), limit: ctx.config.pace.read, cost: calls.ec2Reads },
    ...BUCKETS.map((bucket) => ({
      key: route53PaceKeyOf(bucket, vpc),
      limit: ctx.config.pace.route53[bucket],
      cost: calls[bucket],
    })),
    ...(hub
      ? readsAndZoneCalls({ ...vpc, accountId: hub.accountId }, ctx.config, hub.ec2Reads, hub.account)
      : []),
  ]);
  // After throttling, never straight back (lib/workflow/step-permit.ts, requeueAfterThrottling).
  if (latest.waitSeconds === 0 && !turn?.throttled) return { go: true };
  const waitSeconds = Math.max(turn?.throttled ? MIN_REQUEUE_SECONDS : 0, latest.waitSeconds);
  const permit = { grantAt: new Date(latest.grantAt).toISOString(), waitSeconds };
  return { go: false, permit: { ...permit, calls: calls.account, taken: taken + 1 } };
}
