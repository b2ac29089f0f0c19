import type { DetailType, EventSink } from '../domain/events';
import { VpcGoneError } from '../domain/errors';
import { buildResult, vpcGoneDuringRun, type ReportEvent } from './result';
import type { ExecutionResult } from './result-document';

/** The detail of our events: who, where, what changed, and the checks that failed. */
export function eventDetail(result: ExecutionResult) {
  return {
    vpcId: result.vpcId,
    account: result.accountId,
    region: result.region,
    executionArn: result.executionId,
    mode: result.mode,
    totals: result.totals,
    services: result.services.map((s) => ({
      service: s.service,
      type: s.type,
      endpointId: s.endpointId,
      action: s.action,
      state: s.state,
      failedChecks: s.checks.filter((c) => c.status === 'fail'),
    })),
  };
}

/**
 * Builds the result document and tells the world: Succeeded when every check passes, Awaiting Acceptance
 * when an endpoint waits for its service's owner, else Connectivity Check Failed — a VPC that fails its
 * checks is never reported as a success.
 */
export async function reportStep(event: ReportEvent, sink: EventSink): Promise<ExecutionResult> {
  // A VPC a later step found gone is not reported from what the checks read before: the failure path says so.
  const gone = vpcGoneDuringRun(event.state);
  if (gone) throw new VpcGoneError(gone);
  const result = buildResult(event);
  const detailType: DetailType =
    result.status === 'succeeded'
      ? 'PrivateLink Provisioning Succeeded'
      : result.status === 'awaiting-acceptance'
        ? 'PrivateLink Endpoint Awaiting Acceptance'
        : 'PrivateLink Connectivity Check Failed';
  await sink.emit(detailType, eventDetail(result));
  return result;
}
