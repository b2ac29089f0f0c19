import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { z } from 'zod';
import { TAG_PREFIX } from '../domain/config';
import { executionInputSchema, type ExecutionInput } from '../domain/execution-input';
import { inputProblems } from '../domain/input-problems';

/**
 * The three event shapes that ask us to look at a VPC again (docs/architecture.md, "Triggers"), parsed with zod on top of
 * Powertools' EventBridge envelope. Anything else is ignored (not ours) or rejected (malformed).
 */

const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
const VPC_ARN = /^arn:aws[a-z-]*:ec2:[a-z0-9-]+:\d{12}:vpc\/(vpc-[0-9a-f]{8,17})$/;

const tagChangeSchema = EventBridgeSchema.extend({
  source: z.literal('aws.tag'),
  'detail-type': z.literal('Tag Change on Resource'),
  resources: z.array(z.string()).min(1),
  detail: z.object({
    'changed-tag-keys': z.array(z.string()),
    service: z.string(),
    'resource-type': z.string(),
    tags: z.record(z.string(), z.string()).optional(),
  }),
});

const tagItems = z.object({ items: z.array(z.object({ key: z.string(), value: z.string().optional() })) });

const cloudTrailSchema = EventBridgeSchema.extend({
  source: z.literal('aws.ec2'),
  'detail-type': z.literal('AWS API Call via CloudTrail'),
  detail: z.object({
    eventName: z.string(),
    eventID: z.string().optional(),
    errorCode: z.string().optional(),
    userIdentity: z.object({ arn: z.string().optional() }).loose().optional(),
    requestParameters: z.record(z.string(), z.unknown()).nullable().optional(),
    responseElements: z.record(z.string(), z.unknown()).nullable().optional(),
  }),
});

const tagsRequestSchema = z.object({
  resourcesSet: z.object({ items: z.array(z.object({ resourceId: z.string() })) }),
  tagSet: tagItems,
});

const createVpcSchema = z.object({
  requestParameters: z
    .object({
      tagSpecificationSet: z
        .object({
          items: z.array(
            z.object({
              resourceType: z.string(),
              tags: z.array(z.object({ key: z.string(), value: z.string().optional() })),
            }),
          ),
        })
        .optional(),
    })
    .loose()
    .nullable()
    .optional(),
  responseElements: z.object({ vpc: z.object({ vpcId: z.string().regex(VPC_ID) }).loose() }).loose(),
});

export type EventVerdict =
  | { kind: 'run'; inputs: ExecutionInput[] }
  | { kind: 'ignore'; reason: string }
  | { kind: 'reject'; reason: string };

export interface EventContext {
  /** Profile given to new VPCs created without privatelink tags (config newVpcDefaultProfile). */
  newVpcDefaultProfile?: string;
}

const ours = (key: string) => key.startsWith(TAG_PREFIX);
const issues = (err: z.ZodError) => inputProblems(err, '(event)').join('; ');

export function classifyEvent(raw: unknown, ctx: EventContext = {}): EventVerdict {
  const envelope = EventBridgeSchema.safeParse(raw);
  if (!envelope.success)
    return { kind: 'reject', reason: `not an EventBridge event: ${issues(envelope.error)}` };
  const { source } = envelope.data;
  const detailType = envelope.data['detail-type'];
  if (source === 'aws.tag' && detailType === 'Tag Change on Resource') return validated(fromTagChange(raw));
  if (source === 'aws.ec2' && detailType === 'AWS API Call via CloudTrail')
    return validated(fromCloudTrail(raw, ctx));
  return { kind: 'ignore', reason: `${source} / ${detailType} is not a trigger` };
}

/** A run is asked for only with an input the state machine accepts; anything else is a malformed event. */
function validated(verdict: EventVerdict): EventVerdict {
  if (verdict.kind !== 'run') return verdict;
  for (const input of verdict.inputs) {
    const checked = executionInputSchema.safeParse(input);
    if (!checked.success) return { kind: 'reject', reason: `malformed event: ${issues(checked.error)}` };
  }
  return verdict;
}

