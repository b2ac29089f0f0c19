import { z } from 'zod';
import { InvalidConfigError } from './errors';
import { inputProblems } from './input-problems';
import { endpointServicesSchema, resourceConfigurationsSchema } from './endpoint-services';

const AZ_COUNT = '(all|[1-9]\\d*)';
const AZS_SYNTAX = new RegExp(
  `^(${AZ_COUNT}|[a-z0-9.-]+=${AZ_COUNT})([\\s,]+(${AZ_COUNT}|[a-z0-9.-]+=${AZ_COUNT}))*$`,
);
const AZS_MESSAGE = 'must be all, a number of AZs, or per service such as ssm=1,logs=2';

/**
 * One bucket's pace: a whole burst of at least `minBurst`, at least `minPerSecond` a second (slower, runs
 * would wait for hours), with defaults. Whether it stays within EC2's bucket is checked against
 * `pace.ec2Limits` below.
 */
const paceLimit = (o: { minBurst: number; minPerSecond: number; burst: number; perSecond: number }) =>
  z
    .object({
      burst: z.number().int().min(o.minBurst).default(o.burst),
      perSecond: z
        .number()
        .min(o.minPerSecond, `must be at least ${o.minPerSecond} a second: slower, runs would wait for hours`)
        .default(o.perSecond),
    })
    .strict()
    .prefault({});

/** EC2's published bucket of an API, or the one AWS raised for the account (pace.ec2Limits). */
const ec2Limit = (published: { burst: number; perSecond: number }) =>
  z
    .object({ burst: z.number().int().min(1), perSecond: z.number().positive() })
    .strict()
    .default(published);

/** Where the drift schedule writes the fleet report in its bucket when `drift.report.key` does not say. */
export const DEFAULT_FLEET_REPORT_KEY = 'privatelink/fleet-report.html';

/** The spokes' CIDR list's size when the config's `central` section does not say (central.maxSpokeCidrs). */
export const DEFAULT_MAX_SPOKE_CIDRS = 50;

/**
 * Route 53's published API buckets per account (not raised on request), which the route53 paces stay within.
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html#limits-api-requests
 */
export const ROUTE53_LIMITS = {
  account: { burst: 50, perSecond: 10 },
  associate: { burst: 20, perSecond: 5 },
  createZone: { burst: 40, perSecond: 2 },
} as const;

/**
 * EventBridge's schedule expressions: rate(1 minute|hour|day), rate(N minutes|hours|days), or a cron of
 * six fields. https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */
