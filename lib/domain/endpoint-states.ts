/**
 * What an endpoint's state means to the product (docs/architecture.md, "Waiting for endpoints"): every
 * set of states it decides by is here, and nowhere else.
 */

/**
 * EC2's endpoint states (the SDK's `State`, lower-cased once at the adapter, lib/aws/ec2-mappers.ts);
 * `unknown` stands for a state EC2 may add later, never treated as live.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcEndpoint.html
 */
export const ENDPOINT_STATES = [
  'pendingacceptance',
  'pending',
  'available',
  'partial',
  'deleting',
  'deleted',
  'rejected',
  'failed',
  'expired',
  'unknown',
] as const;
export type EndpointState = (typeof ENDPOINT_STATES)[number];

/** EC2's answer as one of ours: lower case, anything new is `unknown`. */
export const toEndpointState = (raw: string | undefined): EndpointState => {
  const state = (raw ?? '').toLowerCase();
  return (ENDPOINT_STATES as readonly string[]).includes(state) ? (state as EndpointState) : 'unknown';
};

const setOf = (...states: EndpointState[]): ReadonlySet<EndpointState> => new Set(states);

/** On its way somewhere (a run that made or changed it was interrupted, or it is just slow): not settled. */
const TRANSITIONAL = setOf('pending', 'pendingacceptance', 'deleting');
/** Will never serve traffic, though EC2 still lists it: a failed run's to compensate, a plan's to replace. */
const FAILED = setOf('failed', 'rejected', 'expired');
/** Going or gone: nothing to keep, repair or count. */
const GONE = setOf('deleting', 'deleted');
/** Neither serving nor ever going to: failed, or going or gone. */
const DEAD = new Set<EndpointState>([...FAILED, ...GONE, 'unknown']);

export const isSettling = (state: EndpointState | undefined) =>
  state !== undefined && TRANSITIONAL.has(state);
/** Waiting for the service's owner to accept it: only they can move it on (to available, or rejected). */
export const isAwaitingAcceptance = (state: EndpointState | undefined) => state === 'pendingacceptance';
export const isFailed = (state: EndpointState) => FAILED.has(state);
export const isGone = (state: EndpointState) => GONE.has(state);
/** Dead: failed or gone (or a state we do not know). What is not dead is, or will be, an endpoint to reckon with. */
export const isDead = (state: EndpointState) => DEAD.has(state);
/** Listed at all: a describe keeps `deleted` endpoints for a while. */
export const isListed = (state: EndpointState) => state !== 'deleted';
