import { z } from 'zod';
import { InvalidInputError } from './errors';

const triggerSchema = z.object({
  source: z.enum(['tag-change', 'vpc-created', 'manual', 'drift', 'follow-up']),
  eventId: z.string().optional(),
  requestedBy: z.string().optional(),
});

const desiredValue = z.union([z.string(), z.boolean(), z.array(z.string())]);

export const executionInputSchema = z.object({
  vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, 'must be a VPC id such as vpc-0123456789abcdef0'),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a region name such as eu-west-1')
    .optional(),
  accountId: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit account id')
    .optional(),
  mode: z.enum(['apply', 'plan']).optional(),
  desired: z.record(z.string(), desiredValue).optional(),
  /** Run the live probe even when nothing changed. */
  probe: z.boolean().optional(),
  trigger: triggerSchema,
});

export type ExecutionInput = z.infer<typeof executionInputSchema>;

/** Validates what a trigger or a person passed to the state machine, naming every bad field. */
export function parseExecutionInput(raw: unknown): ExecutionInput {
  const parsed = executionInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
    throw new InvalidInputError(`execution input is invalid: ${issues.join('; ')}`);
  }
  return parsed.data;
}
