import { planStep } from '../../lib/workflow/plan-step';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler(planStep);
