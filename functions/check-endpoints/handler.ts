import { checkEndpointsStep, type CheckEndpointsEvent } from '../../lib/workflow/check-endpoints-step';
import { positiveIntFromEnv, stepHandler } from '../_shared/runtime';

const maxAttempts = positiveIntFromEnv('ENDPOINT_WAIT_MAX_ATTEMPTS', 40);

export const handler = stepHandler((event: CheckEndpointsEvent, ctx) =>
  checkEndpointsStep(event, { ...ctx, maxAttempts, now: () => Date.now() }),
);
