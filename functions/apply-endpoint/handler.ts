import { applyEndpointStep } from '../../lib/workflow/apply-endpoint-step';
import { runDeps } from '../_shared/runs';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof applyEndpointStep>[0], ctx) =>
  applyEndpointStep(event, ctx, { locks: runDeps.locks, now: Date.now }),
);
