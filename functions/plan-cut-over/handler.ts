import { planCutOverStep } from '../../lib/workflow/plan-cut-over-step';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler(async (event: Parameters<typeof planCutOverStep>[0]) =>
  planCutOverStep(event),
);
