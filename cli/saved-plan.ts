import { writeFileSync } from 'node:fs';
import type { Plan } from '../lib/domain/model';
import {
  parseSavedPlan,
  savedFormOf,
  SAVED_PLAN_FORMAT as FORMAT,
  type SavedPlan,
} from '../lib/domain/saved-plan';
import { UsageError } from './context';
import { readJsonFile } from './json-file';

/**
 * A plan kept in a file (`plan --out`), to be applied only while it still holds (`apply --plan`): the
 * decisions it shows — what is created, changed, deleted, the group's rules — are what the VPC and its
 * tags ask for at apply time too, or nothing is started.
 */
export type { SavedPlan };
export { savedFormOf };

export function writeSavedPlan(
  file: string,
  saved: Omit<SavedPlan, 'format' | 'createdAt' | 'plan'> & { plan: Plan },
): void {
  const document: SavedPlan = {
    format: FORMAT,
    createdAt: new Date().toISOString(),
    ...saved,
    plan: savedFormOf(saved.plan),
  };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
}

export function readSavedPlan(file: string): SavedPlan {
  const saved = parseSavedPlan(readJsonFile(file, 'plan file'));
  if ('problems' in saved)
    throw new UsageError(
      `${file} is not a plan privatelink plan --out wrote: ${saved.problems.slice(0, 5).join('; ')}; ` +
        `accepted: a ${FORMAT} file, as written; make it again with privatelink plan --out ${file}`,
    );
  return saved.plan;
}
