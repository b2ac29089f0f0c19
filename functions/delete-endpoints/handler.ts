import { deleteEndpointsStep } from '../../lib/workflow/delete-endpoints-step';
import { runDeps } from '../_shared/runs';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof deleteEndpointsStep>[0], ctx) =>
  deleteEndpointsStep(event, ctx, runDeps),
);
