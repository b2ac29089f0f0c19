import { toRunInput, type RunInput } from '../domain/execution-input';
import { AwsTransientError } from '../domain/errors';
import { reserveWait } from '../domain/pace';
import type { RunDeps } from '../domain/run-lock';
import { PLAN_CENTRAL_EC2_READS, PLAN_ROUTE53_READS } from '../domain/central/route53-calls';
import { lockKeyOf, paceKeyOf, route53PaceKeyOf, type VpcRef } from '../domain/vpc-ref';
import type { ReservePermitDeps } from './reserve-permit-step';
import type { StepContext } from './step-context';

export interface LockResult {
  acquired: boolean;
  holder: string;
  tookOverFrom?: string;
  /** Seconds to wait for the account's read pace before the first reads (0: go now). */
  readsWaitSeconds?: number;
}

/** The EC2 reads a run makes at once as it starts (Plan's): what it reserves of the read pace. */
export const FIRST_READS = 10;

/**
 * First state of every execution: validates the input once (it becomes the root of the execution state),
 * then holds the VPC, or notes the change for the execution that holds it and stops.
 */
export async function acquireLockStep(
  event: { input: unknown; executionId: string },
  ctx: Pick<StepContext, 'own' | 'config'>,
  deps: RunDeps & ReservePermitDeps,
): Promise<RunInput & { lock: LockResult }> {
  const input = toRunInput(event.input, ctx.own);
  const lock = await acquire(lockKeyOf(input.vpc), event.executionId, deps);
  if (!lock.acquired) return { ...input, lock };
  // A fleet's runs start together: their first reads queue for the account's read bucket, fairly.
  const key = paceKeyOf('read', input.vpc);
  const reads = FIRST_READS + (ctx.config.central ? PLAN_CENTRAL_EC2_READS : 0);
  const { waitSeconds } = await reserveWait(deps, key, ctx.config.pace.read, reads);
  // With central endpoints on, Plan reads Route 53 too: those reads queue for its account bucket.
  const route53 = ctx.config.central
    ? await reserveWait(
        deps,
        route53PaceKeyOf('account', input.vpc),
        ctx.config.pace.route53.account,
        PLAN_ROUTE53_READS,
      )
    : { waitSeconds: 0 };
  const hub = await hubReadsWait(input.vpc, ctx, deps);
  return {
    ...input,
    lock: { ...lock, readsWaitSeconds: Math.max(waitSeconds, route53.waitSeconds, hub) },
  };
}

/**
 * A member's VPC with central endpoints on: Plan may read the hub's central VPC, its zones and lists
 * (docs/architecture.md, "Centralized endpoints across accounts"), reserved of the hub's buckets too.
 */
async function hubReadsWait(
  vpc: VpcRef,
  ctx: Pick<StepContext, 'own' | 'config'>,
  deps: ReservePermitDeps,
): Promise<number> {
  if (!ctx.config.central || !ctx.config.hub || vpc.own) return 0;
  const hub = { ...vpc, accountId: ctx.own.accountId };
  const { config } = ctx;
  const reads = await reserveWait(deps, paceKeyOf('read', hub), config.pace.read, PLAN_CENTRAL_EC2_READS);
  const zones = await reserveWait(
    deps,
    route53PaceKeyOf('account', hub),
    config.pace.route53.account,
    PLAN_ROUTE53_READS,
  );
  return Math.max(reads.waitSeconds, zones.waitSeconds);
}

/** Looks at the lock at most this often in one invocation: each look sees it held, or takes it. */
const MAX_LOOKS = 5;

/** Takes the lock record `key` (lockKeyOf) for the execution. */
async function acquire(key: string, executionId: string, deps: RunDeps): Promise<LockResult> {
  let marked = false;
  for (let look = 0; look < MAX_LOOKS; look += 1) {
    const attempt = await deps.locks.acquire(key, executionId);
    if (attempt.acquired) return { acquired: true, holder: executionId };
    // Refused, and no holder when we looked: it let go in between. The VPC is free: try again.
    if (!attempt.holder) continue;
    if (!(await deps.executions.isRunning(attempt.holder))) {
      // The holder died without releasing (aborted, timed out): take over from it.
      const stolen = await deps.locks.acquire(key, executionId, attempt.holder);
      if (!stolen.acquired && !stolen.holder) continue;
      return {
        acquired: stolen.acquired,
        holder: stolen.holder ?? executionId,
        tookOverFrom: attempt.holder,
      };
    }
    // Held by a running execution after our mark: it releases after the mark (and starts a successor),
    // or it acquired after the mark and reads the tags after it; either way the change is not lost.
    if (marked) return { acquired: false, holder: attempt.holder };
    // The holder may let go between our acquire and the mark, and would never see it: look again after.
    await deps.locks.markPending(key);
    marked = true;
  }
  throw new AwsTransientError(
    `the lock of ${key} changed hands ${MAX_LOOKS} times while this execution looked: trying again`,
  );
}
