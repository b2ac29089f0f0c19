import { z } from 'zod';

/**
 * Endpoint services beyond AWS's own (docs/architecture.md, "Endpoint services"): a VPC's tags may name one
 * only when the config's allow-list `endpointServices` admits it, by its exact name or its owner's account.
 */

/** An endpoint service's name: `com.amazonaws.vpce.<region>.vpce-svc-<id>`, 17 hex digits (or 8: EC2's short ids). */
export const ENDPOINT_SERVICE_NAME =
  /^com\.amazonaws\.vpce\.([a-z]{2}(?:-[a-z]+)+-\d)\.vpce-svc-(?:[0-9a-f]{17}|[0-9a-f]{8})$/;
const ALIAS = /^[a-z][a-z0-9-]{0,62}$/;
const ACCOUNT_ID = /^\d{12}$/;

/** The ports an endpoint of a service admits when its entry names none: HTTPS. */
export const DEFAULT_SERVICE_PORTS = [443];

/** What every allow-list entry may say besides the name of what it admits. */
const entryFields = {
  /** Everything of this account. */
  owner: z.string().regex(ACCOUNT_ID, 'must be a 12-digit account id').optional(),
  /** The word tags may use for it (entries naming one only). */
  alias: z
    .string()
    .regex(ALIAS, 'must be lower-case letters, digits and dashes, starting with a letter (such as payments)')
    .optional(),
  /** TCP ports the endpoint's security group admits (default 443); the checks and the probe test them. */
  ports: z.array(z.number().int().min(1).max(65535)).min(1).optional(),
  /** Whether it speaks TLS on its ports (the probe's TLS test); default: only when ports are [443]. */
  tls: z.boolean().optional(),
};

/** Exactly one of `key` (one thing) or owner (everything of an account); an alias only beside `key`. */
const oneOf =
  (key: 'name' | 'arn', what: string) =>
  (
    entry: { owner?: string; alias?: string } & Partial<Record<'name' | 'arn', string>>,
    ctx: z.RefinementCtx,
  ) => {
    if (Boolean(entry[key]) === Boolean(entry.owner))
      ctx.addIssue({
        code: 'custom',
        message: `needs exactly one of ${key} (one ${what}) or owner (every ${what} of an account)`,
      });
    if (entry.alias && !entry[key])
      ctx.addIssue({
        code: 'custom',
        path: ['alias'],
        message: `names one ${what}: only entries with a ${key} take an alias`,
      });
  };

/** No alias, name (or ARN) or owner twice in one list. */
const uniqueEntries = (
  entries: ({ owner?: string; alias?: string } & Partial<Record<'name' | 'arn', string>>)[],
  ctx: z.RefinementCtx,
) => {
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    for (const key of [
      entry.alias && `alias ${entry.alias}`,
      entry.name && `name ${entry.name}`,
      entry.arn && `arn ${entry.arn}`,
      entry.owner && `owner ${entry.owner}`,
    ]) {
      if (!key) continue;
      const first = seen.get(key);
      if (first !== undefined)
        ctx.addIssue({ code: 'custom', path: [index], message: `${key} is already entry ${first}` });
      else seen.set(key, index);
    }
  });
};

const entrySchema = z
  .object({
    /** The exact service name. */
    name: z
      .string()
      .regex(
        ENDPOINT_SERVICE_NAME,
        'must be an endpoint service name such as com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0',
      )
      .optional(),
    ...entryFields,
  })
  .strict()
  .superRefine(oneOf('name', 'service'));

export type EndpointServiceEntry = z.infer<typeof entrySchema>;

/** The allow-list of endpoint services: entries as above, no alias, name or owner twice. */
export const endpointServicesSchema = z.array(entrySchema).default([]).superRefine(uniqueEntries);

/**
 * A resource configuration's ARN (VPC Lattice, shared through RAM): the region and the owner's account.
 * https://docs.aws.amazon.com/vpc-lattice/latest/APIReference/API_ResourceConfigurationSummary.html
 */
export const RESOURCE_CONFIGURATION_ARN =
  /^arn:aws[a-z-]*:vpc-lattice:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):resourceconfiguration\/rcfg-[0-9a-z]{17}$/;

const resourceEntrySchema = z
  .object({
    /** The exact resource configuration. */
    arn: z
      .string()
      .regex(
        RESOURCE_CONFIGURATION_ARN,
        'must be a resource configuration ARN such as arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0',
      )
      .optional(),
    ...entryFields,
  })
  .strict()
  .superRefine(oneOf('arn', 'resource configuration'));

export type ResourceConfigurationEntry = z.infer<typeof resourceEntrySchema>;

/** The allow-list of resource configurations (resource endpoints): by ARN or owner, as for services. */
export const resourceConfigurationsSchema = z
  .array(resourceEntrySchema)
  .default([])
  .superRefine(uniqueEntries);

