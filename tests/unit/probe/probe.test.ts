import { promises as dns } from 'node:dns';
import {
  dnsCheck,
  httpsCheck,
  probeTarget,
  tcpCheck,
  tlsCheck,
  type ProbeEnv,
  type ProbeTarget,
} from '../../../lib/operations/probe/probe';
import {
  closedPort,
  dnsServer,
  httpsServer,
  silentServer,
  testCertificate,
  tlsServer,
  type Closable,
} from '../../support/local-servers';

const SSM = 'ssm.us-east-1.amazonaws.com';
const S3 = 's3.us-east-1.amazonaws.com';
const open: Closable[] = [];
let cert: { key: string; cert: string };
let resolverPort: number;

beforeAll(async () => {
  cert = await testCertificate([SSM, S3]);
  const server = await dnsServer({
    [SSM]: ['10.1.2.3', '10.1.130.7'],
    'public.example': ['52.94.1.1'],
    'other-vpc.example': ['10.99.0.5'],
    'vpce-1.ssm.us-east-1.vpce.amazonaws.com': ['10.1.2.3'],
    'silent.example': null,
    'empty.example': [],
  });
  resolverPort = server.port;
  open.push(server);
}, 30_000);

afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

function env(overrides: Partial<ProbeEnv> = {}): ProbeEnv {
  const resolver = new dns.Resolver({ timeout: 300, tries: 1 });
  resolver.setServers([`127.0.0.1:${resolverPort}`]);
  return {
    resolve4: (h) => resolver.resolve4(h),
    vpcCidrs: ['10.1.0.0/16'],
    timeoutMs: 1000,
    ca: cert.cert,
    ...overrides,
  };
}

const target = (overrides: Partial<ProbeTarget> = {}): ProbeTarget => ({
  service: 'ssm',
  serviceName: 'com.amazonaws.us-east-1.ssm',
  type: 'Interface',
  hostname: SSM,
  privateDns: true,
  endpointDnsNames: ['vpce-1.ssm.us-east-1.vpce.amazonaws.com'],
  addresses: ['127.0.0.1'],
  ...overrides,
});

describe('the probe DNS check', () => {
  it('passes when every answer is a private address inside the VPC', async () => {
    expect(await dnsCheck(target(), env())).toMatchObject({
      status: 'pass',
      detail: `${SSM} → 10.1.2.3, 10.1.130.7`,
    });
  });

  it('fails on a public answer: private DNS is not in effect', async () => {
    const check = await dnsCheck(target({ hostname: 'public.example' }), env());
    expect(check).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(
        /resolves to 52\.94\.1\.1, outside 10\.1\.0\.0\/16: private DNS is not in effect/,
      ),
    });
  });

  it('fails on a private answer from another network', async () => {
    expect(await dnsCheck(target({ hostname: 'other-vpc.example' }), env())).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/10\.99\.0\.5/),
    });
  });

  it("passes a spoke's served name answering its central endpoint's addresses, outside the spoke's own CIDRs", async () => {
    const served = target({ servedBy: 'vpc-0central', addresses: ['10.1.2.3', '10.1.130.7'] });

    expect(await dnsCheck(served, env({ vpcCidrs: ['10.20.0.0/16'] }))).toMatchObject({
      status: 'pass',
      detail: `${SSM} → 10.1.2.3, 10.1.130.7`,
    });
  });

  it("fails a spoke's served name answering anything but its central endpoint", async () => {
    const served = target({ servedBy: 'vpc-0central', addresses: ['10.1.2.3'] });

    expect(await dnsCheck(served, env())).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(
        /resolves to 10\.1\.130\.7, not the endpoint of the central VPC vpc-0central \(10\.1\.2\.3\)/,
      ),
    });
  });

  it('resolves the endpoint’s own name when private DNS is off', async () => {
    expect(await dnsCheck(target({ privateDns: false }), env())).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(/^vpce-1\.ssm/),
    });
  });

  it('fails on no answer, on NXDOMAIN and on a silent server, within the timeout', async () => {
    expect(await dnsCheck(target({ hostname: 'empty.example' }), env())).toMatchObject({ status: 'fail' });
    expect(await dnsCheck(target({ hostname: 'missing.example' }), env())).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/ENOTFOUND|ENODATA/),
    });
    const slow = await dnsCheck(target({ hostname: 'silent.example' }), env({ timeoutMs: 200 }));
    expect(slow).toMatchObject({ status: 'fail', detail: 'resolving silent.example timed out after 200 ms' });
    expect(slow.ms).toBeLessThan(1000);
  });
});

