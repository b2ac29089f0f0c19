import type { ChildExecution, Where } from '../../aws/org-drift-files';
import type { BatchResult } from './check-targets';

/** What one Organization check found: its summary event, its output, the CLI's report. */
export interface OrgDriftSummary {
  /** Account-regions in the manifest. */
  targets: number;
  checked: number;
  vpcsChecked: number;
  /** Account-regions with at least one drifted VPC, and those VPCs. */
  drifted: (Where & { vpcIds: string[] })[];
  remediationsStarted: number;
  /** Account-regions not checked, and why: a role that cannot be assumed, or a child that failed. */
  unreachable: (Where & { error: string; message: string })[];
}

/**
 * The children's results as one summary: a child that succeeded reports its batch (targets checked, and
 * those it could not read); a child that failed leaves each target of its batch unchecked, with its error.
 */
export function summarize(targets: number, children: ChildExecution[]): OrgDriftSummary {
  const summary: OrgDriftSummary = {
    targets,
    checked: 0,
    vpcsChecked: 0,
    drifted: [],
    remediationsStarted: 0,
    unreachable: [],
  };
  for (const child of children) {
    if (child.Status !== 'SUCCEEDED') {
      const { Items = [] } = JSON.parse(child.Input) as { Items?: Where[] };
      for (const t of Items)
        summary.unreachable.push({
          accountId: t.accountId,
          region: t.region,
          error: child.Error ?? child.Status,
          message: child.Cause ?? `the child execution of its batch ended ${child.Status}`,
        });
      continue;
    }
    const batch = JSON.parse(child.Output ?? '{}') as Partial<BatchResult>;
    for (const c of batch.checked ?? []) {
      summary.checked += 1;
      summary.vpcsChecked += c.vpcsChecked;
      summary.remediationsStarted += c.remediationsStarted;
      if (c.drifted.length > 0)
        summary.drifted.push({ accountId: c.accountId, region: c.region, vpcIds: c.drifted });
    }
    for (const u of batch.unreachable ?? [])
      summary.unreachable.push({
        accountId: u.accountId,
        region: u.region,
        error: u.error,
        message: u.message,
      });
  }
  const order = (t: Where) => `${t.accountId}/${t.region}`;
  summary.drifted.sort((a, b) => order(a).localeCompare(order(b)));
  summary.unreachable.sort((a, b) => order(a).localeCompare(order(b)));
  return summary;
}
