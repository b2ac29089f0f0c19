import { releaseLockStep } from '../../lib/workflow/release-lock-step';
import { runMachinery } from '../_shared/compose';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof releaseLockStep>[0]) =>
  releaseLockStep(event, runMachinery()),
);
