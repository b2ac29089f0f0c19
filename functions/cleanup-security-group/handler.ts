import { cleanupSecurityGroupStep } from '../../lib/workflow/cleanup-security-group-step';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler(cleanupSecurityGroupStep);
