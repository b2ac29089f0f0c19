import { RegionCatalogues } from '../../lib/aws/catalogues';
import { updateRoutesStep } from '../../lib/workflow/update-routes-step';
import { stepHandler } from '../_shared/runtime';

// This container's catalogues (the region's prefix lists).
const catalogues = new RegionCatalogues();

export const handler = stepHandler((event: Parameters<typeof updateRoutesStep>[0], ctx) =>
  updateRoutesStep(event, ctx, { catalogues }),
);
