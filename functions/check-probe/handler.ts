import { checkProbeStep } from '../../lib/workflow/check-probe-step';
import { probeDeps } from '../_shared/probe';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof checkProbeStep>[0]) =>
  checkProbeStep(event, probeDeps),
);
