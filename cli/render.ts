import { costLine, usd } from '../lib/domain/cost';
import type { CheckResult } from '../lib/domain/checks';
import type { DriftReport } from '../lib/operations/drift-check';
import type { FleetCost } from '../lib/operations/fleet-cost';
import type { EventLog } from '../lib/operations/local/run-state-machine';
import type { ExecutionResult } from '../lib/workflow/result-document';
import type { Terminal } from './terminal';

/** A check's mark, green, red or dim on a terminal that shows colour. */
export function mark(status: string, terminal: Terminal): string {
  const c = terminal.colors;
  if (status === 'pass') return c.green('✓');
  if (status === 'fail') return c.red('✗');
  if (status === 'skip') return c.dim('–');
  return status;
}

export function checksCell(checks: CheckResult[], terminal: Terminal): string {
  if (checks.length === 0) return '';
  return checks
    .map((c) => `${mark(c.status, terminal)} ${c.name}${c.status === 'fail' ? `: ${c.detail}` : ''}`)
    .join('\n');
}

const shortIds = (ids: string[] | undefined) => (ids ?? []).join('\n');

export function resultTable(result: ExecutionResult, terminal: Terminal): string {
  const table = terminal.table([
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
      checksCell(s.checks, terminal),
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

/** A fleet's monthly endpoint cost, and with central endpoints what per-VPC ones would cost instead. */
export const fleetCostLine = (cost: FleetCost) =>
  'unknown' in cost
    ? `Cost: unknown (${cost.unknown})`
    : `Cost: ${usd(cost.monthly)}/month for ${cost.endpoints} interface endpoint(s) in these VPCs (data processed not included; prices of ${cost.pricesTakenOn})` +
      (cost.perVpcMonthly !== undefined
        ? `; with endpoints of their own in every spoke instead of the central ones: ${usd(cost.perVpcMonthly)}/month`
        : '');

export function driftTable(report: DriftReport, terminal: Terminal): string {
  const accepted = report.acceptances.length
    ? `\nAnswered by their services' owners (runs finish them): ${report.acceptances.map((r) => `${r.vpcId} ${r.outcome}`).join('; ')}`
    : '';
  if (report.drifted.length === 0)
    return `No drift in ${report.vpcsChecked} opted-in VPC(s) of ${report.region}.${accepted}\n${fleetCostLine(report.cost)}`;
  const table = terminal.table(['vpc', 'kind', 'service', 'resource', 'detail']);
  for (const d of report.drifted) {
    for (const f of d.findings) table.push([d.vpcId, f.kind, f.service ?? '', f.resourceId ?? '', f.detail]);
  }
  const remediated = report.remediations.length
    ? `\nRemediation: ${report.remediations.map((r) => `${r.vpcId} ${r.outcome}${r.verdict ? `, ${r.verdict}` : ''}`).join('; ')}`
    : '';
  return `${table.toString()}\n${report.drifted.length} VPC(s) drifted; ${report.vpcsChecked} opted-in VPC(s) checked.${remediated}${accepted}\n${fleetCostLine(report.cost)}`;
}

/**
 * The workflow's plumbing (docs/architecture.md, "The state machine"): the lock and the EC2 permits. With
 * the Choice, Pass, Wait and Succeed states they are folded out of progress unless --verbose; the steps
 * that read or change the VPC, and every retry, catch and failure, are always shown.
 */
export const PLUMBING_TASKS = new Set([
  'AcquireLock',
  'ReservePermit',
  'ReserveDeletionPermit',
  'ReserveCutOverPermit',
  'ReleaseLock',
  'ReleaseLockAfterFailure',
]);

const folded = (state: { name: string; type: string }) =>
  state.type !== 'Task' || PLUMBING_TASKS.has(state.name);

/** One line per state left (a step that mattered, or every state with `verbose`), for live progress. */
export function progressLine(
  event: EventLog,
  startedAt: Map<string, number>,
  terminal: Terminal,
  verbose = false,
): string | undefined {
  if (event.type === 'StateEntered') {
    startedAt.set(event.state.name, event.timestamp);
    return undefined;
  }
  const c = terminal.colors;
  if (event.type === 'StateExited') {
    if (!verbose && folded(event.state)) return undefined;
    const ms = event.timestamp - (startedAt.get(event.state.name) ?? event.timestamp);
    const out = event.state.output as { service?: string; action?: string; endpointId?: string } | null;
    const isTask = event.state.type === 'Task';
    const what =
      isTask && out?.service && out.endpointId
        ? `: ${out.service} ${out.action ?? ''} ${out.endpointId}`
        : '';
    return `  ${c.green('✓')} ${event.state.name}${what} ${c.dim(`(${ms} ms)`)}`;
  }
  if (event.type === 'StateFailed') return `  ${c.red('✗')} ${event.state.name}: ${event.Error}`;
  if (event.type === 'StateRetried')
    return `  ${c.yellow('↻')} ${event.state.name} retried (attempt ${event.retry.attempt})`;
  if (event.type === 'StateCaught') return `  ${c.yellow('↪')} ${event.state.name} caught an error`;
  return undefined;
}
