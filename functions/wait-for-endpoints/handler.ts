import { waitStep } from '../../lib/workflow/endpoint-steps';
import { stepHandler } from '../_shared/runtime';

const maxAttempts = Number(process.env.ENDPOINT_WAIT_MAX_ATTEMPTS ?? '40');
if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
  throw new Error(
    `ENDPOINT_WAIT_MAX_ATTEMPTS must be a whole number ≥ 1, got "${process.env.ENDPOINT_WAIT_MAX_ATTEMPTS}"`,
  );
}

export const handler = stepHandler<Parameters<typeof waitStep>[0], Awaited<ReturnType<typeof waitStep>>>(
  (event, ctx) => waitStep(event, { ...ctx, maxAttempts }),
);