function fromTagChange(raw: unknown): EventVerdict {
  const parsed = tagChangeSchema.safeParse(raw);
  if (!parsed.success)
    return { kind: 'reject', reason: `malformed Tag Change on Resource: ${issues(parsed.error)}` };
  const event = parsed.data;
  if (event.detail.service !== 'ec2' || event.detail['resource-type'] !== 'vpc') {
    return {
      kind: 'ignore',
      reason: `tag change on ${event.detail.service} ${event.detail['resource-type']}, not a VPC`,
    };
  }
  if (!event.detail['changed-tag-keys'].some(ours))
    return { kind: 'ignore', reason: 'no privatelink: tag changed' };
  const vpcIds = event.resources
    .map((arn) => VPC_ARN.exec(arn)?.[1])
    .filter((id): id is string => Boolean(id));
  if (vpcIds.length === 0)
    return { kind: 'reject', reason: `no VPC ARN in resources: ${event.resources.join(', ')}` };
  return {
    kind: 'run',
    inputs: vpcIds.map((vpcId) => ({
      vpcId,
      region: event.region,
      accountId: event.account,
      trigger: { source: 'tag-change', eventId: event.id },
    })),
  };
}

function fromCloudTrail(raw: unknown, ctx: EventContext): EventVerdict {
  const parsed = cloudTrailSchema.safeParse(raw);
  if (!parsed.success)
    return { kind: 'reject', reason: `malformed CloudTrail event: ${issues(parsed.error)}` };
  const event = parsed.data;
  const { detail } = event;
  if (detail.errorCode) return { kind: 'ignore', reason: `${detail.eventName} failed (${detail.errorCode})` };
  const trigger = { eventId: detail.eventID ?? event.id, requestedBy: detail.userIdentity?.arn };
  const base = { region: event.region, accountId: event.account };

  if (detail.eventName === 'CreateTags' || detail.eventName === 'DeleteTags') {
    const request = tagsRequestSchema.safeParse(detail.requestParameters);
    if (!request.success)
      return { kind: 'reject', reason: `malformed ${detail.eventName} request: ${issues(request.error)}` };
    if (!request.data.tagSet.items.some((t) => ours(t.key)))
      return { kind: 'ignore', reason: 'no privatelink: tag changed' };
    const vpcIds = request.data.resourcesSet.items.map((r) => r.resourceId).filter((id) => VPC_ID.test(id));
    if (vpcIds.length === 0) return { kind: 'ignore', reason: `${detail.eventName} on no VPC` };
    return {
      kind: 'run',
      inputs: vpcIds.map((vpcId) => ({ vpcId, ...base, trigger: { source: 'tag-change', ...trigger } })),
    };
  }

  if (detail.eventName === 'CreateVpc') {
    const request = createVpcSchema.safeParse(detail);
    if (!request.success)
      return { kind: 'reject', reason: `malformed CreateVpc event: ${issues(request.error)}` };
    const vpcId = request.data.responseElements.vpc.vpcId;
    const tags = (request.data.requestParameters?.tagSpecificationSet?.items ?? [])
      .filter((s) => s.resourceType === 'vpc')
      .flatMap((s) => s.tags);
    const input = { vpcId, ...base, trigger: { source: 'vpc-created' as const, ...trigger } };
    if (tags.some((t) => ours(t.key))) return { kind: 'run', inputs: [input] };
    if (ctx.newVpcDefaultProfile) {
      return { kind: 'run', inputs: [{ ...input, desired: { profile: ctx.newVpcDefaultProfile } }] };
    }
    return {
      kind: 'ignore',
      reason: `${vpcId} was created without privatelink tags and no default profile is configured`,
    };
  }
  return { kind: 'ignore', reason: `CloudTrail ${detail.eventName} is not a trigger` };
}
