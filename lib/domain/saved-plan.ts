import { z } from 'zod';
import type { CentralWork } from './central/links';
import type { Plan } from './model';
import { inputProblems } from './input-problems';

/**
 * A plan kept in a file (`privatelink plan --out`), checked whole before `apply --plan` reads a field of it:
 * a file edited by hand, cut short or of another version is refused naming the field, never half-read.
 */
export const SAVED_PLAN_FORMAT = 'privatelink-plan/1';

const ids = z.array(z.string());
const endpointType = z.enum(['Gateway', 'Interface', 'Resource']);
const changes = z
  .object({
    addSubnetIds: ids,
    removeSubnetIds: ids,
    addRouteTableIds: ids,
    removeRouteTableIds: ids,
    addManagedSecurityGroup: z.boolean(),
    removeSecurityGroupIds: ids,
    privateDns: z.boolean(),
    policyDocument: z.string(),
    resetPolicy: z.boolean(),
    ipAddressType: z.enum(['ipv4', 'dualstack', 'ipv6']),
    inboundResolverOnly: z.boolean(),
  })
  .partial()
  .strict();
const spec = z
  .object({
    service: z.string(),
    serviceName: z.string(),
    type: endpointType,
    subnetIds: ids,
    routeTableIds: ids,
    privateDns: z.boolean(),
    policyDocument: z.string().optional(),
    ipAddressType: z.literal('dualstack').optional(),
    inboundResolverOnly: z.boolean().optional(),
    ports: z.array(z.number().int().min(1).max(65535)).optional(),
    tls: z.boolean().optional(),
    serviceRegion: z.string().optional(),
  })
  .strict();
const ports = z.array(z.number().int().min(1).max(65535)).min(1);
const rule = z
  .object({
    protocol: z.string(),
    fromPort: z.number().optional(),
    toPort: z.number().optional(),
    cidr: z.string().optional(),
    ipv6Cidr: z.string().optional(),
    sourceGroupId: z.string().optional(),
    prefixListId: z.string().optional(),
  })
  .strict();

const zoneRef = { zoneId: z.string(), name: z.string() };
const alias = z.object({ name: z.string(), target: z.string(), targetZoneId: z.string() }).strict();
const listChange = z
  .object({
    prefixListId: z.string(),
    accountId: z.string().optional(),
    cidrs: ids,
    version: z.number().int().optional(),
  })
  .strict();
/** The decisions of a plan's central links (CentralWork, lib/domain/central/links.ts): what was reviewed. */
const centralWork = z
  .object({
    role: z.enum(['central', 'spoke', 'none']),
    centralVpcId: z.string().optional(),
    centralAccountId: z.string().optional(),
    served: ids,
    createList: z.object({ name: z.string(), maxEntries: z.number().int().positive() }).strict().optional(),
    authorizeListRule: z.boolean().optional(),
    createZones: z.array(z.object({ service: z.string(), name: z.string() }).strict()),
    upsertRecords: z.array(z.object({ zoneName: z.string(), records: z.array(alias) }).strict()),
    addEntries: z.array(listChange),
    removeEntries: z.array(listChange),
    associate: z.array(z.object(zoneRef).strict()),
    disassociate: z.array(z.object({ ...zoneRef, vpcId: z.string().optional() }).strict()),
    deleteZones: z.array(z.object({ ...zoneRef, records: z.array(alias) }).strict()),
    deauthorize: z.array(z.object({ ...zoneRef, vpcId: z.string() }).strict()).optional(),
    lingering: ids.optional(),
    spokesToLink: z.array(z.object({ vpcId: z.string(), detail: z.string() }).strict()).optional(),
    retire: z
      .array(
        z
          .object({
            endpointId: z.string(),
            service: z.string(),
            type: z.literal('Interface'),
            reason: z.string(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

const planSchema = z
  .object({
    mode: z.enum(['apply', 'plan']),
    noop: z.boolean(),
    securityGroup: z
      .object({
        action: z.enum(['create', 'update', 'unchanged', 'delete', 'none']),
        groupId: z.string().optional(),
        allowedCidrs: ids,
        ports: ports.optional(),
        addCidrs: ids,
        removeRules: z.array(rule),
        portGroups: z
          .array(
            z
              .object({
                action: z.enum(['create', 'update', 'unchanged']),
                ports,
                groupId: z.string().optional(),
                allowedCidrs: ids,
                addCidrs: ids,
                removeRules: z.array(rule),
              })
              .strict(),
          )
          .optional(),
        portGroupDeletions: z.array(z.object({ groupId: z.string(), ports }).strict()).optional(),
      })
      .strict(),
    endpoints: z.array(
      z
        .object({
          action: z.enum(['create', 'modify', 'unchanged', 'deleted', 'adopted', 'retained']),
          spec,
          endpointId: z.string().optional(),
          changes: changes.optional(),
          reason: z.string(),
          availableAzs: z.number().int().optional(),
          otherStack: z.string().optional(),
          cutover: changes.optional(),
        })
        .strict(),
    ),
    deletions: z.array(
      z
        .object({
          endpointId: z.string(),
          service: z.string(),
          type: endpointType,
          reason: z.string(),
          rejectedBy: z.string().optional(),
        })
        .strict(),
    ),
    targetRouteTableIds: ids,
    routeRepairs: z
      .array(
        z
          .object({ endpointId: z.string(), service: z.string(), associated: ids, reassociated: ids })
          .strict(),
      )
      .default([]),
    allowedCidrs: ids,
    cutover: z.enum(['safe', 'direct']),
    conflicts: z.array(z.object({ service: z.string(), name: z.string(), holder: z.string() }).strict()),
    central: z.object({ work: centralWork }).strict().optional(),
  })
  .strict();

export const savedPlanSchema = z
  .object({
    format: z.literal(SAVED_PLAN_FORMAT),
    vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, 'must be a VPC id'),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a region name'),
    stackName: z.string().min(1),
    createdAt: z.string(),
    plan: planSchema,
  })
  .strict();

/**
 * A plan as its file keeps it: with centralized endpoints, the links' decisions only (`central.work`); what
 * Plan read to reach them (the central VPC, the VPC's view) is read again at apply time.
 */
export type SavedForm = Omit<Plan, 'central'> & { central?: { work: CentralWork } };

export type SavedPlan = z.infer<typeof savedPlanSchema> & { plan: SavedForm };

/** What `plan --out` writes of a plan, and `plan --json` prints: what a review decides on. */
export const savedFormOf = ({ central, ...plan }: Plan): SavedForm =>
  central ? { ...plan, central: { work: central.work } } : plan;

/** The saved plan, or the first problems of the file, each as `field: what is wrong`. */
export function parseSavedPlan(raw: unknown): { plan: SavedPlan } | { problems: string[] } {
  const parsed = savedPlanSchema.safeParse(raw);
  if (parsed.success) return { plan: parsed.data as SavedPlan };
  return { problems: inputProblems(parsed.error, '(file)') };
}
