import { isIPv4 } from 'node:net';
import { ipInCidr } from '../../domain/cidr';

/** RFC 1918 private ranges: an answer outside them means the name resolved to a public address. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

export const isPrivateAddress = (ip: string) => isIPv4(ip) && PRIVATE_RANGES.some((r) => ipInCidr(ip, r));
export const isInside = (ip: string, cidrs: string[]) => cidrs.some((c) => ipInCidr(ip, c));

/** Rejects after `ms` with a message naming what timed out; clears its timer either way. */
export async function withTimeout<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
