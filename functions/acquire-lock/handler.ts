import { acquireLockStep } from '../../lib/workflow/acquire-lock-step';
import { runMachinery } from '../_shared/compose';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: { input: unknown; executionId: string }, ctx) =>
  acquireLockStep(event, ctx, runMachinery()),
);
