import { InvalidTagError } from '../../lib/domain/errors';
import {
  isOptedIn,
  offeredDesiredState,
  parseDesiredState,
  readDesiredState,
  type TagContext,
} from '../../lib/domain/tags';
import { testConfig } from '../support/config';

const ctx = { region: 'eu-west-1', config: testConfig({ orgId: 'o-abcdefghij' }) };
const parse = (tags: Record<string, string>, c: TagContext = ctx) => parseDesiredState(tags, c);

function problemOf(tags: Record<string, string>, c: TagContext = ctx): string {
  try {
    parse(tags, c);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidTagError);
    return (err as Error).message;
  }
  throw new Error('expected InvalidTagError');
}

describe('parsing privatelink tags', () => {
  it('uses the documented defaults when only services are given', () => {
    expect(parse({ 'privatelink:services': 's3 ssm' })).toEqual({
      cutover: 'auto',
      ipAddressType: 'auto',
      services: [
        { name: 's3', serviceName: 'com.amazonaws.eu-west-1.s3', type: 'Gateway' },
        { name: 'ssm', serviceName: 'com.amazonaws.eu-west-1.ssm', type: 'Interface' },
      ],
      subnets: { kind: 'default' },
      routeTables: { kind: 'all' },
      privateDns: true,
      allowedCidrs: undefined,
      policy: 'default',
      prune: true,
      mode: 'apply',
      azs: { default: 'all', perService: {} },
    });
  });

  it('accepts commas, spaces, full names and forced types, and removes duplicates', () => {
    const desired = parse({
      'privatelink:services': 'ssm,  com.amazonaws.eu-west-1.ssm, s3:interface,dynamodb:gateway ECR.API',
    });
    expect(desired.services.map((s) => `${s.name}/${s.type}`)).toEqual([
      'dynamodb/Gateway',
      'ecr.api/Interface',
      's3/Interface',
      'ssm/Interface',
    ]);
  });

  it('expands profiles from the config and merges them with services', () => {
    const desired = parse({ 'privatelink:profile': 'ssm', 'privatelink:services': 'logs' });
    expect(desired.services.map((s) => s.name)).toEqual(['ec2messages', 'logs', 'ssm', 'ssmmessages']);
  });

  it('reads every other key', () => {
    const desired = parse({
      'privatelink:services': 'ssm',
      'privatelink:subnets': 'subnet-0123456789abcdef0, subnet-0123456789abcdef1',
      'privatelink:route-tables': 'rtb-0123456789abcdef0',
      'privatelink:private-dns': 'FALSE',
      'privatelink:allowed-cidrs': '10.0.0.0/16 192.168.1.0/24',
      'privatelink:policy': 'org',
      'privatelink:prune': 'false',
      'privatelink:mode': 'plan',
    });
    expect(desired).toMatchObject({
      subnets: { kind: 'ids', ids: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] },
      routeTables: { kind: 'ids', ids: ['rtb-0123456789abcdef0'] },
      privateDns: false,
      allowedCidrs: ['10.0.0.0/16', '192.168.1.0/24'],
      policy: 'org',
      prune: false,
      mode: 'plan',
    });
    expect(parse({ 'privatelink:subnets': 'tag:Tier=endpoints' }).subnets).toEqual({
      kind: 'tag',
      key: 'Tier',
      value: 'endpoints',
    });
    expect(parse({ 'privatelink:route-tables': 'private' }).routeTables).toEqual({ kind: 'private' });
  });

  it('ignores tags of other prefixes and knows when a VPC is opted in', () => {
    expect(parse({ Name: 'prod', 'team:owner': 'net' }).services).toEqual([]);
    expect(isOptedIn({ Name: 'x' })).toBe(false);
    expect(isOptedIn({ 'privatelink:profile': 'ssm' })).toBe(true);
    expect(isOptedIn({ 'privatelink:services': '  ' })).toBe(false);
  });

  it.each([
    [
      'a malformed service name',
      { 'privatelink:services': 'ssm, bad_name!' },
      /"bad_name!" is not a service name/,
    ],
    [
      'a service of another region',
      { 'privatelink:services': 'com.amazonaws.us-east-1.ssm' },
      /in region us-east-1, not the VPC's region eu-west-1/,
    ],
    [
      'a third-party endpoint service',
      { 'privatelink:services': 'com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0' },
      /"com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0" is not allow-listed: add it to the config \(endpointServices\).*accepted: an entry of the config's endpointServices: \{ "name": "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0"/,
    ],
    [
      'an unknown endpoint type',
      { 'privatelink:services': 'ssm:transit' },
      /accepted: type suffixes :gateway or :interface/,
    ],
    [
      'a gateway type for an interface-only service',
      { 'privatelink:services': 'ssm:gateway' },
      /cannot be a gateway endpoint/,
    ],
    [
      'an unknown profile',
      { 'privatelink:profile': 'everything' },
      /unknown profile "everything".*accepted: profile names from the config: ssm, ecr/,
    ],
    [
      'subnets that are not ids',
      { 'privatelink:subnets': 'subnet-1, private' },
      /not subnet ids: subnet-1, private/,
    ],
    [
      'route tables that are not ids',
      { 'privatelink:route-tables': 'main' },
      /accepted: all, private, or route table ids/,
    ],
    [
      'a private-dns that is not a boolean',
      { 'privatelink:private-dns': 'yes' },
      /privatelink:private-dns="yes" is invalid, accepted: true or false/,
    ],
    ['a prune that is not a boolean', { 'privatelink:prune': '1' }, /privatelink:prune="1"/],
    [
      'a malformed CIDR',
      { 'privatelink:allowed-cidrs': '10.0.0.0/33' },
      /not CIDR blocks without host bits: 10.0.0.0\/33/,
    ],
    [
      'a CIDR with host bits',
      { 'privatelink:allowed-cidrs': '10.0.0.1/16' },
      /not CIDR blocks without host bits: 10.0.0.1\/16/,
    ],
    [
      'the whole internet',
      { 'privatelink:allowed-cidrs': '0.0.0.0/0' },
      /neither private nor inside the VPC: 0.0.0.0\/0/,
    ],
    [
      'the whole internet in two halves',
      { 'privatelink:allowed-cidrs': '0.0.0.0/1 128.0.0.0/1' },
      /privatelink:allowed-cidrs="0.0.0.0\/1 128.0.0.0\/1".*neither private nor inside the VPC: 0.0.0.0\/1, 128.0.0.0\/1/,
    ],
    [
      'a public range',
      { 'privatelink:allowed-cidrs': '10.0.0.0/16, 8.8.8.0/24' },
      /neither private nor inside the VPC: 8.8.8.0\/24.*accepted: .*inside 10.0.0.0\/8, 172.16.0.0\/12, 192.168.0.0\/16, 100.64.0.0\/10/,
    ],
    [
      'all of the private ranges together',
      { 'privatelink:allowed-cidrs': '10.0.0.0/8 172.16.0.0/12 192.168.0.0/16' },
      /they cover 17,891,328 addresses, more than 16,777,216 \(config allowedCidrsMaxAddresses\)/,
    ],
    ...['constructor', '__proto__', 'toString', 'hasOwnProperty'].map(
      (name): [string, Record<string, string>, RegExp] => [
        `a profile named like an object property (${name})`,
        { 'privatelink:profile': name },
        new RegExp(`unknown profile "${name}"`),
      ],
    ),
    ['an unknown policy', { 'privatelink:policy': 'strict' }, /accepted: default or account or org/],
    ['an unknown mode', { 'privatelink:mode': 'destroy' }, /accepted: apply or plan/],
    [
      'an unknown privatelink key',
      { 'privatelink:service': 'ssm' },
      /privatelink:service="ssm" is invalid \(did you mean privatelink:services\?\), accepted: one of the keys/,
    ],
  ])('rejects %s with the tag, the value and what is accepted', (_name, tags, message) => {
    expect(problemOf(tags as Record<string, string>)).toMatch(message);
  });

  it("accepts a public CIDR inside the VPC's own blocks, and private ranges up to the configured size", () => {
    const c = { ...ctx, vpcCidrs: ['203.0.113.0/24'] };
    expect(parse({ 'privatelink:allowed-cidrs': '203.0.113.0/25, 10.1.0.0/16' }, c).allowedCidrs).toEqual([
      '203.0.113.0/25',
      '10.1.0.0/16',
    ]);
    const small = { ...ctx, config: testConfig({ allowedCidrsMaxAddresses: 256 }) };
    expect(
      parse({ 'privatelink:allowed-cidrs': '10.0.0.0/24, 10.0.0.0/25' }, small).allowedCidrs,
    ).toHaveLength(2);
    expect(problemOf({ 'privatelink:allowed-cidrs': '10.0.0.0/23' }, small)).toMatch(/cover 512 addresses/);
  });

  it('rejects a service outside the configured allow-list', () => {
    const c = { region: 'eu-west-1', config: testConfig({ allowedServices: ['s3', 'ssm'] }) };
    expect(problemOf({ 'privatelink:services': 'ssm, kms' }, c)).toMatch(
      /"kms" is not in the allow-list.*accepted: services of the allow-list: s3, ssm/,
    );
  });

  it('rejects the org policy when the config has no organization id', () => {
    const c = { region: 'eu-west-1', config: testConfig() };
    expect(problemOf({ 'privatelink:policy': 'org' }, c)).toMatch(/org needs orgId in the deployed config/);
  });

  it('names a tag once, on one line, with every reason it was refused', () => {
    const message = problemOf({ 'privatelink:services': 'ssm:transit, kms:gateway, ssm' });
    expect(message).toBe(
      'tag privatelink:services="ssm:transit, kms:gateway, ssm" is invalid: ' +
        '"ssm:transit" has endpoint type "transit" (accepted: type suffixes :gateway or :interface); ' +
        '"kms:gateway" cannot be a gateway endpoint (accepted: :gateway only for s3, dynamodb)',
    );
  });

  it('reports every bad tag at once', () => {
    const message = problemOf({
      'privatelink:mode': 'x',
      'privatelink:prune': 'y',
      'privatelink:services': 'ssm:z',
    });
    expect(message.split('\n')).toHaveLength(3);
  });
});

