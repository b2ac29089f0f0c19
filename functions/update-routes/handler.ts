import { containerCatalogues } from '../_shared/catalogues';
import { updateRoutesStep } from '../../lib/workflow/update-routes-step';
import { runMachinery } from '../_shared/compose';
import { stepHandler } from '../_shared/runtime';

// This container's catalogues (the region's prefix lists).
const catalogues = containerCatalogues();

export const handler = stepHandler((event: Parameters<typeof updateRoutesStep>[0], ctx) =>
  updateRoutesStep(event, ctx, { ...runMachinery(), catalogues }),
);
