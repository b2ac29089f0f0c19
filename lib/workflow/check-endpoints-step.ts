import { readManagedEndpoints } from '../aws/discovery';
import { EXECUTION_TAG } from '../domain/config';
import { settlement } from '../domain/endpoint-settlement';
import { EndpointFailedError, EndpointTimeoutError } from '../domain/errors';
import type { ApiCallCount, Plan } from '../domain/model';
import type { StepContext } from './step-context';
import type { VpcRef } from '../domain/vpc-ref';

export interface CheckEndpointsEvent {
  vpc: VpcRef;
  executionId: string;
  deletions: Plan['deletions'];
  /** What the ApplyEndpoints Map made or changed: each is waited for until EC2 lists it settled. */
  applied: { endpointId: string }[];
  previous: { attempt: number; apiCalls: ApiCallCount };
}

export interface CheckEndpointsResult {
  status: 'ready' | 'waiting';
  attempt: number;
  waitingFor: string[];
  /** Endpoints waiting for their service's owner to accept them: not waited for. */
  awaiting: string[];
  /** Seconds the WaitForEndpoints state waits before the next look (lib/domain/endpoint-states.ts). */
  nextPollSeconds: number;
  /** The running total of the whole wait loop. */
  apiCalls: ApiCallCount;
}

/**
 * One turn of the wait loop: are our endpoints settled? Throws EndpointFailedError when an endpoint this
 * execution created went failed, EndpointTimeoutError when the attempts run out (the state machine then
 * compensates). The loop counts attempts rather than reading a clock, so it is deterministic.
 */
export async function checkEndpointsStep(
  event: CheckEndpointsEvent,
  ctx: StepContext & { maxAttempts: number; now?: () => number },
): Promise<CheckEndpointsResult> {
  const attempt = event.previous.attempt + 1;
  const endpoints = await readManagedEndpoints(ctx.api, event.vpc.vpcId, ctx.config.stackName);
  const { failed, waitingFor, awaiting, nextPollSeconds } = settlement(
    endpoints,
    { key: EXECUTION_TAG, executionId: event.executionId },
    {
      deletionIds: event.deletions.map((d) => d.endpointId),
      madeIds: event.applied.map((a) => a.endpointId),
    },
    (ctx.now ?? Date.now)(),
  );
  const apiCalls = {
    read: event.previous.apiCalls.read + ctx.api.calls.read,
    mutating: event.previous.apiCalls.mutating + ctx.api.calls.mutating,
  };
  if (failed.length > 0) {
    throw new EndpointFailedError(
      failed
        .map(
          (e) => `${e.endpointId} (${e.serviceName}) is ${e.state}: ${e.failureReason ?? 'no reason given'}`,
        )
        .join('; '),
    );
  }
  if (waitingFor.length === 0)
    return { status: 'ready', attempt, waitingFor, awaiting, nextPollSeconds, apiCalls };
  if (attempt >= ctx.maxAttempts) {
    throw new EndpointTimeoutError(`still not settled after ${attempt} checks: ${waitingFor.join(', ')}`);
  }
  return { status: 'waiting', attempt, waitingFor, awaiting, nextPollSeconds, apiCalls };
}
