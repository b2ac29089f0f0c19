import { waitStep } from '../../lib/workflow/endpoint-steps';
import { positiveIntFromEnv, stepHandler } from '../_shared/runtime';

const maxAttempts = positiveIntFromEnv('ENDPOINT_WAIT_MAX_ATTEMPTS', 40);

export const handler = stepHandler<Parameters<typeof waitStep>[0], Awaited<ReturnType<typeof waitStep>>>(
  (event, ctx) => waitStep(event, { ...ctx, maxAttempts }),
);
