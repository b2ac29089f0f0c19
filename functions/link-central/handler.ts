import { linkCentralStep } from '../../lib/workflow/link-central-step';
import { runMachinery } from '../_shared/compose';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof linkCentralStep>[0], ctx) =>
  linkCentralStep(event, ctx, runMachinery()),
);