describe('the probe TCP and TLS checks', () => {
  it('pass against a TLS server presenting the service’s name', async () => {
    const server = await tlsServer(cert);
    open.push(server);
    expect(await tcpCheck('127.0.0.1', env({ port: server.port }))).toMatchObject({ status: 'pass' });
    expect(await tlsCheck('127.0.0.1', SSM, env({ port: server.port }))).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(/^TLSv1\.[23] handshake with ssm/),
    });
  });

  it('fail the TLS check when the certificate is not for that name, or not trusted', async () => {
    const server = await tlsServer(cert);
    open.push(server);
    expect(
      await tlsCheck('127.0.0.1', 'kms.us-east-1.amazonaws.com', env({ port: server.port })),
    ).toMatchObject({ status: 'fail', detail: expect.stringMatching(/ERR_TLS_CERT_ALTNAME_INVALID/) });
    expect(await tlsCheck('127.0.0.1', SSM, env({ port: server.port, ca: undefined }))).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/),
    });
  });

  it('fail on a closed port with the reason', async () => {
    const port = await closedPort();
    expect(await tcpCheck('127.0.0.1', env({ port }))).toMatchObject({
      status: 'fail',
      detail: `TCP 127.0.0.1:${port}: ECONNREFUSED`,
    });
    expect(await tlsCheck('127.0.0.1', SSM, env({ port }))).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it('time out a handshake the server never answers', async () => {
    const server = await silentServer();
    open.push(server);
    const check = await tlsCheck('127.0.0.1', SSM, env({ port: server.port, timeoutMs: 250 }));
    expect(check).toMatchObject({
      status: 'fail',
      detail: `TLS handshake with 127.0.0.1 as ${SSM} timed out after 250 ms`,
    });
  });
});

describe('the probe gateway check', () => {
  it('passes on any HTTP answer over the route, and reports the route verdict it was given', async () => {
    const server = await httpsServer(cert, 403);
    open.push(server);
    const checks = await probeTarget(
      target({
        service: 's3',
        type: 'Gateway',
        hostname: S3,
        addresses: [],
        routeDetail: { ok: true, detail: 'pl-63a5400a → vpce-1' },
      }),
      env({ port: server.port, httpsAddressFor: () => '127.0.0.1' }),
    );
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ['route', 'pass'],
      ['https', 'pass'],
    ]);
    expect(checks[1]?.detail).toBe(`${S3} answered HTTP 403`);
  });

  it('fails when nothing answers in time', async () => {
    const server = await silentServer();
    open.push(server);
    const check = await httpsCheck(
      S3,
      env({ port: server.port, timeoutMs: 250, httpsAddressFor: () => '127.0.0.1' }),
    );
    expect(check).toMatchObject({ status: 'fail', detail: `HTTPS to ${S3} timed out after 250 ms` });
  });
});

describe('a whole interface target', () => {
  it('runs DNS, TCP and TLS and gives each a timing', async () => {
    const server = await tlsServer(cert);
    open.push(server);
    const checks = await probeTarget(target(), env({ port: server.port }));
    expect(checks.map((c) => `${c.name}:${c.status}`)).toEqual([
      'dns:pass',
      'tcp 127.0.0.1:pass',
      'tls 127.0.0.1:pass',
    ]);
    expect(checks.every((c) => Number.isInteger(c.ms) && c.ms >= 0)).toBe(true);
  });

  it("reaches each of an endpoint service's ports, TLS only where the service speaks it", async () => {
    const [first, second] = [await tlsServer(cert), await tlsServer(cert)];
    open.push(first, second);
    const ports = [first.port, second.port];
    const plain = await probeTarget(target({ ports, tls: false }), env());
    expect(plain.map((c) => `${c.name}:${c.status}`)).toEqual([
      'dns:pass',
      `tcp 127.0.0.1:${first.port}:pass`,
      `tcp 127.0.0.1:${second.port}:pass`,
    ]);
    const secured = await probeTarget(target({ ports: [first.port] }), env());
    expect(secured.map((c) => `${c.name}:${c.status}`)).toEqual([
      'dns:pass',
      'tcp 127.0.0.1:pass',
      'tls 127.0.0.1:pass',
    ]);
  });

  it('fails when the endpoint has no interface addresses', async () => {
    const checks = await probeTarget(target({ addresses: [] }), env());
    expect(checks.find((c) => c.name === 'tcp')).toMatchObject({
      status: 'fail',
      detail: 'the endpoint has no network interface addresses',
    });
  });
});
