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
