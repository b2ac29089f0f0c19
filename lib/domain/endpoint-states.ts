import type { EndpointInfo } from './model';

/**
 * How endpoints move towards available or gone, and what the workflow makes of it
 * (docs/architecture.md, "Waiting for endpoints").
 */

/** States an endpoint passes through on its way to available or gone. */
const TRANSITIONAL = new Set(['pending', 'pendingacceptance', 'modifying', 'deleting']);

/** Still on its way (a run that made or changed it was interrupted, or it is just slow): not settled. */
export const isSettling = (state: string | undefined) => state !== undefined && TRANSITIONAL.has(state);
/** States of an endpoint that will never serve traffic. */
const FAILED = new Set(['failed', 'rejected']);

export interface Settlement {
  /** Endpoints this execution created that went failed: the execution compensates. */
  failed: EndpointInfo[];
  /** Endpoints still moving, or asked to be deleted and not gone yet, as "id (service) state". */
  waitingFor: string[];
}

/** Where our endpoints stand after this execution's changes. */
export function settlement(
  endpoints: EndpointInfo[],
  executionTag: { key: string; executionId: string },
  deletionIds: string[],
): Settlement {
  return {
    failed: endpoints.filter(
      (e) => FAILED.has(e.state) && e.tags[executionTag.key] === executionTag.executionId,
    ),
    waitingFor: endpoints
      .filter(
        (e) => TRANSITIONAL.has(e.state) || (deletionIds.includes(e.endpointId) && e.state !== 'deleted'),
      )
      .map((e) => `${e.endpointId} (${e.serviceName}) ${e.state}`),
  };
}

/** Endpoints a failed execution made that are not available: the ones compensation removes. */
export const brokenEndpoints = (mine: EndpointInfo[]) =>
  mine.filter((e) => e.state !== 'available' && e.state !== 'deleting').map((e) => e.endpointId);
