import { EndpointApiBusyError } from '../domain/errors';
import { reserveWait, type PaceStore } from '../domain/pace';
import { paceKeyOf, type VpcRef } from '../domain/vpc-ref';
import type { StepContext } from './step-context';

export interface ReservePermitEvent {
  /** Permits this Map item reserved before (0 at first; more after throttling sent it back). */
  taken?: number;
  vpc: VpcRef;
  executionId: string;
}

export interface ReservePermitResult {
  /** When the permit may be used, and how long the WaitForPermit state waits for it. */
  grantAt: string;
  waitSeconds: number;
  /** Permits this item has reserved, this one included. */
  taken: number;
}

export interface ReservePermitDeps {
  pace: PaceStore;
  now: () => number;
}

/**
 * Permits one endpoint may reserve: every one after the first follows a call throttled by another
 * caller in spite of its permit. Past this, the account's bucket is not ours to pace (a tool spending it
 * all), and the item fails naming that, instead of queueing for ever.
 */
export const MAX_PERMITS_PER_ENDPOINT = 8;

/**
 * Reserves one permit of the account's endpoint-API pace before a mutating endpoint call
 * (docs/architecture.md, "One pace per account"). The execution waits for it in a Wait state: no Lambda
 * sleeps and no retry budget burns while the queue drains.
 */
export function reservePermitStep(
  event: ReservePermitEvent,
  ctx: StepContext,
  deps: ReservePermitDeps,
): Promise<ReservePermitResult> {
  return reserveEndpointPermit(event.vpc, 1, event.taken ?? 0, ctx, deps);
}

/**
 * The one reservation of endpoint-API permits, for one call (a Map item) or several (a step's loop):
 * refused past MAX_PERMITS_PER_ENDPOINT reservations, each after the first following throttling.
 */
export async function reserveEndpointPermit(
  vpc: VpcRef,
  calls: number,
  taken: number,
  ctx: Pick<StepContext, 'config'>,
  deps: ReservePermitDeps,
): Promise<ReservePermitResult> {
  if (taken >= MAX_PERMITS_PER_ENDPOINT) throw new EndpointApiBusyError(taken);
  const key = paceKeyOf('endpoint', vpc);
  const { grantAt, waitSeconds } = await reserveWait(deps, key, ctx.config.pace.endpoint, calls);
  return { grantAt: new Date(grantAt).toISOString(), waitSeconds, taken: taken + 1 };
}