const SCHEDULE =
  /^(rate\((1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)|cron\(\S+( \S+){5}\))$/;

/** Deployed configuration (docs/architecture.md, "Configuration"), passed to every function as the PRIVATELINK_CONFIG JSON env var. */
const configSchema = z
  .object({
    /** Short service names allowed in tags; `["*"]` allows every AWS service of the VPC's own region. */
    allowedServices: z.array(z.string().min(1)).min(1).default(['*']),
    /**
     * Endpoint services beyond AWS's own that tags may name (docs/architecture.md, "Endpoint services"): by
     * exact name or by owner account, with an alias for tags and the ports their endpoints admit.
     */
    endpointServices: endpointServicesSchema,
    /**
     * Hours an endpoint may wait for its service's owner to accept it before the drift check reports it
     * (default 72: three days).
     */
    acceptanceDeadlineHours: z.number().positive().max(8760).default(72),
    /**
     * Resource configurations (VPC Lattice, shared through RAM) that `privatelink:resources` may name: by
     * ARN (with an alias) or by owner account, with the ports their resource endpoints admit.
     */
    resourceConfigurations: resourceConfigurationsSchema,
    /**
     * Other regions whose services tags may name in full (cross-region PrivateLink: `ServiceRegion`): AWS's
     * services EC2 lists as available cross-region, and allow-listed endpoint services. Empty: none, and
     * the functions get no `vpce:AllowMultiRegion`.
     */
    serviceRegions: z
      .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a region name such as us-west-2'))
      .default([]),
    /**
     * Centralized endpoints (docs/architecture.md, "Centralized endpoints"): a VPC tagged `privatelink:share`
     * serves its interface endpoints to spokes tagged `privatelink:use`. Unset: those tags are refused.
     */
    central: z
      .object({
        /**
         * How spokes resolve the shared names: `zones`, a private hosted zone per name associated with each
         * spoke. The Route 53 Profile way is not built yet, and refused rather than half-done.
         */
        dns: z
          .literal('zones', { error: 'must be "zones" (a Route 53 Profile is not built yet)' })
          .default('zones'),
        /**
         * The spokes' CIDR list's size (the central group's prefix list, MaxEntries): a rule referring to a
         * list counts as that many rules of the group's quota (60 inbound by default), so it is sized here,
         * not guessed. https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html
         */
        maxSpokeCidrs: z.number().int().min(1).max(1000).default(DEFAULT_MAX_SPOKE_CIDRS),
      })
      .strict()
      .optional(),
    profiles: z.record(z.string().regex(/^[a-z0-9-]+$/), z.array(z.string().min(1)).min(1)).default({
      ssm: ['ssm', 'ssmmessages', 'ec2messages'],
      ecr: ['ecr.api', 'ecr.dkr', 's3', 'logs'],
    }),
    defaultPolicy: z.enum(['default', 'account', 'org']).default('default'),
    orgId: z
      .string()
      .regex(/^o-[a-z0-9]{10,32}$/)
      .optional(),
    drift: z
      .object({
        schedule: z
          .string()
          .regex(SCHEDULE, 'must be an EventBridge schedule such as rate(6 hours) or cron(0 */6 * * ? *)')
          .default('rate(6 hours)'),
        mode: z.enum(['report', 'remediate']).default('report'),
        /**
         * Off unless set: the scheduled check also writes the fleet report (`privatelink report --html`'s
         * page, without the advice) to this S3 object, read back after each write. README, "The fleet report".
         */
        report: z
          .object({
            bucket: z
              .string()
              .regex(
                /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
                'must be an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens',
              ),
            key: z
              .string()
              .regex(
                /^[A-Za-z0-9!_.*'()/-]{1,1024}$/,
                "must be an S3 key of letters, digits and ! _ . * ' ( ) / - (1-1024 of them)",
              )
              .default(DEFAULT_FLEET_REPORT_KEY),
          })
          .strict()
          .optional(),
      })
      .prefault({}),
    /**
     * How many addresses `privatelink:allowed-cidrs` may open the endpoints to, all CIDRs together
     * (default 16,777,216: a /8). Each CIDR must be private (RFC 1918, RFC 6598) or inside the VPC.
     */
    allowedCidrsMaxAddresses: z
      .number()
      .int()
      .min(1)
      .max(2 ** 32)
      .default(2 ** 24),
    /**
     * The hub (docs/architecture.md, "Hub and spokes"): VPCs of other accounts are worked on through the
     * spoke template's role there, `arn:<partition>:iam::<account>:role/<roleName>`, asked with `externalId`
     * (which names the hub). Unset: this stack works on its own account only.
     */
    hub: z
      .object({
        roleName: z
          .string()
          .regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name such as privatelink-spoke')
          .default('privatelink-spoke'),
        externalId: z
          .string()
          .regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2 to 1224 characters of letters, digits and +=,.@:/-')
          .default('privatelink-orchestrator'),
        /** The spoke template's role for the live probe's copies in a member account. */
        probeRoleName: z
          .string()
          .regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name such as privatelink-probe')
          .default('privatelink-probe'),
        /** Member accounts the scheduled drift check covers, besides those of `organizationalUnits`. */
        accounts: z.array(z.string().regex(/^\d{12}$/, 'must be a 12-digit account id')).default([]),
        /** OUs whose active accounts the drift check covers (Organizations ListAccountsForParent). */
        organizationalUnits: z
          .array(
            z
              .string()
              .regex(/^ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/, 'must be an OU id such as ou-ab12-cd34ef56'),
          )
          .default([]),
        /** Regions the drift check covers in every account; empty: the functions' own region. */
        regions: z
          .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a region name such as eu-west-1'))
          .default([]),
      })
      .strict()
      .optional(),
    /** Profile given to new VPCs created without privatelink tags; unset means they are left alone. */
    newVpcDefaultProfile: z.string().optional(),
    /**
     * The account-wide pace of EC2's endpoint API (docs/architecture.md, "One pace per account"): EC2 allows
     * CreateVpcEndpoint / ModifyVpcEndpoint / DeleteVpcEndpoints a burst of 4 and 0.3 per second per
     * account and region; the defaults leave one token of burst and 7 % of the rate to other callers.
     * `read`: the non-mutating bucket (100, 20 per second), which a run's first reads spend ten at a time;
     * spacing run starts by it also keeps their security-group calls within the mutating bucket (50, 5).
     * Raise them only with a raised EC2 throttling limit.
     */
    pace: z
      .object({
        read: paceLimit({ minBurst: 10, minPerSecond: 0.5, burst: 80, perSecond: 15 }),
        endpoint: paceLimit({ minBurst: 1, minPerSecond: 0.01, burst: 3, perSecond: 0.28 }),
        /**
         * Route 53's buckets are the account's, whatever the region (50 and 10 a second for every call;
         * AssociateVPCWithHostedZone 20 and 5; CreateHostedZone 40 and 2): LinkCentral reserves its calls
         * of each before it makes them. The defaults leave 5 % of each rate and 10 % of each burst to others.
         * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html#limits-api-requests
         */
        route53: z
          .object({
            account: paceLimit({ minBurst: 5, minPerSecond: 0.5, burst: 45, perSecond: 9.5 }),
            associate: paceLimit({ minBurst: 2, minPerSecond: 0.25, burst: 18, perSecond: 4.75 }),
            createZone: paceLimit({ minBurst: 2, minPerSecond: 0.1, burst: 36, perSecond: 1.9 }),
          })
          .strict()
          .superRefine((paces, ctx) => {
            for (const bucket of ['account', 'associate', 'createZone'] as const)
              for (const field of ['burst', 'perSecond'] as const)
                if (paces[bucket][field] > ROUTE53_LIMITS[bucket][field])
                  ctx.addIssue({
                    code: 'custom',
                    path: [bucket, field],
                    message: `must not exceed Route 53's published ${field} of ${ROUTE53_LIMITS[bucket][field]} for this bucket`,
                  });
          })
          .prefault({}),
        /**
         * EC2's buckets for this account (published: endpoint API 4 and 0.3 a second, reads 100 and 20):
         * set them only when AWS raised the account's limits; the paces may not exceed them.
         * https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html
         */
        ec2Limits: z
          .object({
            endpoint: ec2Limit({ burst: 4, perSecond: 0.3 }),
            read: ec2Limit({ burst: 100, perSecond: 20 }),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .superRefine((pace, ctx) => {
        for (const bucket of ['endpoint', 'read'] as const) {
          const limit = pace.ec2Limits[bucket];
          for (const field of ['burst', 'perSecond'] as const)
            if (pace[bucket][field] > limit[field])
              ctx.addIssue({
                code: 'custom',
                path: [bucket, field],
                message: `must not exceed EC2's ${field} of ${limit[field]} for this bucket (set pace.ec2Limits.${bucket} only if AWS raised the account's limit)`,
              });
        }
      })
      .prefault({}),
    /**
     * PrivateLink prices per region (USD per interface endpoint per AZ-hour, per GB processed), over the
     * ones shipped (lib/domain/cost.ts, taken from AWS's pricing page on the date it names).
     */
    prices: z
      .record(
        z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a region name such as eu-west-1'),
        z
          .object({
            interfaceAzHour: z.number().positive(),
            dataPerGb: z.number().nonnegative(),
            /** Transit Gateway data processing, USD per GB: what a spoke pays to reach a central VPC. */
            transitGatewayPerGb: z.number().nonnegative().optional(),
            /** NAT gateway data processing, USD per GB: what an endpoint saves (`privatelink advise`). */
            natGatewayPerGb: z.number().nonnegative().optional(),
            /** When the price was read (`privatelink prices --write` sets it). */
            takenOn: z
              .string()
              .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-11-26')
              .optional(),
          })
          .strict(),
      )
      .default({}),
    /**
     * AZs per interface endpoint when a VPC has no `privatelink:azs` tag: `all`, a number, or per service
     * (`ssm=1,logs=2`); `profileAzs` sets it per profile. Each AZ is billed per hour.
     */
    azs: z.string().regex(AZS_SYNTAX, AZS_MESSAGE).default('all'),
    profileAzs: z.record(z.string(), z.string().regex(AZS_SYNTAX, AZS_MESSAGE)).default({}),
    /** The live in-VPC probe (docs/architecture.md, "The live probe"): on by default, removed after each run unless kept. */
    probe: z
      .object({
        enabled: z.boolean().default(true),
        keepBetweenRuns: z.boolean().default(false),
        timeoutMs: z.number().int().min(100).max(10_000).default(2000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type OrchestratorConfig = z.infer<typeof configSchema> & { stackName: string };

/** Parses and checks the config; errors name `source` (the variable, or the file the CLI read). */
export function parseConfig(
  json: string | undefined,
  stackName: string,
  source = 'PRIVATELINK_CONFIG',
): OrchestratorConfig {
  if (!stackName) throw new InvalidConfigError('STACK_NAME is not set: it is the value of the ownership tag');
  let raw: unknown = {};
  if (json && json.trim() !== '') {
    try {
      raw = JSON.parse(json);
    } catch (err) {
      throw new InvalidConfigError(`${source} is not valid JSON: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = inputProblems(parsed.error, '(root)');
    throw new InvalidConfigError(`${source} is invalid: ${issues.join('; ')}`);
  }
  const config = { ...parsed.data, stackName };
  if (config.defaultPolicy === 'org' && !config.orgId) {
    throw new InvalidConfigError(`${source}: defaultPolicy "org" needs orgId, such as o-a1b2c3d4e5`);
  }
  const unknownProfile = config.newVpcDefaultProfile && !config.profiles[config.newVpcDefaultProfile];
  if (unknownProfile) {
    throw new InvalidConfigError(
      `${source}: newVpcDefaultProfile "${config.newVpcDefaultProfile}" is not one of the profiles (${Object.keys(config.profiles).join(', ')})`,
    );
  }
  const clash = config.endpointServices.find((e) => e.alias && Object.hasOwn(config.profiles, e.alias));
  if (clash) {
    throw new InvalidConfigError(
      `${source}: endpointServices alias "${clash.alias}" is also a profile's name: tags could not tell them apart`,
    );
  }
  return config;
}

/** The deployed config, compiled into each function's package at deploy time (esbuild `define`). */
declare const PRIVATELINK_DEPLOYED_CONFIG: string | undefined;

/**
 * Reads the config once, failing fast on anything missing or malformed. Deployed, it travels in the
 * functions' code (serverless.yml, custom.esbuild.define), not in an environment variable, whose 4 KB
 * all variables share; local runs, the CLI and tests set PRIVATELINK_CONFIG.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): OrchestratorConfig {
  const deployed = typeof PRIVATELINK_DEPLOYED_CONFIG === 'string' ? PRIVATELINK_DEPLOYED_CONFIG : undefined;
  return deployed !== undefined
    ? parseConfig(deployed, env.STACK_NAME ?? '', 'the deployed config')
    : parseConfig(env.PRIVATELINK_CONFIG, env.STACK_NAME ?? '');
}

export const OWNER_TAG = 'privatelink:managed-by';

/** A hub with members to check (hub.accounts or hub.organizationalUnits): the Organization check runs. */
export const hasMembers = (config: Pick<OrchestratorConfig, 'hub'>): boolean =>
  Boolean(config.hub && (config.hub.accounts.length > 0 || config.hub.organizationalUnits.length > 0));

/**
 * The tag on every deployed stack of this product and on its state machine (serverless.yml): how the CLI
 * finds the stack in an account and region when it is not named (README, "CLI").
 */
export const PRODUCT_TAG = { key: 'application', value: 'privatelink-orchestrator' } as const;
export const VPC_TAG = 'privatelink:vpc';
export const SERVICE_TAG = 'privatelink:service';
/** Which execution created an endpoint: what compensation removes, and nothing else. */
export const EXECUTION_TAG = 'privatelink:execution';
/** What one of our security groups is for: `endpoints` (the endpoints' group) or `probe` (the live probe's). */
export const ROLE_TAG = 'privatelink:role';
export const TAG_PREFIX = 'privatelink:';
/** The TCP ports a port group of ours admits (`5432` or `443,8443`): endpoints on other ports than 443. */
export const PORTS_TAG = 'privatelink:ports';
/** On a central VPC's spoke CIDR list, and on its zones: the central VPC they serve. */
export const CENTRAL_TAG = 'privatelink:central';
