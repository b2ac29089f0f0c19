import { z } from 'zod';
import { InvalidInputError } from './errors';
import { resolveVpcRef, type OwnAccount, type VpcRef } from './vpc-ref';
import { inputProblems } from './input-problems';

const triggerSchema = z.object({
  source: z.enum(['tag-change', 'vpc-created', 'manual', 'drift', 'follow-up', 'acceptance']),
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
    const issues = inputProblems(parsed.error, '(input)');
    throw new InvalidInputError(`execution input is invalid: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/**
 * The execution input as every step reads it, at the root of the execution state: validated once by the
 * first state (AcquireLock), where the run acts resolved once (`vpc`), every other field present (null
 * where the caller left it out), so the state machine's paths never miss.
 */
export interface RunInput {
  vpc: VpcRef;
  mode: 'apply' | 'plan' | null;
  desired: Record<string, string | boolean | string[]> | null;
  /** Run the live probe even when nothing changed. */
  probe: boolean;
  trigger: ExecutionInput['trigger'];
}

/** Parses the raw input and resolves where the run acts (what it leaves out: the functions' own). */
export function toRunInput(raw: unknown, own: OwnAccount): RunInput {
  const input = parseExecutionInput(raw);
  return {
    vpc: resolveVpcRef(input, own),
    mode: input.mode ?? null,
    desired: input.desired ?? null,
    probe: input.probe === true,
    trigger: input.trigger,
  };
}

/** The execution input that asks for a run of `vpc`: the reference written out, as every entry point sends it. */
export const runRequest = (
  vpc: VpcRef,
  trigger: ExecutionInput['trigger'],
  extra: Pick<ExecutionInput, 'mode' | 'desired' | 'probe'> = {},
): ExecutionInput => ({ vpcId: vpc.vpcId, accountId: vpc.accountId, region: vpc.region, ...extra, trigger });
