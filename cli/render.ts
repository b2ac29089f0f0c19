import { costLine, usd } from '../lib/domain/cost';
import Table from 'cli-table3';
import type { CheckResult } from '../lib/domain/checks';
import type { DriftReport } from '../lib/operations/drift-check';
import type { EventLog } from '../lib/operations/local/run-state-machine';
import type { ExecutionResult } from '../lib/workflow/result-document';

/** Tables without colours when the output is not a terminal (pipes, CI logs, files). */
const makeTable = (head: string[], widths?: (number | null)[]) =>
  new Table({
    head,
    style: process.stdout.isTTY ? undefined : { head: [], border: [] },
    ...(widths ? { wordWrap: true, colWidths: widths as never } : {}),
  });

const MARK: Record<string, string> = { pass: '✓', fail: '✗', skip: '–' };

export function checksCell(checks: CheckResult[]): string {
  if (checks.length === 0) return '';
  return checks
    .map((c) => `${MARK[c.status] ?? c.status} ${c.name}${c.status === 'fail' ? `: ${c.detail}` : ''}`)
    .join('\n');
}

const shortIds = (ids: string[] | undefined) => (ids ?? []).join('\n');

export { makeTable };

export function resultTable(result: ExecutionResult): string {
  const table = makeTable([
    'service',
    'type',
    'endpoint',
    'action',
    'state',
    'subnets / route tables',
    'security group',
    'checks',
  ]);
  for (const s of result.services) {
    table.push([
      s.service,
      s.type,
      s.endpointId ?? '',
      s.action,
      s.state,
      shortIds(s.type === 'Gateway' ? s.routeTableIds : s.subnetIds),
      shortIds(s.securityGroupIds),
      checksCell(s.checks),
    ]);
  }
  const t = result.totals;
  const summary =
    `${result.vpcId} ${result.mode} ${result.status}: ${t.created} created, ${t.modified} modified, ${t.unchanged} unchanged, ` +
    `${t.deleted} deleted, ${t.adopted} adopted${t.planned ? `, ${t.planned} planned` : ''}; checks ${t.checksPassed} passed, ` +
    `${t.checksFailed} failed; EC2 calls ${result.apiCalls.read} read, ${result.apiCalls.mutating} mutating; ${(result.durationMs / 1000).toFixed(1)} s`;
  const group = result.securityGroup;
  const groupLine = group.groupId ? `\nmanaged security group ${group.groupId}: ${group.action}` : '';
  const cost = result.cost ? `\n${costLine(result.cost)}` : '';
  return `${table.toString()}${groupLine}\n${summary}${cost}`;
}

const fleetCostLine = (report: DriftReport) =>
  'unknown' in report.cost
    ? `Cost: unknown (${report.cost.unknown})`
    : `Cost: ${usd(report.cost.monthly)}/month for ${report.cost.endpoints} interface endpoint(s) in these VPCs (data processed not included; prices of ${report.cost.pricesTakenOn})`;

export function driftTable(report: DriftReport): string {
  if (report.drifted.length === 0)
    return `No drift in ${report.vpcsChecked} opted-in VPC(s) of ${report.region}.\n${fleetCostLine(report)}`;
  const table = makeTable(['vpc', 'kind', 'service', 'resource', 'detail'], [null, null, null, null, 60]);
  for (const d of report.drifted) {
    for (const f of d.findings) table.push([d.vpcId, f.kind, f.service ?? '', f.resourceId ?? '', f.detail]);
  }
  const remediated = report.remediations.length
    ? `\nRemediation: ${report.remediations.map((r) => `${r.vpcId} ${r.outcome}`).join(', ')}`
    : '';
  return `${table.toString()}\n${report.drifted.length} VPC(s) drifted; ${report.vpcsChecked} opted-in VPC(s) checked.${remediated}\n${fleetCostLine(report)}`;
}

/** One line per state entered and left, for live progress. */
export function progressLine(event: EventLog, startedAt: Map<string, number>): string | undefined {
  if (event.type === 'StateEntered') {
    startedAt.set(event.state.name, event.timestamp);
    return undefined;
  }
  if (event.type === 'StateExited') {
    const ms = event.timestamp - (startedAt.get(event.state.name) ?? event.timestamp);
    const out = event.state.output as { service?: string; action?: string; endpointId?: string } | null;
    const isTask = event.state.type === 'Task';
    const what =
      isTask && out?.service && out.endpointId
        ? `: ${out.service} ${out.action ?? ''} ${out.endpointId}`
        : '';
    return `  ✓ ${event.state.name}${what} (${ms} ms)`;
  }
  if (event.type === 'StateFailed') return `  ✗ ${event.state.name}: ${event.Error}`;
  if (event.type === 'StateRetried')
    return `  ↻ ${event.state.name} retried (attempt ${event.retry.attempt})`;
  if (event.type === 'StateCaught') return `  ↪ ${event.state.name} caught an error`;
  return undefined;
}
