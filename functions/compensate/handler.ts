import { compensateStep } from '../../lib/workflow/compensate-step';
import { runMachinery } from '../_shared/compose';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof compensateStep>[0], ctx) =>
  compensateStep(event, ctx, runMachinery()),
);
