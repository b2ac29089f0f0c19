import { configureSecurityGroupStep } from '../../lib/workflow/configure-security-group-step';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler(configureSecurityGroupStep);
