import { DnsConflictError, UnsatisfiableRequestError } from '../../lib/domain/errors';
import type { DesiredState, VpcSnapshot } from '../../lib/domain/model';
import { planVpc } from '../../lib/domain/planner';
import { dnsConflicts, hasInternetPath } from '../../lib/domain/planner/dns';
import { parseDesiredState } from '../../lib/domain/tags';
import { STACK, testConfig } from '../support/config';
import { REGION, baseSnapshot, endpoint, managedGroup, svc } from '../support/snapshots';

const desiredFrom = (tags: Record<string, string>): DesiredState =>
  parseDesiredState(tags, { region: REGION, config: testConfig() });
const plan = (tags: Record<string, string>, snapshot: VpcSnapshot = baseSnapshot()) =>
  planVpc(desiredFrom(tags), snapshot, { stackName: STACK });
const planned = (p: ReturnType<typeof plan>, service: string, type = 'Interface') =>
  p.endpoints.find((e) => e.spec.service === service && e.spec.type === type);

/** The base snapshot without its public route table: no subnet reaches the internet. */
const isolated = () => {
  const s = baseSnapshot();
  s.routeTables = s.routeTables.filter((rt) => !rt.routes.some((r) => r.gatewayId?.startsWith('igw-')));
  return s;
};
const dualStackReady = (serviceIpv6 = true) => {
  const s = isolated();
  s.vpc.ipv6CidrBlocks = ['2600:1f18:ab:1200::/56'];
  s.subnets = s.subnets.map((sub, i) => ({
    ...sub,
    ipv6CidrBlock: `2600:1f18:ab:12${i.toString(16).padStart(2, '0')}::/64`,
  }));
  for (const o of Object.values(s.offers)) o.ipAddressTypes = serviceIpv6 ? ['ipv4', 'ipv6'] : ['ipv4'];
  return s;
};

describe('S3 interface endpoints with private DNS', () => {
  it('are made for inbound resolvers only, after the S3 gateway the tags also ask for', () => {
    const p = plan({ 'privatelink:services': 's3, s3:interface', 'privatelink:cutover': 'direct' });
    expect(planned(p, 's3')?.spec).toMatchObject({ privateDns: true, inboundResolverOnly: true });
    expect(planned(p, 's3', 'Gateway')?.action).toBe('create');
  });

  it('use an S3 gateway the VPC already has, even one this stack did not make', () => {
    const s = isolated();
    s.endpoints = [endpoint('s3', 'Gateway', { tags: { Name: 'theirs' } })];
    const p = plan({ 'privatelink:services': 's3:interface' }, s);
    expect(planned(p, 's3')?.spec.inboundResolverOnly).toBe(true);
  });

  it('are refused, naming both ways out, when no S3 gateway is there or asked for', () => {
    const refuse = () => plan({ 'privatelink:services': 's3:interface' }, isolated());
    expect(refuse).toThrow(UnsatisfiableRequestError);
    expect(refuse).toThrow(/needs a gateway endpoint for S3 .*add s3 .*privatelink:private-dns=false/);
  });

  it('need no gateway without private DNS', () => {
    const p = plan(
      { 'privatelink:services': 's3:interface', 'privatelink:private-dns': 'false' },
      isolated(),
    );
    expect(planned(p, 's3')?.spec).toMatchObject({ privateDns: false });
    expect(planned(p, 's3')?.spec.inboundResolverOnly).toBeUndefined();
  });
});

