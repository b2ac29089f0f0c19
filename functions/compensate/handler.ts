import { compensateStep } from '../../lib/workflow/compensate-step';
import { paceDeps, runDeps } from '../_shared/runs';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof compensateStep>[0], ctx) =>
  compensateStep(event, ctx, { ...runDeps, ...paceDeps }),
);
