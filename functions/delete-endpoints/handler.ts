import { deleteEndpointsStep } from '../../lib/workflow/delete-endpoints-step';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler(deleteEndpointsStep);
