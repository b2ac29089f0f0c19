/** IPv4 CIDR arithmetic for security-group and network-ACL checks. */
const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export interface Range {
  start: number;
  end: number;
}

export function parseCidr(cidr: string): (Range & { prefix: number; network: number }) | undefined {
  const m = IPV4_CIDR.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const network = Math.floor(address / size) * size;
  return { start: network, end: network + size - 1, prefix, network };
}

/** The CIDR with host bits cleared, or undefined when it is not an IPv4 CIDR. */
export function canonicalCidr(cidr: string): string | undefined {
  const parsed = parseCidr(cidr);
  if (!parsed) return undefined;
  const parts = [24, 16, 8, 0].map((shift) => Math.floor(parsed.network / 2 ** shift) % 256);
  return `${parts.join('.')}/${parsed.prefix}`;
}

export function cidrContains(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  return Boolean(a && b && a.start <= b.start && b.end <= a.end);
}

export function cidrOverlaps(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return Boolean(x && y && x.start <= y.end && y.start <= x.end);
}

/** Ranges never routed on the internet: RFC 1918 private networks and RFC 6598 shared address space. */
export const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

/** How many addresses the CIDRs cover together (overlaps counted once). */
export function addressesCovered(cidrs: string[]): number {
  const ranges = cidrs
    .map(parseCidr)
    .filter((r): r is NonNullable<typeof r> => r !== undefined)
    .sort((a, b) => a.start - b.start);
  let total = 0;
  let reached = -1;
  for (const r of ranges) {
    if (r.end <= reached) continue;
    total += r.end - Math.max(r.start, reached + 1) + 1;
    reached = r.end;
  }
  return total;
}

export function ipInCidr(ip: string, cidr: string): boolean {
  return cidrContains(cidr, `${ip}/32`);
}
