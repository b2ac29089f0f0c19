import type { EventSink } from '../domain/events';
import { buildResult, type ReportEvent } from './result';
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
      failedChecks: s.checks.filter((c) => c.status === 'fail'),
    })),
  };
}

/** Builds the result document and tells the world: a Succeeded event, plus a Connectivity event on failed checks. */
export async function reportStep(event: ReportEvent, sink: EventSink): Promise<ExecutionResult> {
  const result = buildResult(event);
  await sink.emit('PrivateLink Provisioning Succeeded', eventDetail(result));
  if (result.totals.checksFailed > 0)
    await sink.emit('PrivateLink Connectivity Check Failed', eventDetail(result));
  return result;
}
