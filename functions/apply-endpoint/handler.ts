import { applyEndpointStep } from '../../lib/workflow/apply-endpoint-step';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler(applyEndpointStep);