/** What an allow-list entry grants a service: the ports its endpoint admits, and whether they speak TLS. */
export interface ServiceTerms {
  /** An owner entry's: the service's owner must be this account (checked against EC2's answer). */
  owner?: string;
  ports: number[];
  tls: boolean;
}

/** An allow-listed endpoint service as a tag asked for it. */
export interface AllowedEndpointService {
  /** What results and the AZ policy call it: the alias, else the full name. */
  name: string;
  serviceName: string;
  /** The service's region (from its name). */
  region: string;
  /** Its exact entry's terms, or those of every owner entry (which one holds is known from EC2's answer). */
  terms: ServiceTerms[];
}

export type EndpointServiceProblem =
  | { kind: 'not-allow-listed' }
  | { kind: 'foreign-region'; region: string };

const termsOf = (entry: EndpointServiceEntry | ResourceConfigurationEntry): ServiceTerms => {
  const ports = [...new Set(entry.ports ?? DEFAULT_SERVICE_PORTS)].sort((a, b) => a - b);
  return {
    ...(entry.owner ? { owner: entry.owner } : {}),
    ports,
    tls: entry.tls ?? (ports.length === 1 && ports[0] === 443),
  };
};

const regionOf = (serviceName: string) => ENDPOINT_SERVICE_NAME.exec(serviceName)?.[1] ?? '';

/** An alias of the allow-list, or undefined. */
export function byAlias(token: string, entries: EndpointServiceEntry[]): AllowedEndpointService | undefined {
  const entry = entries.find((e) => e.alias === token);
  if (!entry?.name) return undefined;
  return { name: token, serviceName: entry.name, region: regionOf(entry.name), terms: [termsOf(entry)] };
}

/**
 * A full endpoint-service name checked against the allow-list: its exact entry, else the owner entries
 * (the service's owner is then checked against EC2's answer: termsFor).
 */
export function byName(
  serviceName: string,
  entries: EndpointServiceEntry[],
): AllowedEndpointService | EndpointServiceProblem {
  const exact = entries.find((e) => e.name === serviceName);
  const owners = entries.filter((e) => e.owner);
  const terms = exact ? [termsOf(exact)] : owners.map(termsOf);
  if (terms.length === 0) return { kind: 'not-allow-listed' };
  return { name: exact?.alias ?? serviceName, serviceName, region: regionOf(serviceName), terms };
}

/** The terms that admit a service its owner offers, or undefined when no entry admits that owner. */
export const termsFor = (terms: ServiceTerms[], owner: string | undefined): ServiceTerms | undefined =>
  terms.find((t) => t.owner === undefined || t.owner === owner);

/**
 * Why an allow-listed endpoint service cannot be had: EC2 does not list it to this account (a wrong name,
 * or its owner has not allowed the account), or its owner is not one an owner entry admits.
 */
export function endpointServiceRefusal(
  service: {
    name: string;
    serviceName: string;
    serviceRegion?: string;
    allowListed?: { terms: ServiceTerms[] };
  },
  offer: { types: string[]; owner?: string } | undefined,
  region: string,
): string | undefined {
  const label =
    service.name === service.serviceName ? `"${service.name}"` : `"${service.name}" (${service.serviceName})`;
  const from = service.serviceRegion
    ? ` from ${region} (cross-region: its owner must also offer it to ${region})`
    : ` in ${region}`;
  if (!offer?.types.includes('Interface'))
    return `${label} is not listed to this account${from}: check the name, and that its owner allows this account (or its role) as a principal`;
  if (!termsFor(service.allowListed?.terms ?? [], offer.owner))
    return `${label} is owned by ${offer.owner ?? 'an unnamed owner'}, which no owner entry of endpointServices admits`;
  return undefined;
}

/**
 * An entry of `privatelink:resources` checked against the allow-list: an alias, or an ARN its exact entry
 * admits or an owner entry of the ARN's account (the owner is in the ARN: no lookup needed).
 */
export function byResource(
  token: string,
  entries: ResourceConfigurationEntry[],
): AllowedEndpointService | EndpointServiceProblem {
  const aliased = entries.find((e) => e.alias === token);
  const arn = aliased?.arn ?? token;
  const match = RESOURCE_CONFIGURATION_ARN.exec(arn);
  if (!match) return { kind: 'not-allow-listed' };
  const [, region = '', owner = ''] = match;
  const entry = aliased ?? entries.find((e) => e.arn === arn) ?? entries.find((e) => e.owner === owner);
  if (!entry) return { kind: 'not-allow-listed' };
  return { name: entry.alias ?? arn, serviceName: arn, region, terms: [{ ...termsOf(entry), owner }] };
}

/** The owner account an ARN names. */
export const ownerOfArn = (arn: string): string | undefined => RESOURCE_CONFIGURATION_ARN.exec(arn)?.[2];
