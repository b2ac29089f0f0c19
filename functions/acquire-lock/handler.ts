import { acquireLockStep } from '../../lib/workflow/acquire-lock-step';
import { paceDeps, runDeps } from '../_shared/runs';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: { input: unknown; executionId: string }, ctx) =>
  acquireLockStep(event, ctx, { ...runDeps, ...paceDeps }),
);
