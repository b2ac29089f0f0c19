import { updateRoutesStep } from '../../lib/workflow/update-routes-step';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler(updateRoutesStep);
