import { deleteEndpointsStep } from '../../lib/workflow/delete-endpoints-step';
import { runMachinery } from '../_shared/compose';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof deleteEndpointsStep>[0], ctx) =>
  deleteEndpointsStep(event, ctx, runMachinery()),
);
