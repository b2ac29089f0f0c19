import { reservePermitStep } from '../../lib/workflow/reserve-permit-step';
import { paceDeps } from '../_shared/runs';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof reservePermitStep>[0], ctx) =>
  reservePermitStep(event, ctx, paceDeps),
);
