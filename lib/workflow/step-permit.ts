import type { VpcRef } from '../domain/vpc-ref';
import { reserveEndpointPermit, type ReservePermitDeps } from './reserve-permit-step';
import type { StepContext } from './step-context';

/** Permits a step that makes several endpoint calls holds (UpdateRoutes, Compensate). */
export interface StepPermit {
  grantAt: string;
  /** Seconds its Wait state waits before the step runs again to use it. */
  waitSeconds: number;
  /** Endpoint-API calls it covers. */
  calls: number;
  /** Reservations this step made so far: each after the first followed throttling by another caller. */
  taken: number;
}

/** What such a step gets back from its own loop: the permit it reserved, and whether it was throttled since. */
export interface PacedTurn {
  permit: StepPermit | null;
  throttled: unknown;
}

/** At least this long between a throttled turn and the next one, even with the queue idle. */
export const MIN_REQUEUE_SECONDS = 1;

/**
 * A turn that follows throttling (`throttled` set by the state machine's catch) takes a new permit and
 * waits for it before it reads anything: a throttled call never comes straight back, whether its own
 * reads or its endpoint calls were throttled. Undefined when the turn was not throttled.
 */
export async function requeueAfterThrottling(
  turn: PacedTurn | undefined,
  vpc: VpcRef,
  ctx: Pick<StepContext, 'config'>,
  deps: ReservePermitDeps,
): Promise<StepPermit | undefined> {
  if (!turn?.throttled) return undefined;
  const calls = turn.permit?.calls ?? 1;
  const reserved = await reserveEndpointPermit(vpc, calls, turn.permit?.taken ?? 0, ctx, deps);
  return { ...reserved, waitSeconds: Math.max(MIN_REQUEUE_SECONDS, reserved.waitSeconds), calls };
}

/**
 * Whether a step may make `calls` endpoint-API calls now (docs/architecture.md, "One pace per account"):
 * yes with none to make, with a permit covering them that nobody spoiled, or when a new reservation is
 * due at once (a single run: always); otherwise the permit its Wait state waits for before the step runs
 * again. Throttled anyway (another tool), the permit is spent: a new one, at most
 * MAX_PERMITS_PER_ENDPOINT, then EndpointApiBusyError.
 */
export async function permitToCall(
  calls: number,
  turn: PacedTurn | undefined,
  vpc: VpcRef,
  ctx: Pick<StepContext, 'config'>,
  deps: ReservePermitDeps,
): Promise<{ go: true } | { go: false; permit: StepPermit }> {
  if (calls === 0) return { go: true };
  const held = turn?.permit;
  if (held && !turn.throttled && held.calls >= calls) return { go: true };
  const reserved = await reserveEndpointPermit(vpc, calls, held?.taken ?? 0, ctx, deps);
  if (reserved.waitSeconds === 0) return { go: true };
  return { go: false, permit: { ...reserved, calls } };
}
