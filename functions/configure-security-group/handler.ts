import { securityGroupStep } from '../../lib/workflow/endpoint-steps';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler(securityGroupStep);
