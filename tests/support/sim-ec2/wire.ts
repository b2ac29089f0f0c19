import type * as ec2 from '@aws-sdk/client-ec2';
import type { Filter, Tag, TagSpecification } from '@aws-sdk/client-ec2';
import { ec2Error, type SimEc2 } from './simulator';
import type { SimRule, Tags } from './state';

/** What every family of simulated EC2 commands shares: tags, filters, pages. */

export type Handler = (sim: SimEc2, input: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The client's credentials, resolved as the SDK does before it signs a request (the mocks stand in for the
 * whole middleware stack): a client of a spoke account asks STS for its role here, and fails as it would.
 */
export async function signedAs(client: { config: { credentials?: unknown } }): Promise<void> {
  const credentials = client.config.credentials;
  if (typeof credentials === 'function') await (credentials as () => Promise<unknown>)();
}

export const tagsOf = (specs: TagSpecification[] | undefined, type: string): Tags =>
  Object.fromEntries(
    (specs ?? [])
      .filter((s) => s.ResourceType === type)
      .flatMap((s) => (s.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
  );
export const toTagList = (tags: Tags): Tag[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** Describe* filters: each filter must match (AND); any of its values may (OR). Tag filters: `tag:Key`. */
export function matches(
  filters: Filter[] | undefined,
  fields: Record<string, string | string[] | undefined>,
  tags: Tags,
): boolean {
  return (filters ?? []).every((f) => {
    const name = f.Name ?? '';
    const actual =
      name === 'tag-key' ? Object.keys(tags) : name.startsWith('tag:') ? tags[name.slice(4)] : fields[name];
    const values = Array.isArray(actual) ? actual : actual === undefined ? [] : [actual];
    if (!(name in fields) && !name.startsWith('tag:') && name !== 'tag-key')
      throw ec2Error('InvalidParameterValue', `The filter '${name}' is invalid`);
    return values.some((v) => (f.Values ?? []).includes(v));
  });
}

/** Pages results like EC2: NextToken is an opaque offset; an unknown token is an error. */
export function page<T>(sim: SimEc2, items: T[], nextToken: string | undefined, maxResults?: number) {
  const size = maxResults ?? sim.options.pageSize;
  const start = nextToken ? Number(Buffer.from(nextToken, 'base64').toString()) : 0;
  if (Number.isNaN(start)) throw ec2Error('InvalidPaginationToken', `Invalid token ${nextToken}`);
  const end = start + size;
  return {
    items: items.slice(start, end),
    NextToken: end < items.length ? Buffer.from(String(end)).toString('base64') : undefined,
  };
}

/** A collection's candidates for a Describe call: through the VPC index when asked to and filtered by vpc-id. */
export function candidates<T extends { vpcId: string }>(
  sim: SimEc2,
  name: string,
  collection: Map<string, T>,
  filters?: Filter[],
): T[] {
  const vpcFilter = filters?.find((f) => f.Name === 'vpc-id');
  if (sim.options.indexByVpc && vpcFilter?.Values) return sim.inVpcs(name, collection, vpcFilter.Values);
  return [...collection.values()];
}

/** Security-group permissions as the simulator keeps them: one rule per CIDR or prefix list. */
export function flattenPermissions(perms: ec2.IpPermission[] | undefined): SimRule[] {
  return (perms ?? []).flatMap((p) => {
    const base = { IpProtocol: p.IpProtocol ?? '-1', FromPort: p.FromPort, ToPort: p.ToPort };
    return [
      ...(p.IpRanges ?? []).map((r) => ({ ...base, CidrIp: r.CidrIp })),
      ...(p.Ipv6Ranges ?? []).map((r) => ({ ...base, CidrIpv6: r.CidrIpv6 })),
      ...(p.PrefixListIds ?? []).map((pl) => ({ ...base, PrefixListId: pl.PrefixListId })),
    ];
  });
}
