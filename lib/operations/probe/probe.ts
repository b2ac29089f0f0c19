import { request } from 'node:https';
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ProbeCheck, ProbeTarget } from '../../domain/probe-rules';
import { isInside, isPrivateAddress, withTimeout } from './network';

export type { ProbeCheck, ProbeTarget };

/**
 * The live connectivity checks, run from inside the VPC by the probe function (docs/architecture.md, "The live probe"): DNS answers
 * private addresses of the VPC, TCP and TLS reach 443 on each endpoint interface, and gateway services
 * answer HTTPS over the prefix-list route. Everything network-facing is injectable for tests.
 */

export interface ProbeEnv {
  resolve4: (hostname: string) => Promise<string[]>;
  vpcCidrs: string[];
  timeoutMs: number;
  port?: number;
  /** Extra trusted CAs (tests); the system store otherwise. */
  ca?: string;
  /** Where gateway HTTPS checks connect; the service hostname otherwise (tests point it at loopback). */
  httpsAddressFor?: (hostname: string) => string;
}

const elapsed = (start: number) => Math.round(performance.now() - start);

async function timed(
  name: string,
  work: () => Promise<{ status: ProbeCheck['status']; detail: string }>,
): Promise<ProbeCheck> {
  const start = performance.now();
  try {
    return { name, ...(await work()), ms: elapsed(start) };
  } catch (err) {
    return { name, status: 'fail', detail: (err as Error).message, ms: elapsed(start) };
  }
}

export function dnsCheck(target: ProbeTarget, env: ProbeEnv): Promise<ProbeCheck> {
  const name = target.privateDns ? target.hostname : target.endpointDnsNames[0];
  return timed('dns', async () => {
    if (!name) return { status: 'fail', detail: 'private DNS is off and the endpoint has no DNS names' };
    const answers = await withTimeout(`resolving ${name}`, env.timeoutMs, env.resolve4(name));
    if (answers.length === 0) return { status: 'fail', detail: `${name} has no A records` };
    // A spoke's served name: our zone's alias answers the central endpoint's interfaces, nothing else.
    if (target.servedBy) {
      const other = answers.filter((ip) => !target.addresses.includes(ip));
      return other.length
        ? {
            status: 'fail',
            detail: `${name} resolves to ${other.join(', ')}, not the endpoint of the central VPC ${target.servedBy} (${target.addresses.join(', ')})`,
          }
        : { status: 'pass', detail: `${name} → ${answers.join(', ')}` };
    }
    const outside = answers.filter((ip) => !isPrivateAddress(ip) || !isInside(ip, env.vpcCidrs));
    if (outside.length > 0) {
      const why = target.privateDns
        ? 'private DNS is not in effect for this VPC'
        : 'the endpoint name does not point into the VPC';
      return {
        status: 'fail',
        detail: `${name} resolves to ${outside.join(', ')}, outside ${env.vpcCidrs.join(', ')}: ${why}`,
      };
    }
    return { status: 'pass', detail: `${name} → ${answers.join(', ')}` };
  });
}

/** `named`: the check's name says the port (an endpoint with several). */
export function tcpCheck(address: string, env: ProbeEnv, named = false): Promise<ProbeCheck> {
  const port = env.port ?? 443;
  return timed(`tcp ${address}${named ? `:${port}` : ''}`, async () => {
    await withTimeout(
      `TCP ${address}:${port}`,
      env.timeoutMs,
      new Promise<void>((resolve, reject) => {
        const socket: Socket = tcpConnect({ host: address, port }, () => {
          socket.end();
          resolve();
        });
        socket.once('error', (err) =>
          reject(new Error(`TCP ${address}:${port}: ${(err as NodeJS.ErrnoException).code ?? err.message}`)),
        );
        socket.setTimeout(env.timeoutMs, () => socket.destroy());
      }),
    );
    return { status: 'pass', detail: `connected to ${address}:${port}` };
  });
}

export function tlsCheck(
  address: string,
  serverName: string,
  env: ProbeEnv,
  named = false,
): Promise<ProbeCheck> {
  const port = env.port ?? 443;
  return timed(`tls ${address}${named ? `:${port}` : ''}`, async () => {
    const protocol = await withTimeout(
      `TLS handshake with ${address} as ${serverName}`,
      env.timeoutMs,
      new Promise<string>((resolve, reject) => {
        const socket = tlsConnect(
          { host: address, port, servername: serverName, ca: env.ca, rejectUnauthorized: true },
          () => {
            const version = socket.getProtocol() ?? 'TLS';
            socket.end();
            resolve(version);
          },
        );
        socket.once('error', (err) => {
          socket.destroy();
          reject(
            new Error(
              `TLS with ${address} as ${serverName}: ${(err as NodeJS.ErrnoException).code ?? err.message}`,
            ),
          );
        });
      }),
    );
    return { status: 'pass', detail: `${protocol} handshake with ${serverName} at ${address}` };
  });
}

/** Any HTTP answer proves the path; the status code does not matter. */
export function httpsCheck(hostname: string, env: ProbeEnv): Promise<ProbeCheck> {
  const host = env.httpsAddressFor?.(hostname) ?? hostname;
  return timed('https', async () => {
    const status = await withTimeout(
      `HTTPS to ${hostname}`,
      env.timeoutMs,
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host,
            port: env.port ?? 443,
            method: 'HEAD',
            path: '/',
            servername: hostname,
            headers: { host: hostname },
            ca: env.ca,
            agent: false,
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.once('error', (err) =>
          reject(new Error(`HTTPS to ${hostname}: ${(err as NodeJS.ErrnoException).code ?? err.message}`)),
        );
        req.end();
      }),
    );
    return { status: 'pass', detail: `${hostname} answered HTTP ${status}` };
  });
}

/** All live checks for one target, run side by side. */
export async function probeTarget(target: ProbeTarget, env: ProbeEnv): Promise<ProbeCheck[]> {
  if (target.type === 'Gateway') {
    const route: ProbeCheck = target.routeDetail
      ? {
          name: 'route',
          status: target.routeDetail.ok ? 'pass' : 'fail',
          detail: target.routeDetail.detail,
          ms: 0,
        }
      : { name: 'route', status: 'skip', detail: 'no route information given', ms: 0 };
    return [route, await httpsCheck(target.hostname, env)];
  }
  const dns = dnsCheck(target, env);
  // Each of the endpoint's ports (an endpoint service's entry's; 443 otherwise), TLS only where it speaks it.
  const ports = env.port !== undefined ? [env.port] : (target.ports ?? [443]);
  const links = target.addresses.flatMap((a) =>
    ports.flatMap((port) => [
      tcpCheck(a, { ...env, port }, ports.length > 1),
      ...(target.tls === false ? [] : [tlsCheck(a, target.hostname, { ...env, port }, ports.length > 1)]),
    ]),
  );
  const results = await Promise.all([dns, ...links]);
  if (target.addresses.length === 0) {
    results.push({
      name: 'tcp',
      status: 'fail',
      detail: 'the endpoint has no network interface addresses',
      ms: 0,
    });
  }
  return results;
}
