import { containerCatalogues } from '../_shared/catalogues';
import { checkConnectivityStep } from '../../lib/workflow/check-connectivity-step';
import { probeDepsFor } from '../_shared/probe';
import { stepHandler } from '../_shared/runtime';

// This container's catalogues, its own: each function is its own container on Lambda.
const catalogues = containerCatalogues();

export const handler = stepHandler((event: Parameters<typeof checkConnectivityStep>[0], ctx) =>
  checkConnectivityStep(event, ctx, { ...probeDepsFor(ctx, event.vpc), catalogues }),
);
