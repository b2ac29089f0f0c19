import { endpointStep } from '../../lib/workflow/endpoint-steps';
import { stepHandler } from '../_shared/runtime';

/** One Map iteration: create (or converge) one endpoint in a single mutating call. */
export const handler = stepHandler(endpointStep);
