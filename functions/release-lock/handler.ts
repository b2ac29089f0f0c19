import { releaseLockStep } from '../../lib/workflow/release-lock-step';
import { runDeps } from '../_shared/runs';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof releaseLockStep>[0]) =>
  releaseLockStep(event, runDeps),
);
