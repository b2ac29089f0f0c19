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
    /** Every service of this account. */
    owner: z.string().regex(ACCOUNT_ID, 'must be a 12-digit account id').optional(),
    /** The word tags may use for the service (name entries only). */
    alias: z
      .string()
      .regex(
        ALIAS,
        'must be lower-case letters, digits and dashes, starting with a letter (such as payments)',
      )
      .optional(),
    /** TCP ports the endpoint's security group admits (default 443); the checks and the probe test them. */
    ports: z.array(z.number().int().min(1).max(65535)).min(1).optional(),
    /** Whether the service speaks TLS on its ports (the probe's TLS test); default: only when ports are [443]. */
    tls: z.boolean().optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (Boolean(entry.name) === Boolean(entry.owner))
      ctx.addIssue({
        code: 'custom',
        message: 'needs exactly one of name (one service) or owner (every service of an account)',
      });
    if (entry.alias && !entry.name)
      ctx.addIssue({
        code: 'custom',
        path: ['alias'],
        message: 'names one service: only entries with a name take an alias',
      });
  });

export type EndpointServiceEntry = z.infer<typeof entrySchema>;

/** The allow-list: entries as above, no alias or name twice. */
export const endpointServicesSchema = z
  .array(entrySchema)
  .default([])
  .superRefine((entries, ctx) => {
    const seen = new Map<string, number>();
    entries.forEach((entry, index) => {
      for (const key of [
        entry.alias && `alias ${entry.alias}`,
        entry.name && `name ${entry.name}`,
        entry.owner && `owner ${entry.owner}`,
      ]) {
        if (!key) continue;
        const first = seen.get(key);
        if (first !== undefined)
          ctx.addIssue({ code: 'custom', path: [index], message: `${key} is already entry ${first}` });
        else seen.set(key, index);
      }
    });
  });

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

const termsOf = (entry: EndpointServiceEntry): ServiceTerms => {
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

/** The owner accounts the allow-list admits every service of. */
export const ownersOf = (entries: EndpointServiceEntry[]): string[] =>
  entries.flatMap((e) => (e.owner ? [e.owner] : []));

/** The exact service names the allow-list admits. */
export const namesOf = (entries: EndpointServiceEntry[]): string[] =>
  entries.flatMap((e) => (e.name ? [e.name] : []));

/**
 * Why an allow-listed endpoint service cannot be had: EC2 does not list it to this account (a wrong name,
 * or its owner has not allowed the account), or its owner is not one an owner entry admits.
 */
export function endpointServiceRefusal(
  service: {
    name: string;
    serviceName: string;
    serviceRegion?: string;
    endpointService?: { terms: ServiceTerms[] };
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
  if (!termsFor(service.endpointService?.terms ?? [], offer.owner))
    return `${label} is owned by ${offer.owner ?? 'an unnamed owner'}, which no owner entry of endpointServices admits`;
  return undefined;
}
