import { runProbeStep } from '../../lib/workflow/probe-steps';
import { probeDeps } from '../_shared/probe';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof runProbeStep>[0], ctx) =>
  runProbeStep(event, ctx, probeDeps),
);
