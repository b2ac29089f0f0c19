import { linkCentralStep } from '../../lib/workflow/link-central-step';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler(linkCentralStep);
