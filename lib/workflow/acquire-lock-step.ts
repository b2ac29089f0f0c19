import { toRunInput, type RunInput } from '../domain/execution-input';
import { AwsTransientError } from '../domain/errors';
import type { RunDeps } from '../domain/run-lock';
import { hubReadsAfterPlan, planCentralEc2Reads, spokeReadsAfterPlan } from '../domain/central/route53-calls';
import { lockKeyOf } from '../domain/vpc-ref';
import { reserveTogether } from '../domain/pace';
import { readsAndZoneCalls } from './route53-permit';
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
  // A fleet's runs start together: their first reads queue for the account's read bucket, fairly; with
  // central endpoints on, a member's VPC reads the hub's central VPC too. Plan's Route 53 reads are
  // reserved as Plan starts (awaitPlanZoneReads).
  const { config } = ctx;
  const central = Boolean(config.central);
  const maxSpokeCidrs = config.central?.maxSpokeCidrs ?? 0;
  const centralReads = planCentralEc2Reads(maxSpokeCidrs);
  // ...and, with central endpoints on, what a spoke's run reads after Plan (spokeReadsAfterPlan).
  const firstReads =
    FIRST_READS + (central ? centralReads + spokeReadsAfterPlan(maxSpokeCidrs, config.probe.enabled) : 0);
  // docs/architecture.md, "Centralized endpoints across accounts".
  const hub =
    central && config.hub && !input.vpc.own ? { ...input.vpc, accountId: ctx.own.accountId } : undefined;
  const { waitSeconds } = await reserveTogether(deps, [
    ...readsAndZoneCalls(input.vpc, config, firstReads, 0),
    ...(hub ? readsAndZoneCalls(hub, config, centralReads + hubReadsAfterPlan(), 0) : []),
  ]);
  return { ...input, lock: { ...lock, readsWaitSeconds: waitSeconds } };
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
