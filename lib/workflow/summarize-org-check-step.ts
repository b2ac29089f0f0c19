import { readResults } from '../aws/org-drift-files';
import type { EventSink } from '../domain/events';
import { summarize, type OrgDriftSummary } from '../operations/org-drift/summary';
import type { OrgCheckFiles } from './list-org-targets-step';

/** Targets of each list an event names (EventBridge takes 256 KB a detail). */
const LISTED = 100;

/** The Organization check's end: every child's result (ResultWriter's files) as one summary, and one event. */
export async function summarizeOrgCheckStep(
  event: {
    manifest: { targets: number };
    results: { Bucket: string; Key: string };
    mode: string;
    executionId: string;
  },
  deps: Pick<OrgCheckFiles, 's3'> & { events: EventSink },
): Promise<OrgDriftSummary & { mode: string }> {
  const children = await readResults(deps.s3, event.results.Bucket, event.results.Key);
  const summary = { ...summarize(event.manifest.targets, children), mode: event.mode };
  // An event's detail holds 256 KB: the first targets of each list, their counts, and where the rest is.
  await deps.events.emit('PrivateLink Organization Drift Checked', {
    executionId: event.executionId,
    ...summary,
    drifted: summary.drifted.slice(0, LISTED),
    driftedTargets: summary.drifted.length,
    unreachable: summary.unreachable.slice(0, LISTED),
    unreachableTargets: summary.unreachable.length,
    results: event.results,
  });
  return summary;
}
