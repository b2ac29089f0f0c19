import { applyEndpointStep } from '../../lib/workflow/apply-endpoint-step';
import { runMachinery } from '../_shared/compose';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof applyEndpointStep>[0], ctx) =>
  applyEndpointStep(event, ctx, runMachinery()),
);
