import { releaseLockStep } from '../../lib/workflow/lock-steps';
import { runDeps } from '../_shared/runs';
import { stepHandler } from '../_shared/runtime';

/** Receives the whole state: the execution input may be too broken to carry a VPC id. */
export const handler = stepHandler(async (event: { state: { vpcId?: unknown }; executionId: string }) => {
  const vpcId = event.state.vpcId;
  if (typeof vpcId !== 'string') return { released: false, successor: null };
  return releaseLockStep({ vpcId, executionId: event.executionId }, runDeps);
});
