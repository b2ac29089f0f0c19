import { probeStatusStep } from '../../lib/workflow/probe-steps';
import { probeDeps } from '../_shared/probe';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof probeStatusStep>[0]) =>
  probeStatusStep(event, probeDeps),
);
