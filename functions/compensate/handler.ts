import { compensateStep } from '../../lib/workflow/compensate-step';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler(compensateStep);
