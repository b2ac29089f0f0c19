import { reservePermitStep } from '../../lib/workflow/reserve-permit-step';
import { runMachinery } from '../_shared/compose';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof reservePermitStep>[0], ctx) =>
  reservePermitStep(event, ctx, runMachinery()),
);