describe('the safe DNS cut-over', () => {
  it.each([
    {
      name: 'a VPC with an internet gateway route is safe by default',
      snapshot: baseSnapshot,
      tag: undefined,
      mode: 'safe',
    },
    {
      name: 'a VPC without an internet path is direct by default',
      snapshot: isolated,
      tag: undefined,
      mode: 'direct',
    },
    { name: 'the tag wins over the default: direct', snapshot: baseSnapshot, tag: 'direct', mode: 'direct' },
    { name: 'the tag wins over the default: safe', snapshot: isolated, tag: 'safe', mode: 'safe' },
  ])('$name', ({ snapshot, tag, mode }) => {
    const tags = { 'privatelink:services': 'ssm', ...(tag ? { 'privatelink:cutover': tag } : {}) };
    expect(plan(tags, snapshot()).cutover).toBe(mode);
  });

  it('creates interface endpoints with private DNS off and turns it on at the cut-over', () => {
    const p = plan({ 'privatelink:services': 'ssm, s3' });
    expect(planned(p, 'ssm')).toMatchObject({
      action: 'create',
      spec: { privateDns: false },
      cutover: { privateDns: true },
    });
    expect(planned(p, 's3', 'Gateway')?.cutover).toBeUndefined();
  });

  it('holds an S3 interface endpoint’s inbound-only option for the cut-over too', () => {
    const p = plan({ 'privatelink:services': 's3, s3:interface' });
    expect(planned(p, 's3')).toMatchObject({
      spec: { privateDns: false },
      cutover: { privateDns: true, inboundResolverOnly: true },
    });
    expect(planned(p, 's3')?.spec.inboundResolverOnly).toBeUndefined();
  });

  it('leaves alone an endpoint whose private DNS is already on', () => {
    const s = baseSnapshot();
    s.endpoints = [endpoint('ssm', 'Interface')];
    s.securityGroups = [managedGroup()];
    const p = plan({ 'privatelink:services': 'ssm' }, s);
    expect(planned(p, 'ssm')).toMatchObject({ action: 'unchanged', spec: { privateDns: true } });
    expect(planned(p, 'ssm')?.cutover).toBeUndefined();
    expect(p.noop).toBe(true);
  });

  it('keeps a run going while an endpoint of ours still waits for its cut-over', () => {
    const s = baseSnapshot();
    s.endpoints = [endpoint('ssm', 'Interface', { privateDnsEnabled: false })];
    s.securityGroups = [managedGroup()];
    const p = plan({ 'privatelink:services': 'ssm' }, s);
    expect(planned(p, 'ssm')).toMatchObject({ action: 'unchanged', cutover: { privateDns: true } });
    expect(p.noop).toBe(false);
  });

  it('counts NAT gateways and egress-only gateways as internet paths, blackholes not', () => {
    const s = isolated();
    const route = (r: object) => ({
      routeTableId: 'rtb-x',
      main: false,
      subnetIds: [],
      tags: {},
      routes: [r],
    });
    expect(
      hasInternetPath({
        ...s,
        routeTables: [route({ destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-1' })],
      }),
    ).toBe(true);
    expect(
      hasInternetPath({ ...s, routeTables: [route({ destinationCidrBlock: '::/0', gatewayId: 'eigw-1' })] }),
    ).toBe(true);
    expect(
      hasInternetPath({
        ...s,
        routeTables: [route({ destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-1', state: 'blackhole' })],
      }),
    ).toBe(false);
  });
});

describe('private DNS conflicts', () => {
  it('name a hosted zone associated with the VPC that answers the service’s name', () => {
    const s = isolated();
    const p = plan({ 'privatelink:services': 'ssm, logs' }, s);
    const conflicts = dnsConflicts(
      p.endpoints,
      { ...s, hostedZones: [{ zoneId: 'Z0CENTRAL', name: `ssm.${REGION}.amazonaws.com` }] },
      STACK,
    );
    expect(conflicts).toEqual([
      {
        service: 'ssm',
        name: `ssm.${REGION}.amazonaws.com`,
        holder: `hosted zone Z0CENTRAL (ssm.${REGION}.amazonaws.com)`,
      },
    ]);
  });

  it('include a parent zone, which answers every name under it', () => {
    const s = isolated();
    const p = plan({ 'privatelink:services': 'ssm' }, s);
    const conflicts = dnsConflicts(
      p.endpoints,
      { ...s, hostedZones: [{ zoneId: 'Z0WIDE', name: 'amazonaws.com' }] },
      STACK,
    );
    expect(conflicts.map((c) => c.holder)).toEqual(['hosted zone Z0WIDE (amazonaws.com)']);
  });

  it('count a held cut-over too: it would turn private DNS on later in the same run', () => {
    const s = baseSnapshot();
    const p = plan({ 'privatelink:services': 'ssm' }, s);
    const conflicts = dnsConflicts(
      p.endpoints,
      { ...s, hostedZones: [{ zoneId: 'Z1', name: `ssm.${REGION}.amazonaws.com` }] },
      STACK,
    );
    expect(conflicts).toHaveLength(1);
  });

  it('name an endpoint not made by this stack that has private DNS on for the service', () => {
    const s = isolated();
    s.endpoints = [
      endpoint('ssm', 'Interface', { privateDnsEnabled: false }),
      endpoint('ssm', 'Interface', { endpointId: 'vpce-0theirs000000000', tags: { Name: 'theirs' } }),
    ];
    s.securityGroups = [managedGroup()];
    const p = plan({ 'privatelink:services': 'ssm' }, s);
    expect(p.conflicts).toEqual([
      {
        service: 'ssm',
        name: `ssm.${REGION}.amazonaws.com`,
        holder: 'endpoint vpce-0theirs000000000 (not created by this stack)',
      },
    ]);
  });

  it('are not looked for where nothing turns private DNS on', () => {
    const s = isolated();
    const p = plan({ 'privatelink:services': 'ssm', 'privatelink:private-dns': 'false' }, s);
    expect(
      dnsConflicts(p.endpoints, { ...s, hostedZones: [{ zoneId: 'Z1', name: 'amazonaws.com' }] }, STACK),
    ).toEqual([]);
  });

  it('are a named error class of their own', () => {
    expect(new DnsConflictError('x').name).toBe('DnsConflictError');
  });
});

describe('dual-stack endpoints', () => {
  it('are made where every chosen subnet has IPv6 and the service supports it', () => {
    const p = plan({ 'privatelink:services': 'ssm' }, dualStackReady());
    expect(planned(p, 'ssm')?.spec.ipAddressType).toBe('dualstack');
    expect(p.allowedCidrs).toEqual(['10.0.0.0/16', '2600:1f18:ab:1200::/56']);
  });

  it.each([
    { name: 'the service supports IPv4 only', snapshot: () => dualStackReady(false) },
    { name: 'the subnets have no IPv6', snapshot: isolated },
  ])('stay IPv4 under auto when $name', ({ snapshot }) => {
    const p = plan({ 'privatelink:services': 'ssm' }, snapshot());
    expect(planned(p, 'ssm')?.spec.ipAddressType).toBeUndefined();
    expect(p.allowedCidrs).toEqual(['10.0.0.0/16']);
  });

  it('stay IPv4 when the tag says ipv4', () => {
    const p = plan(
      { 'privatelink:services': 'ssm', 'privatelink:ip-address-type': 'ipv4' },
      dualStackReady(),
    );
    expect(planned(p, 'ssm')?.spec.ipAddressType).toBeUndefined();
  });

  it('forced where the subnets have no IPv6 are refused, naming the subnets', () => {
    const s = dualStackReady();
    s.subnets = s.subnets.map(({ ipv6CidrBlock: _, ...sub }) => sub);
    const refuse = () =>
      plan({ 'privatelink:services': 'ssm', 'privatelink:ip-address-type': 'dualstack' }, s);
    expect(refuse).toThrow(UnsatisfiableRequestError);
    expect(refuse).toThrow(
      /^privatelink:ip-address-type=dualstack for ssm: subnets without an IPv6 block: subnet-/,
    );
  });

  it('forced for a service without IPv6 are refused, naming what it supports', () => {
    const refuse = () =>
      plan(
        { 'privatelink:services': 'ssm', 'privatelink:ip-address-type': 'dualstack' },
        dualStackReady(false),
      );
    expect(refuse).toThrow(`${svc('ssm')} supports ipv4 only`);
  });

  it('turn an IPv4 endpoint of ours dual-stack in place when its subnets gain IPv6', () => {
    const s = dualStackReady();
    s.endpoints = [endpoint('ssm', 'Interface', { ipAddressType: 'ipv4' })];
    s.securityGroups = [managedGroup()];
    const p = plan({ 'privatelink:services': 'ssm' }, s);
    expect(planned(p, 'ssm')).toMatchObject({ action: 'modify', changes: { ipAddressType: 'dualstack' } });
  });

  it('refuse an unknown ip-address-type, saying what is accepted', () => {
    expect(() => desiredFrom({ 'privatelink:services': 'ssm', 'privatelink:ip-address-type': 'v6' })).toThrow(
      /auto or ipv4 or dualstack/,
    );
  });
});
