import type { EventSink } from '../domain/events';
import { eventDetail } from './report-step';
import { buildResult, causeMessage, type ReportEvent } from './result';
import type { ExecutionResult, FailureInfo } from './result-document';

/** Builds the result of a failed execution and emits the Failed event, with what compensation removed. */
export async function reportFailureStep(
  event: ReportEvent,
  sink: EventSink,
): Promise<FailureInfo & { result: ExecutionResult }> {
  const error = event.state.error ?? {
    Error: 'UnknownError',
    Cause: 'the execution failed without an error',
  };
  const cause = causeMessage(error.Cause);
  const result = buildResult({ ...event, error: { Error: error.Error, Cause: cause } });
  await sink.emit('PrivateLink Provisioning Failed', {
    ...eventDetail(result),
    error: error.Error,
    cause,
    removedByCompensation: event.state.compensation?.removed ?? [],
    ...compensationFailed(event.state),
  });
  return { Error: error.Error, Cause: cause, result };
}

/**
 * Compensation that failed itself (the spoke's trust revoked, say): what it could not remove — every
 * endpoint this run made, none of which it may have removed — and why, so nobody reads "removed nothing"
 * as "nothing to remove".
 */
function compensationFailed(state: ReportEvent['state']) {
  const failure = state.compensationError;
  if (!failure) return {};
  return {
    compensationFailed: {
      error: failure.Error,
      cause: causeMessage(failure.Cause),
      leftBehind: (state.applied ?? []).filter((a) => a.action === 'created').map((a) => a.endpointId),
    },
  };
}
