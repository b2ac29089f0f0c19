import type { CheckResult } from './checks';
import type { EndpointChanges, PlannedEndpoint } from './model';

/**
 * The safe DNS cut-over's rule (docs/architecture.md, "Safe DNS cut-over"): an endpoint made with private
 * DNS held off gets it only once it is available and every check of it passed, live ones included when
 * the live probe ran (against the endpoint's own DNS name, as private DNS is still off).
 */

/** What the run found about one endpoint: its static and live checks. */
export interface CutoverEvidence {
  endpointId?: string;
  state: string;
  checks: CheckResult[];
}

export interface CutoverItem {
  action: 'modify';
  spec: PlannedEndpoint['spec'];
  endpointId: string;
  changes: EndpointChanges;
}

export interface CutoverDecision {
  /** Items of the CutOverDns Map: one ModifyVpcEndpoint each, paced like any endpoint mutation. */
  items: CutoverItem[];
  /** Endpoints whose private DNS stays off, and why: the next run tries again. */
  held: { service: string; reason: string }[];
}

export function decideCutover(
  endpoints: PlannedEndpoint[],
  evidenceOf: (planned: PlannedEndpoint) => CutoverEvidence | undefined,
  probeRan: boolean,
): CutoverDecision {
  const decision: CutoverDecision = { items: [], held: [] };
  for (const planned of endpoints) {
    if (!planned.cutover) continue;
    const service = planned.spec.service;
    const evidence = evidenceOf(planned);
    const hold = (reason: string) => decision.held.push({ service, reason });
    if (!evidence?.endpointId || evidence.state !== 'available') {
      hold(`the endpoint is ${evidence?.state ?? 'missing'}, not available`);
      continue;
    }
    const failed = evidence.checks.find((c) => c.status === 'fail');
    if (failed) {
      hold(`check ${failed.name} failed: ${failed.detail}`);
      continue;
    }
    if (probeRan && !evidence.checks.some((c) => c.name.startsWith('live ') && c.status === 'pass')) {
      hold('the live probe did not check it');
      continue;
    }
    decision.items.push({
      action: 'modify',
      spec: planned.spec,
      endpointId: evidence.endpointId,
      changes: planned.cutover,
    });
  }
  return decision;
}
