import { prepareProbeStep } from '../../lib/workflow/prepare-probe-step';
import { probeDepsFor } from '../_shared/probe';
import { stepHandler } from '../_shared/runtime';
import { containerCatalogues } from '../_shared/catalogues';

// This container's catalogues (the region's prefix lists and service offers).
const catalogues = containerCatalogues();

export const handler = stepHandler((event: Parameters<typeof prepareProbeStep>[0], ctx) =>
  prepareProbeStep(event, ctx, { ...probeDepsFor(ctx, event.vpc), catalogues }),
);
