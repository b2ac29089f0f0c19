import { containerCatalogues } from '../_shared/catalogues';
import { linkCentralStep } from '../../lib/workflow/link-central-step';
import { runMachinery } from '../_shared/compose';
import { stepHandler } from '../_shared/runtime';

// This container's catalogues (the region's prefix lists and service offers).
const catalogues = containerCatalogues();

export const handler = stepHandler((event: Parameters<typeof linkCentralStep>[0], ctx) =>
  linkCentralStep(event, ctx, { ...runMachinery(), catalogues }),
);
