import type { DriftReport } from './drift-check';

/** One account and region of the fleet drift check. */
export interface DriftTarget {
  accountId: string;
  region: string;
}

export interface FleetDriftReport {
  mode: DriftReport['mode'];
  /** Each account and region checked, with its report. */
  checked: (DriftTarget & DriftReport)[];
  /** Accounts and regions that could not be checked (a spoke role missing, say), and why: the rest go on. */
  unreachable: (DriftTarget & { error: string; message: string })[];
}

/** How many accounts and regions are read at once: each is a handful of batched calls. */
const AT_ONCE = 4;

/**
 * The drift check over many accounts and regions (docs/architecture.md, "Hub and spokes"): each target is
 * checked as the single-account check does (batched reads, one event per drifted VPC, remediation through
 * the one-writer path), a few at a time, inside the drift function. A target that cannot be read is
 * reported, not fatal.
 */
export async function runFleetDrift(
  targets: DriftTarget[],
  check: (target: DriftTarget) => Promise<DriftReport>,
  mode: DriftReport['mode'],
): Promise<FleetDriftReport> {
  const report: FleetDriftReport = { mode, checked: [], unreachable: [] };
  const queue = [...targets];
  const worker = async () => {
    for (let target = queue.shift(); target; target = queue.shift()) {
      try {
        report.checked.push({ ...target, ...(await check(target)) });
      } catch (err) {
        const e = err as Error;
        report.unreachable.push({ ...target, error: e.name, message: e.message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, targets.length) }, worker));
  const order = (t: DriftTarget) => `${t.accountId}/${t.region}`;
  report.checked.sort((a, b) => order(a).localeCompare(order(b)));
  report.unreachable.sort((a, b) => order(a).localeCompare(order(b)));
  return report;
}

/** The hub's own account first, then every member, in every region (own region when none is configured). */
export function driftTargets(own: DriftTarget, members: string[], regions: string[]): DriftTarget[] {
  const inRegions = regions.length > 0 ? regions : [own.region];
  const accounts = [own.accountId, ...members.filter((a) => a !== own.accountId)];
  return accounts.flatMap((accountId) => inRegions.map((region) => ({ accountId, region })));
}
