import { removeProbeStep } from '../../lib/workflow/remove-probe-step';
import { probeDepsFor } from '../_shared/probe';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof removeProbeStep>[0], ctx) =>
  removeProbeStep(event, ctx, probeDepsFor(ctx, event.vpc)),
);
