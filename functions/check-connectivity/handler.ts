import { checkConnectivityStep } from '../../lib/workflow/check-connectivity-step';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler(checkConnectivityStep);
