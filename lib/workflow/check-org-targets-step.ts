import type { Where } from '../aws/org-drift-files';
import type { DriftReport } from '../operations/drift-check';
import { checkTargets, type BatchResult, type CheckTargetsDeps } from '../operations/org-drift/check-targets';
import type { StepContext } from './step-context';

/** What a Distributed Map child gets with ItemBatcher: its batch, and the BatchInput. */
export interface TargetBatch {
  Items: Where[];
  BatchInput: { mode: DriftReport['mode']; executionId: string };
}

/** One child of the Organization check: its batch of targets checked (lib/operations/org-drift/check-targets.ts). */
export function checkOrgTargetsStep(
  event: TargetBatch,
  ctx: Pick<StepContext, 'config' | 'own'>,
  deps: Omit<CheckTargetsDeps, 'config' | 'own' | 'mode' | 'session'>,
): Promise<BatchResult> {
  const execution = event.BatchInput.executionId.split(':').pop() ?? 'org';
  return checkTargets(event.Items, {
    ...deps,
    config: ctx.config,
    own: ctx.own,
    mode: event.BatchInput.mode,
    session: `privatelink-org-${execution}`.slice(0, 64),
  });
}
