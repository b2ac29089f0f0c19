import { runProbeStep } from '../../lib/workflow/run-probe-step';
import { probeDeps } from '../_shared/probe';
import { runDeps } from '../_shared/runs';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler(async (event: Parameters<typeof runProbeStep>[0], ctx) => {
  const result = await runProbeStep(event, ctx, probeDeps);
  // Kept with the VPC's lock record, so `privatelink status` can show the last live verdict.
  await runDeps.locks.recordProbe(event.vpcId, { ranAt: result.ranAt, services: result.services });
  return result;
});
