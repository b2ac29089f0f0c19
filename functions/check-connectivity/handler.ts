import { checkConnectivityStep } from '../../lib/workflow/check-connectivity-step';
import { probeDeps } from '../_shared/probe';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof checkConnectivityStep>[0], ctx) =>
  checkConnectivityStep(event, ctx, probeDeps),
);
