import type { CentralWork } from './central/links';
import type { Plan } from './model';

type Decided = Pick<Plan, 'endpoints' | 'deletions' | 'securityGroup'> & { central?: { work: CentralWork } };

/** What differs between the decisions of two plans of one VPC, one line each; none: the plan holds. */
export function planDifferences(saved: Decided, now: Decided): string[] {
  const decisions = (p: Decided) => ({
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
  const [linksBefore, linksAfter] = [saved.central?.work, now.central?.work];
  if (JSON.stringify(linkDecisions(linksBefore)) !== JSON.stringify(linkDecisions(linksAfter)))
    lines.push(`central links: planned ${linksSummary(linksBefore)}, now ${linksSummary(linksAfter)}`);
  return lines;
}

/**
 * What a review of central links decides, in one order whatever the file's key order: which links change.
 * A list's version is not one (each other spoke's change moves it on).
 */
function linkDecisions(work: CentralWork | undefined) {
  if (!work) return undefined;
  const zones = (zs: { zoneId: string; name: string; vpcId?: string }[]) =>
    zs.map((z) => [z.zoneId, z.name, z.vpcId ?? '']);
  const entries = (cs: CentralWork['addEntries']) =>
    cs.map((c) => [c.prefixListId, c.accountId ?? '', c.cidrs]);
  return [
    work.role,
    work.centralVpcId ?? '',
    work.served,
    zones(work.associate),
    zones(work.disassociate),
    entries(work.addEntries),
    entries(work.removeEntries),
    work.createZones.map((z) => z.name),
    zones(work.deleteZones),
    Boolean(work.createList),
    (work.retire ?? []).map((r) => r.endpointId),
  ];
}

/** A central links' decisions in a few words: the zones associated and unlinked, the list entries. */
function linksSummary(work: CentralWork | undefined): string {
  if (!work) return 'none';
  const parts = [
    work.associate.length && `associate ${work.associate.map((z) => z.name).join(', ')}`,
    work.disassociate.length && `unlink ${work.disassociate.map((z) => z.name).join(', ')}`,
    work.addEntries.length && `add ${work.addEntries.flatMap((c) => c.cidrs).join(', ')} to the spoke list`,
    work.removeEntries.length &&
      `remove ${work.removeEntries.flatMap((c) => c.cidrs).join(', ')} from the spoke list`,
    work.createZones.length && `make zones ${work.createZones.map((z) => z.name).join(', ')}`,
    work.deleteZones.length && `delete zones ${work.deleteZones.map((z) => z.name).join(', ')}`,
  ].filter(Boolean);
  return parts.length ? `${work.role}: ${parts.join('; ')}` : `${work.role}: links as wanted`;
}
