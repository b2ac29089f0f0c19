import type { VpcRef } from '../../lib/domain/vpc-ref';
import { checkProbeStep } from '../../lib/workflow/check-probe-step';
import { probeDepsFor } from '../_shared/probe';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof checkProbeStep>[0] & { vpc: VpcRef }, ctx) =>
  checkProbeStep(event, probeDepsFor(ctx, event.vpc)),
);
