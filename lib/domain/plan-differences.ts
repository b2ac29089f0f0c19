import type { Plan } from './model';

/** What differs between the decisions of two plans of one VPC, one line each; none: the plan holds. */
export function planDifferences(saved: Plan, now: Plan): string[] {
  const decisions = (p: Plan) => ({
    endpoints: Object.fromEntries(
      p.endpoints.map((e) => [
        `${e.spec.service} (${e.spec.type})`,
        { action: e.action, endpointId: e.endpointId, changes: e.changes, spec: e.spec },
      ]),
    ),
    deletions: Object.fromEntries(p.deletions.map((d) => [d.endpointId, d.reason])),
    securityGroup: {
      action: p.securityGroup.action,
      addCidrs: p.securityGroup.addCidrs,
      removeRules: p.securityGroup.removeRules,
    },
  });
  const [before, after] = [decisions(saved), decisions(now)];
  const lines: string[] = [];
  for (const key of new Set([...Object.keys(before.endpoints), ...Object.keys(after.endpoints)])) {
    const [a, b] = [before.endpoints[key], after.endpoints[key]];
    if (JSON.stringify(a) !== JSON.stringify(b))
      lines.push(
        `${key}: planned ${a?.action ?? 'nothing'}, now ${b?.action ?? 'nothing'}${a?.action === b?.action ? ' with other attributes' : ''}`,
      );
  }
  if (JSON.stringify(before.deletions) !== JSON.stringify(after.deletions))
    lines.push(
      `deletions: planned ${Object.keys(before.deletions).join(', ') || 'none'}, now ${Object.keys(after.deletions).join(', ') || 'none'}`,
    );
  if (JSON.stringify(before.securityGroup) !== JSON.stringify(after.securityGroup))
    lines.push(
      `security group: planned ${before.securityGroup.action}, now ${after.securityGroup.action}${before.securityGroup.action === after.securityGroup.action ? ' with other rules' : ''}`,
    );
  return lines;
}
