/**
 * AWS's published address ranges (https://ip-ranges.amazonaws.com/ip-ranges.json, `privatelink advise
 * --ip-ranges FILE`): what they add to a flow log's `AMAZON` is the address's region. Flow logs' service
 * names are already this file's (`pkt-dst-aws-service`), and it names no SSM, STS or ECR range; but an
 * address of another region's range is traffic no endpoint of this region can carry.
 * https://docs.aws.amazon.com/vpc/latest/userguide/aws-ip-ranges.html
 */
import { z } from 'zod';
import { parseCidr } from '../cidr';
import { InvalidInputError } from '../errors';

const FILE = z.object({
  createDate: z.string(),
  prefixes: z.array(z.object({ ip_prefix: z.string(), region: z.string(), service: z.string() }).loose()),
});

export interface IpRanges {
  createDate: string;
  /** IPv4 ranges with their region, longest prefix first. */
  ranges: { start: number; end: number; prefix: number; region: string }[];
}

/** The file as AWS publishes it, or an InvalidInputError naming it and what is accepted. */
export function parseIpRanges(json: unknown, source: string): IpRanges {
  const read = FILE.safeParse(json);
  if (!read.success) {
    const issue = read.error.issues[0];
    throw new InvalidInputError(
      `${source} is not AWS's ip-ranges.json (${issue?.path.join('.') || 'the document'}: ${issue?.message}); accepted: the file at https://ip-ranges.amazonaws.com/ip-ranges.json`,
    );
  }
  const ranges = read.data.prefixes
    .map((p) => ({ cidr: parseCidr(p.ip_prefix), region: p.region }))
    .filter((p): p is { cidr: NonNullable<typeof p.cidr>; region: string } => p.cidr !== undefined)
    .map(({ cidr, region }) => ({ start: cidr.start, end: cidr.end, prefix: cidr.prefix, region }))
    .sort((a, b) => b.prefix - a.prefix);
  return { createDate: read.data.createDate, ranges };
}

/** The region of the longest published range holding the address (`GLOBAL` for some), or undefined. */
export function regionOfAddress(address: string, ranges: IpRanges): string | undefined {
  const ip = parseCidr(`${address}/32`);
  if (!ip) return undefined;
  return ranges.ranges.find((r) => r.start <= ip.start && ip.start <= r.end)?.region;
}
