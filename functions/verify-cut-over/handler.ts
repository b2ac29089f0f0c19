import { verifyCutOverStep } from '../../lib/workflow/verify-cut-over-step';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof verifyCutOverStep>[0], ctx) =>
  verifyCutOverStep(event, ctx),
);
