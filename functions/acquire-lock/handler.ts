import { acquireLockStep } from '../../lib/workflow/lock-steps';
import { runDeps } from '../_shared/runs';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: { input: unknown; executionId: string }) =>
  acquireLockStep(event, runDeps),
);
