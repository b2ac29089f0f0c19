/**
 * The fleet on one page (README, "The fleet report"): the VPCs × services matrix, each VPC's
 * monthly cost and the fleet's, the advice with its savings, the last runs and the rollout, the drift
 * findings. One self-contained HTML document: its style and script inlined, a Content-Security-Policy
 * that lets it request nothing, every value from AWS escaped.
 */
import { needsAttention, utcMinute, type FleetRow, type ServiceState } from '../../domain/fleet-row';
import { usd } from '../../domain/cost';
import type { FleetAdvice } from '../advise';
import { PAGE_SCRIPT, PAGE_STYLE } from './page-assets';
import { ATTRIBUTION_TEXT, PATH_TEXT, RECOMMENDATION_TEXT } from '../../domain/advice/wording';

export interface FleetReportData {
  generatedAt: Date;
  stackName: string;
  /** Where the rows were read, for a person: `123456789012 us-east-1`, or the hub's members. */
  scope: string;
  rows: FleetRow[];
  totals: { vpcs: number; drifted: number; attention: number; monthlyCost: number; costUnknown: number };
  unreachable: { accountId: string; region: string; error: string; message: string }[];
  /** The advice, or why there is none on this page. */
  advice: FleetAdvice | { omitted: string };
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Every value that came from AWS (a Name tag, an error) goes through here. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

const STATE_TEXT: Record<ServiceState, string> = {
  local: 'local',
  central: 'central',
  missing: 'missing',
  failed: 'failed',
  pending: 'pending',
  failing: 'failing a check',
  drifted: 'drifted',
};

export function fleetReportHtml(data: FleetReportData): string {
  const when = utcMinute(data.generatedAt);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PrivateLink fleet — ${escapeHtml(data.stackName)} — ${when} UTC</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>PrivateLink fleet report</h1>
<p class="meta">Stack ${escapeHtml(data.stackName)} · ${escapeHtml(data.scope)} · generated ${when} UTC by privatelink report</p>
${cards(data)}
</header>
<main>
${fleetSection(data)}
${adviceSection(data.advice)}
${runsSection(data.rows)}
${findingsSection(data.rows)}
${unreachableSection(data.unreachable)}
</main>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

function cards(data: FleetReportData): string {
  const t = data.totals;
  const saving = 'omitted' in data.advice ? 'not read' : usd(data.advice.totals.savingMonthly);
  const items = [
    ['opted-in VPCs', String(t.vpcs)],
    ['need attention', String(t.attention)],
    ['drifted', String(t.drifted)],
    [
      'interface endpoints a month',
      `${usd(t.monthlyCost)}${t.costUnknown ? ` (+${t.costUnknown} unknown)` : ''}`,
    ],
    ['the advice saves a month', saving],
  ];
  return `<ul class="cards" aria-label="Totals">${items
    .map(([label, value]) => `<li><b>${escapeHtml(value ?? '')}</b>${escapeHtml(label ?? '')}</li>`)
    .join('')}</ul>`;
}

/** A sortable column head: a button inside the th, its order told by aria-sort. */
const head = (label: string, type: 'text' | 'number' = 'text') =>
  `<th scope="col" data-type="${type}"><button type="button">${escapeHtml(label)}</button><span class="arrow" aria-hidden="true"></span></th>`;

function fleetSection(data: FleetReportData): string {
  const services = [...new Set(data.rows.flatMap((r) => Object.keys(r.serviceStates)))].sort();
  const rows = data.rows.map((r) => fleetRow(r, services)).join('\n');
  return `<section aria-labelledby="fleet-title">
<h2 id="fleet-title">Fleet: VPCs × services</h2>
<div class="controls">
<label for="fleet-filter">Filter by account, region, VPC, name or service<input id="fleet-filter" type="search" autocomplete="off"></label>
<label for="fleet-show">Show<select id="fleet-show">
<option value="all">every VPC</option><option value="attention">needing attention</option>
<option value="drifted">with a drifted service</option><option value="missing">with a missing endpoint</option>
<option value="failed">with a failed endpoint or run</option><option value="failing">failing a check</option>
<option value="central">served by central endpoints</option>
</select></label>
<p id="fleet-count" role="status" aria-live="polite">Showing ${data.rows.length} of ${data.rows.length} VPCs</p>
</div>
<p class="legend">Each cell: <span class="s-local">local</span> (an endpoint of its own), <span class="s-central">central</span> (the central VPC's), <span class="s-missing">missing</span>, <span class="s-failed">failed</span>, <span class="s-pending">pending</span>, <span class="s-failing">failing a check</span>, <span class="s-drifted">drifted</span>; — not asked for.</p>
<div class="scroll">
<table id="fleet" data-sortable>
<caption>${data.rows.length} opted-in VPCs; click a column's name to sort by it</caption>
<thead><tr>${head('account')}${head('region')}${head('VPC')}${services.map((s) => head(s)).join('')}${head('a month', 'number')}${head('drift', 'number')}${head('last run')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>
</section>`;
}

function fleetRow(r: FleetRow, services: string[]): string {
  const states = new Set<string>(Object.values(r.serviceStates));
  if (r.drift > 0 || states.has('drifted')) states.add('drifted');
  if (r.lastRun.state === 'failed') states.add('failed');
  if (needsAttention(r)) states.add('attention');
  const text = [r.accountId, r.region, r.vpcId, r.name ?? '', ...Object.keys(r.serviceStates)]
    .join(' ')
    .toLowerCase();
  const cells = services.map((s) => {
    const state = r.serviceStates[s];
    return state
      ? `<td class="s-${state}" data-sort="${state}">${STATE_TEXT[state]}</td>`
      : '<td class="s-none" data-sort="~">—</td>';
  });
  const name = r.name ? `<span class="name">${escapeHtml(r.name)}</span>` : '';
  const cost = r.monthlyCost === null ? 'unknown' : usd(r.monthlyCost);
  return `<tr data-text="${escapeHtml(text)}" data-states="${[...states].join(' ')}"><td>${escapeHtml(r.accountId)}</td><td>${escapeHtml(r.region)}</td><th scope="row" data-sort="${escapeHtml(r.vpcId)}">${escapeHtml(r.vpcId)}${name}${r.tagsValid ? '' : ' <span class="s-failed">invalid tags</span>'}</th>${cells.join('')}<td class="num" data-sort="${r.monthlyCost ?? -1}">${cost}</td><td class="num">${r.drift}</td><td data-sort="${r.lastRun.startedAt ?? 0}">${escapeHtml(lastRun(r))}</td></tr>`;
}

function lastRun(r: FleetRow): string {
  const when = r.lastRun.startedAt ? ` ${utcMinute(r.lastRun.startedAt)}` : '';
  return `${r.lastRun.state}${when}${r.lastRun.error ? `: ${r.lastRun.error}` : ''}`;
}

const money = (v: number | null) => (v === null ? 'unknown' : usd(v));

function adviceSection(advice: FleetReportData['advice']): string {
  if ('omitted' in advice)
    return `<section aria-labelledby="advice-title"><h2 id="advice-title">What to connect next</h2><p>${escapeHtml(advice.omitted)}</p></section>`;
  const rows = advice.vpcs.flatMap((v) =>
    v.lines.map(
      (l) =>
        `<tr><th scope="row">${escapeHtml(v.vpcId)}${v.name ? `<span class="name">${escapeHtml(v.name)}</span>` : ''}</th><td>${escapeHtml(l.service)}</td><td>${PATH_TEXT[l.path]}</td><td class="num" data-sort="${l.gbPerMonth}">${l.gbPerMonth.toLocaleString('en-US')}</td><td class="num" data-sort="${l.nowMonthly ?? -1}">${money(l.nowMonthly)}</td><td>${escapeHtml(RECOMMENDATION_TEXT[l.recommendation])}${l.centralVpcId ? ` (${escapeHtml(l.centralVpcId)})` : ''}</td><td class="num" data-sort="${l.endpointMonthly ?? -1}">${money(l.endpointMonthly)}</td><td class="num" data-sort="${l.savingMonthly ?? -1}">${money(l.savingMonthly)}</td><td class="num">${l.breakEvenGb?.toLocaleString('en-US') ?? ''}</td><td>${escapeHtml(ATTRIBUTION_TEXT[l.attribution])}</td></tr>`,
    ),
  );
  const dark = advice.vpcs.filter((v) => v.turnOn);
  const t = advice.totals;
  return `<section aria-labelledby="advice-title">
<h2 id="advice-title">What to connect next, and what it saves</h2>
<p>${t.read} of ${t.vpcs} VPCs read from their flow logs since ${advice.since.slice(0, 10)}: ${t.gbPerMonth.toLocaleString('en-US')} GB a month to AWS services through gateways; the advice saves ${usd(t.savingMonthly)} a month. Prices of ${escapeHtml(advice.prices.takenOn)} (${escapeHtml(advice.prices.source)}).</p>
<div class="scroll"><table id="advice" data-sortable>
<caption>One line per VPC, service and path</caption>
<thead><tr>${head('VPC')}${head('service')}${head('through')}${head('GB a month', 'number')}${head('NAT now', 'number')}${head('advice')}${head('endpoint', 'number')}${head('saves a month', 'number')}${head('break-even GB', 'number')}${head('how sure')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>
${dark.length ? `<h3>VPCs without usable flow logs</h3><ul>${dark.map((v) => `<li>${escapeHtml(v.vpcId)}: ${escapeHtml(v.turnOn?.reason ?? '')}</li>`).join('')}</ul>` : ''}
</section>`;
}

function runsSection(rows: FleetRow[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.lastRun.state, (counts.get(r.lastRun.state) ?? 0) + 1);
  const order = ['done', 'running', 'failed', 'not started', 'unknown'];
  const summary = order
    .filter((s) => counts.get(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(', ');
  const recent = rows
    .filter((r) => r.lastRun.startedAt)
    .sort((a, b) => (b.lastRun.startedAt ?? 0) - (a.lastRun.startedAt ?? 0))
    .slice(0, 50);
  return `<section aria-labelledby="runs-title">
<h2 id="runs-title">Last runs and rollout</h2>
<p>Rollout: ${escapeHtml(summary || 'no VPC')}.</p>
<div class="scroll"><table id="runs" data-sortable>
<caption>The ${recent.length} latest runs, newest first</caption>
<thead><tr>${head('VPC')}${head('state')}${head('started')}${head('execution')}${head('error')}</tr></thead>
<tbody>
${recent
  .map(
    (r) =>
      `<tr><th scope="row">${escapeHtml(r.vpcId)}</th><td>${escapeHtml(r.lastRun.state)}</td><td data-sort="${r.lastRun.startedAt ?? 0}">${utcMinute(r.lastRun.startedAt ?? 0)}</td><td>${escapeHtml(r.lastRun.execution ?? '')}</td><td>${escapeHtml(r.lastRun.error ?? '')}</td></tr>`,
  )
  .join('\n')}
</tbody></table></div>
</section>`;
}

function findingsSection(rows: FleetRow[]): string {
  const findings = rows.flatMap((r) => r.findings.map((f) => ({ vpcId: r.vpcId, ...f })));
  return `<section aria-labelledby="drift-title">
<h2 id="drift-title">Drift findings</h2>
${
  findings.length === 0
    ? '<p>No VPC differs from its tags.</p>'
    : `<div class="scroll"><table id="drift" data-sortable>
<caption>${findings.length} differences from the tags</caption>
<thead><tr>${head('VPC')}${head('kind')}${head('service')}${head('detail')}</tr></thead>
<tbody>
${findings.map((f) => `<tr><th scope="row">${escapeHtml(f.vpcId)}</th><td>${escapeHtml(f.kind)}</td><td>${escapeHtml(f.service ?? '')}</td><td>${escapeHtml(f.detail)}</td></tr>`).join('\n')}
</tbody></table></div>`
}
</section>`;
}

function unreachableSection(unreachable: FleetReportData['unreachable']): string {
  if (unreachable.length === 0) return '';
  return `<section aria-labelledby="unread-title"><h2 id="unread-title">Not read</h2><ul>${unreachable
    .map(
      (u) =>
        `<li>${escapeHtml(u.accountId)} ${escapeHtml(u.region)}: ${escapeHtml(u.error)}: ${escapeHtml(u.message)}</li>`,
    )
    .join('')}</ul></section>`;
}
