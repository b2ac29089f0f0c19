/**
 * Which AWS service an address outside the VPC is (docs/advice.md, "How sure each line is"). Flow logs name
 * the ip-ranges.json subset an address belongs to (`pkt-dst-aws-service`): S3, DYNAMODB, EC2 … are sure,
 * but most services an endpoint serves (SSM, STS, ECR's API, Logs, KMS, SQS) share the generic `AMAZON`.
 * Those are named from Route 53 Resolver query logs where the account keeps them: the address was an answer
 * to a query for `sts.us-east-1.amazonaws.com`, so its flows are STS's.
 */

import { regionOfAddress, type IpRanges } from './ip-ranges';

/** How a line's service (or, for `ip-ranges`, only its region) was known. */
export type Attribution = 'flow-log' | 'dns' | 'ip-ranges' | 'unattributed';

export interface Attributed {
  /** The endpoint service's short name (`s3`, `sts`, `ecr.api`), or `AMAZON` when unknown. */
  service: string;
  attribution: Attribution;
  /** Set when the name is of another region: no endpoint of this region carries it. */
  otherRegion?: string;
  /** An ip-ranges.json subset no endpoint serves (EC2, CLOUDFRONT, …). */
  noEndpoint?: true;
}

/**
 * The ip-ranges.json subsets flow logs name that an endpoint of the VPC carries. Others (EC2: instances'
 * public addresses, CLOUDFRONT, ROUTE53_HEALTHCHECKS, …) are AWS, but no endpoint serves them.
 */
const NAMED: Record<string, string> = { S3: 's3', DYNAMODB: 'dynamodb' };

const AMAZONAWS = /^(.+)\.amazonaws\.com\.?$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * The service a public AWS name is for: `sts.us-east-1.amazonaws.com` → sts, `api.ecr.eu-west-1…` →
 * ecr.api, `123456789012.dkr.ecr…` → ecr.dkr, `bucket.s3.us-east-1…` → s3; undefined for other names.
 */
export function serviceOfName(name: string): { service: string; region?: string } | undefined {
  const m = AMAZONAWS.exec(name.toLowerCase());
  if (!m?.[1]) return undefined;
  const labels = m[1].split('.');
  const regionAt = labels.findIndex((l) => REGION.test(l));
  const before = regionAt >= 0 ? labels.slice(0, regionAt) : labels;
  const region = regionAt >= 0 ? labels[regionAt] : undefined;
  const last = before.at(-1);
  if (!last) return undefined;
  const where = region ? { region } : {};
  if (last === 'ecr' && before.length >= 2) return { service: `ecr.${before.at(-2)}`, ...where };
  if (last.startsWith('s3')) return { service: 's3', ...where };
  return { service: last, ...where };
}

/** One Route 53 Resolver query log record, as the service writes it (JSON). */
export interface ResolverQuery {
  query_name?: string;
  vpc_id?: string;
  answers?: { Rdata?: string; Type?: string }[];
}

/**
 * address → the AWS name it answered for, from Resolver query logs. An address that answered for several
 * names keeps the one it answered most often (AWS's front doors are shared across names of a service).
 */
export function namesByAddress(queries: ResolverQuery[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const q of queries) {
    const name = q.query_name?.replace(/\.$/, '');
    if (!name || !serviceOfName(name)) continue;
    for (const a of q.answers ?? []) {
      if (a.Type !== 'A' && a.Type !== 'AAAA') continue;
      if (!a.Rdata) continue;
      const byName = counts.get(a.Rdata) ?? new Map<string, number>();
      byName.set(name, (byName.get(name) ?? 0) + 1);
      counts.set(a.Rdata, byName);
    }
  }
  const best = new Map<string, string>();
  for (const [address, byName] of counts)
    best.set(address, [...byName].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '');
  return best;
}

/**
 * The service of one remote address: the flow log's name where it is specific, else the DNS answer's; for
 * an `AMAZON` address no answer names, AWS's ranges may still say it is another region's.
 */
export function attribute(
  named: string | undefined,
  address: string,
  names: Map<string, string>,
  region: string,
  ranges?: IpRanges,
): Attributed {
  const specific = named ? NAMED[named] : undefined;
  if (specific) return { service: specific, attribution: 'flow-log' };
  const name = names.get(address);
  const known = name ? serviceOfName(name) : undefined;
  if (known) {
    const other = known.region && known.region !== region ? { otherRegion: known.region } : {};
    return { service: known.service, attribution: 'dns', ...other };
  }
  if (named && named !== 'AMAZON') return { service: named, attribution: 'flow-log', noEndpoint: true };
  const rangeRegion = ranges ? regionOfAddress(address, ranges) : undefined;
  if (rangeRegion && rangeRegion !== region && rangeRegion !== 'GLOBAL')
    return { service: 'AMAZON', attribution: 'ip-ranges', otherRegion: rangeRegion };
  return { service: 'AMAZON', attribution: 'unattributed' };
}
