import { isAwaitingAcceptance, isFailed, isListed, isSettling } from './endpoint-states';
import type { EndpointInfo } from './model';

/**
 * How endpoints move towards available or gone, and what the workflow makes of it
 * (docs/architecture.md, "Waiting for endpoints").
 */

/** One endpoint per service and type: the key of creation intents (docs/architecture.md, "Eventual consistency"). */
export const endpointKey = (e: { serviceName: string; type: string }) => `${e.serviceName}|${e.type}`;

export interface Settlement {
  /** Endpoints this execution created that went failed: the execution compensates. */
  failed: EndpointInfo[];
  /** Endpoints still moving, or asked to be deleted and not gone yet, as "id (service) state". */
  waitingFor: string[];
  /**
   * Endpoints waiting for their service's owner to accept them: not waited for (that may take days), the
   * run ends `awaiting-acceptance` and a later one finishes them (docs/architecture.md, "Endpoint services").
   */
  awaiting: string[];
  /** When to look again (seconds): see nextPollSeconds. */
  nextPollSeconds: number;
}

/**
 * How long a new endpoint is typically pending: "about a minute" for an interface endpoint (AWS's
 * create-interface-endpoint guide; docs/architecture.md, "Waiting for endpoints"), seconds for a gateway.
 */
export const TYPICAL_PENDING_MS = { Interface: 60_000, Resource: 60_000, Gateway: 10_000 } as const;
/** Polling once every endpoint is past its typical time: often enough to end within 10 s of the last. */
export const OVERDUE_POLL_SECONDS = 10;

/**
 * The next look at endpoints still pending: when the last of them is typically available, not sooner
 * (nothing to learn before), and every 10 s once they are all past it. The poll follows the endpoints'
 * own creation times, so a run that made them over a minute of pacing does not poll through it.
 */
export function nextPollSeconds(moving: EndpointInfo[], now: number): number {
  const expected = moving
    .filter((e) => e.state === 'pending' && e.createdAt !== undefined)
    .map((e) => (e.createdAt ?? 0) + TYPICAL_PENDING_MS[e.type]);
  const seconds = Math.ceil((Math.max(0, ...expected) - now) / 1000);
  return seconds > OVERDUE_POLL_SECONDS ? seconds : OVERDUE_POLL_SECONDS;
}

/**
 * Where our endpoints stand after this execution's changes. An endpoint this execution made that a
 * describe does not show yet is waited for too: EC2's describes are eventually consistent, and "none
 * pending" must not be read as "all settled".
 */
export function settlement(
  endpoints: EndpointInfo[],
  executionTag: { key: string; executionId: string },
  changes: { deletionIds: string[]; madeIds: string[] },
  /** The time now (ms): when to look next is counted from it. */
  now: number,
): Settlement {
  const listed = new Set(endpoints.map((e) => e.endpointId));
  const deleting = (e: EndpointInfo) => changes.deletionIds.includes(e.endpointId) && isListed(e.state);
  const awaiting = endpoints.filter((e) => isAwaitingAcceptance(e.state) && !deleting(e));
  const moving = endpoints.filter(
    (e) => (isSettling(e.state) && !isAwaitingAcceptance(e.state)) || deleting(e),
  );
  return {
    failed: endpoints.filter(
      (e) => isFailed(e.state) && e.tags[executionTag.key] === executionTag.executionId,
    ),
    waitingFor: [
      ...moving.map((e) => `${e.endpointId} (${e.serviceName}) ${e.state}`),
      ...changes.madeIds.filter((id) => !listed.has(id)).map((id) => `${id} not listed by EC2 yet`),
    ],
    awaiting: awaiting.map((e) => `${e.endpointId} (${e.serviceName})`),
    nextPollSeconds: nextPollSeconds(moving, now),
  };
}

/**
 * Endpoints a failed execution made that will never serve: the ones compensation removes. One still
 * pending is merely late — it becomes available and the next run finds it as ours — so it stays.
 */
export const brokenEndpoints = (mine: EndpointInfo[]) =>
  mine.filter((e) => isFailed(e.state)).map((e) => e.endpointId);
