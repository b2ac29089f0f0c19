import type { EndpointChanges, Plan, PlannedEndpoint, SecurityGroupPlan } from '../lib/domain/model';
import { shortServiceName } from '../lib/domain/services';
import { otherStackNote } from '../lib/domain/ownership';
import { portsOfGroup } from '../lib/domain/planner/security-group-rules';
import type { Terminal } from './terminal';

/**
 * A plan as people who live in `terraform plan` read one: `+` to create, `~` to change with the
 * attributes that change, `-` to delete, then one summary line. Unchanged endpoints are counted, not listed.
 */
export function planDiff(
  plan: Plan,
  vpcId: string,
  stackName: string,
  terminal: Terminal,
  intro = 'what an execution would change (nothing is applied by a plan)',
): string {
  const lines = [`${vpcId}: ${intro}`, ''];
  for (const e of plan.endpoints) lines.push(...endpointLines(e));
  for (const e of plan.endpoints.filter((p) => p.otherStack))
    lines.push(
      `  ! ${otherStackNote({ ...e.spec, endpointId: e.endpointId }, e.otherStack ?? '', stackName)}`,
    );
  for (const r of plan.routeRepairs ?? [])
    lines.push(
      `  ~ ${shortServiceName(r.service)} (Gateway) ${r.endpointId}`,
      `      routes:       restore the prefix-list route in ${[...r.associated, ...r.reassociated].join(', ')}`,
    );
  for (const d of plan.deletions)
    lines.push(`  - ${shortServiceName(d.service)} (${d.type}) ${d.endpointId}`, `      why: ${d.reason}`);
  lines.push(...groupLines(plan), ...cutoverLines(plan), ...conflictLines(plan));
  const s = planSummary(plan);
  lines.push(
    '',
    s.create + s.change + s.delete === 0
      ? `No changes. ${s.unchanged} endpoint(s) match the tags.`
      : `Plan: ${s.create} to create, ${s.change} to change, ${s.delete} to delete (${s.unchanged} unchanged).`,
  );
  return lines.map((line) => coloured(line, terminal)).join('\n');
}

/** A change's marker in terraform's colours: + green, - red, ~ and ! yellow. */
function coloured(line: string, terminal: Terminal): string {
  const c = terminal.colors;
  const paint = { '+': c.green, '-': c.red, '~': c.yellow, '!': c.yellow }[line.slice(2, 3)];
  return paint && /^ {2}[+\-~!] /.test(line) ? `  ${paint(line.slice(2, 3))}${line.slice(3)}` : line;
}

export function planSummary(plan: Plan) {
  const count = (action: string) => plan.endpoints.filter((e) => e.action === action).length;
  // An endpoint otherwise unchanged but waiting for its cut-over still changes: its private DNS turns on.
  const awaitingCutover = plan.endpoints.filter((e) => e.action === 'unchanged' && e.cutover).length;
  return {
    create: count('create'),
    change: count('modify') + awaitingCutover + (plan.routeRepairs ?? []).length,
    delete: plan.deletions.length,
    unchanged: count('unchanged') - awaitingCutover + count('adopted') + count('retained'),
    groupChanges: ['create', 'update', 'delete'].includes(plan.securityGroup.action),
  };
}

function endpointLines(e: PlannedEndpoint): string[] {
  const name = `${e.spec.service} (${e.spec.type})`;
  if (e.action === 'create') {
    const placement =
      e.spec.type === 'Gateway'
        ? [`      route tables: ${e.spec.routeTableIds.join(', ') || '—'}`]
        : [
            `      subnets:      ${e.spec.subnetIds.join(', ')}`,
            `      private DNS:  ${privateDnsOf(e)}`,
            ...(e.spec.ipAddressType ? [`      addresses:    ${e.spec.ipAddressType}`] : []),
          ];
    return [
      `  + ${name}`,
      ...placement,
      `      policy:       ${e.spec.policyDocument ? 'set' : 'AWS default'}`,
    ];
  }
  if (e.action === 'modify') return [`  ~ ${name} ${e.endpointId ?? ''}`, ...changeLines(e.changes ?? {})];
  if (e.cutover) return [`  ~ ${name} ${e.endpointId ?? ''}`, '      private DNS:  off → on at the cut-over'];
  return [];
}

