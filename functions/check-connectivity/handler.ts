import { checksStep } from '../../lib/workflow/check-steps';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler(checksStep);