describe('endpoint services in privatelink:services', () => {
  const PAY = 'com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0';
  const OTHER = 'com.amazonaws.vpce.eu-west-1.vpce-svc-0fedcba9876543210';
  const listed = {
    region: 'eu-west-1',
    config: testConfig({
      endpointServices: [{ name: PAY, alias: 'payments', ports: [8443, 443] }, { owner: '777788889999' }],
    }),
  };

  it("reads an alias as its service, an interface endpoint with its entry's ports", () => {
    expect(parse({ 'privatelink:services': 'payments:interface' }, listed).services).toEqual([
      {
        name: 'payments',
        serviceName: PAY,
        type: 'Interface',
        allowListed: { terms: [{ ports: [443, 8443], tls: false }] },
      },
    ]);
  });

  it('names a service given in full by its alias, and admits any name under an owner entry until EC2 names the owner', () => {
    const services = parse({ 'privatelink:services': `${PAY} ${OTHER}` }, listed).services;
    expect(services.map((s) => s.name)).toEqual([OTHER, 'payments']);
    expect(services[0]?.allowListed).toEqual({
      terms: [{ owner: '777788889999', ports: [443], tls: true }],
    });
  });

  it.each([
    [
      'a gateway endpoint of one',
      'payments:gateway',
      /"payments:gateway" is an endpoint service: its endpoints are interface endpoints/,
    ],
    [
      'a service of another region',
      'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
      /in region us-east-1, not the VPC's region eu-west-1: add us-east-1 to the config's serviceRegions to reach it cross-region.*accepted: services of eu-west-1 \(the config's serviceRegions is empty\)/,
    ],
    [
      'a malformed name',
      'com.amazonaws.vpce.eu-west-1.svc-1',
      /"com.amazonaws.vpce.eu-west-1.svc-1" is not an endpoint service name/,
    ],
  ])('refuses %s, saying what is accepted', (_what, services, message) => {
    expect(problemOf({ 'privatelink:services': services }, listed)).toMatch(message);
  });

  it('refuses a service EC2 does not list, or whose owner no entry admits, when checked against the offers', () => {
    const tags = { 'privatelink:services': `${OTHER}, payments` };
    const read = readDesiredState(tags, listed);
    const offers = { [OTHER]: { types: ['Interface'], owner: '121212121212' } };
    expect(() => offeredDesiredState(read, tags, { region: 'eu-west-1', offers })).toThrow(
      /owned by 121212121212, which no owner entry of endpointServices admits.*"payments" \(com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0\) is not listed to this account in eu-west-1/s,
    );
    const admitted = {
      [OTHER]: { types: ['Interface'], owner: '777788889999' },
      [PAY]: { types: ['Interface'], owner: '1' },
    };
    expect(offeredDesiredState(read, tags, { region: 'eu-west-1', offers: admitted }).services).toHaveLength(
      2,
    );
  });
});

describe('services of another region', () => {
  const west = { region: 'eu-west-1', config: testConfig({ serviceRegions: ['us-west-2'] }) };

  it('reads an AWS service of a region the config names as an interface endpoint there, named in full', () => {
    expect(parse({ 'privatelink:services': 'com.amazonaws.us-west-2.s3' }, west).services).toEqual([
      {
        name: 'com.amazonaws.us-west-2.s3',
        serviceName: 'com.amazonaws.us-west-2.s3',
        type: 'Interface',
        serviceRegion: 'us-west-2',
      },
    ]);
  });

  it.each([
    [
      'a region the config does not name',
      'com.amazonaws.ap-south-1.ssm',
      /add ap-south-1 to the config's serviceRegions.*accepted: services of eu-west-1 or of the config's serviceRegions \(us-west-2\)/,
    ],
    [
      'a gateway endpoint in another region',
      'com.amazonaws.us-west-2.s3:gateway',
      /gateway endpoints serve their own region only/,
    ],
  ])('refuses %s', (_what, services, message) => {
    expect(problemOf({ 'privatelink:services': services }, west)).toMatch(message);
  });
});

describe('near misses', () => {
  const ctx = { region: 'us-east-1', config: testConfig() };
  it('suggests the key a misspelt privatelink: key meant', () => {
    const { problems } = readDesiredState(
      { 'privatelink:services': 'ssm', 'privatelink:polcy': 'account' },
      ctx,
    );
    expect(problems).toEqual([
      expect.objectContaining({ key: 'privatelink:polcy', reason: 'did you mean privatelink:policy?' }),
    ]);
  });

  it('suggests the service a misspelt name meant, among those the region offers', () => {
    const tags = { 'privatelink:services': 'sssm, logs' };
    const read = readDesiredState(tags, ctx);
    const offers = {
      'com.amazonaws.us-east-1.ssm': { types: ['Interface'] },
      'com.amazonaws.us-east-1.logs': { types: ['Interface'] },
    };
    expect(() => offeredDesiredState(read, tags, { region: 'us-east-1', offers })).toThrow(
      /"sssm" is not offered as an interface endpoint service in us-east-1; did you mean "ssm"\?/,
    );
  });
});
