import { readFileSync, writeFileSync } from 'node:fs';
import type { Plan } from '../lib/domain/model';
import { UsageError } from './context';

/**
 * A plan kept in a file (`plan --out`), to be applied only while it still holds (`apply --plan`): the
 * decisions it shows — what is created, changed, deleted, the group's rules — are what the VPC and its
 * tags ask for at apply time too, or nothing is started.
 */
const FORMAT = 'privatelink-plan/1';

export interface SavedPlan {
  format: typeof FORMAT;
  vpcId: string;
  region: string;
  stackName: string;
  createdAt: string;
  plan: Plan;
}

export function writeSavedPlan(file: string, saved: Omit<SavedPlan, 'format' | 'createdAt'>): void {
  const document: SavedPlan = { format: FORMAT, createdAt: new Date().toISOString(), ...saved };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
}

export function readSavedPlan(file: string): SavedPlan {
  let saved: Partial<SavedPlan>;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<SavedPlan>;
  } catch (err) {
    throw new UsageError(`cannot read the plan file ${file}: ${(err as Error).message}`);
  }
  if (saved.format !== FORMAT || !saved.plan || !saved.vpcId)
    throw new UsageError(
      `${file} is not a plan file; accepted: what privatelink plan --out wrote (${FORMAT})`,
    );
  return saved as SavedPlan;
}

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
