import { prepareProbeStep } from '../../lib/workflow/prepare-probe-step';
import { probeDepsFor } from '../_shared/probe';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof prepareProbeStep>[0], ctx) =>
  prepareProbeStep(event, ctx, probeDepsFor(ctx, event.vpc)),
);