function privateDnsOf(e: PlannedEndpoint): string {
  if (e.cutover) return 'off, then on at the cut-over once the endpoint passes its checks';
  if (!e.spec.privateDns) return 'off';
  return e.spec.inboundResolverOnly
    ? 'on, for inbound resolver endpoints only (VPC lookups use the gateway)'
    : 'on';
}

/** The safe cut-over's price: one more call of the endpoint API (burst 4, 0.3 a second) per endpoint. */
function cutoverLines(plan: Plan): string[] {
  const held = plan.endpoints.filter((e) => e.cutover).map((e) => e.spec.service);
  if (held.length === 0) return [];
  return [
    '',
    `Safe DNS cut-over: private DNS of ${held.join(', ')} turns on only after each passes its checks; ` +
      `that costs ${held.length} more ModifyVpcEndpoint call(s) (EC2's endpoint bucket: 4, 0.3 a second).`,
  ];
}

function conflictLines(plan: Plan): string[] {
  if (plan.conflicts.length === 0) return [];
  return [
    '',
    'Conflicts (an apply refuses until they are gone; nothing is made):',
    ...plan.conflicts.map((c) => `  ! ${c.service}: ${c.name} is answered by ${c.holder}`),
  ];
}

const delta = (add: string[] = [], remove: string[] = []) =>
  [...add.map((x) => `+ ${x}`), ...remove.map((x) => `- ${x}`)].join('  ');

function changeLines(c: EndpointChanges): string[] {
  const lines: string[] = [];
  if (c.addSubnetIds || c.removeSubnetIds)
    lines.push(`      subnets:      ${delta(c.addSubnetIds, c.removeSubnetIds)}`);
  if (c.addRouteTableIds || c.removeRouteTableIds)
    lines.push(`      route tables: ${delta(c.addRouteTableIds, c.removeRouteTableIds)}`);
  if (c.addManagedSecurityGroup || c.removeSecurityGroupIds)
    lines.push(
      `      groups:       ${delta(c.addManagedSecurityGroup ? ['the managed group'] : [], c.removeSecurityGroupIds)}`,
    );
  if (c.privateDns !== undefined) lines.push(`      private DNS:  ${c.privateDns ? 'off → on' : 'on → off'}`);
  if (c.inboundResolverOnly !== undefined)
    lines.push(`      inbound only: ${c.inboundResolverOnly ? 'off → on' : 'on → off'}`);
  if (c.ipAddressType) lines.push(`      addresses:    → ${c.ipAddressType}`);
  if (c.policyDocument !== undefined) lines.push('      policy:       → the policy the tags ask for');
  if (c.resetPolicy) lines.push('      policy:       → AWS default');
  return lines;
}

function groupLines(plan: Plan): string[] {
  const { portGroups = [], portGroupDeletions = [] } = plan.securityGroup;
  return [
    ...oneGroupLines(plan.securityGroup),
    ...portGroups.flatMap((g) => oneGroupLines(g)),
    ...portGroupDeletions.flatMap((d) => [
      `  - security group ${d.groupId} (TCP ${d.ports.join(', ')})`,
      '      why: no endpoint of ours on these ports is left',
    ]),
  ];
}

/** One group's lines: the managed group, or a port group (its ports said). */
function oneGroupLines(
  g: Pick<SecurityGroupPlan, 'action' | 'groupId' | 'addCidrs' | 'removeRules' | 'allowedCidrs' | 'ports'>,
): string[] {
  const id = g.groupId ? ` ${g.groupId}` : '';
  const label = g.ports ? ` for TCP ${g.ports.join(', ')}` : '';
  const rules = delta(
    g.addCidrs.map((c) => `${portsOfGroup(g).join(', ')} from ${c}`),
    g.removeRules.map(
      (r) =>
        `${r.protocol} ${r.fromPort ?? ''}-${r.toPort ?? ''} from ${r.cidr ?? r.prefixListId ?? r.sourceGroupId ?? '?'}`,
    ),
  );
  if (g.action === 'create')
    return [`  + security group${label} (${portsOfGroup(g).join(', ')} from ${g.allowedCidrs.join(', ')})`];
  if (g.action === 'update') return [`  ~ security group${id}${label}`, `      rules:        ${rules}`];
  if (g.action === 'delete')
    return [`  - security group${id}`, '      why: no interface endpoint of ours is left'];
  return [];
}
