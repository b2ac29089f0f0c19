import { lockKeyOf } from '../../lib/domain/vpc-ref';
import { runProbeStep } from '../../lib/workflow/run-probe-step';
import { probeDepsFor } from '../_shared/probe';
import { runMachinery } from '../_shared/compose';
import { stepHandler } from '../_shared/runtime';
import { containerCatalogues } from '../_shared/catalogues';

// This container's catalogues (the region's prefix lists and service offers).
const catalogues = containerCatalogues();

export const handler = stepHandler(async (event: Parameters<typeof runProbeStep>[0], ctx) => {
  const result = await runProbeStep(event, ctx, { ...probeDepsFor(ctx, event.vpc), catalogues });
  // The verdict, once final, is kept with the VPC's lock record for `privatelink status`.
  if (!result.retry)
    await runMachinery().locks.recordProbe(lockKeyOf(event.vpc), {
      ranAt: result.ranAt,
      services: result.services,
    });
  return result;
});
