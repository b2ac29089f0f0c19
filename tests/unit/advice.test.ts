import { adviceLines, type AdviceLine, type VpcTrafficFacts } from '../../lib/domain/advice/advice';
import { proposeTags } from '../../lib/domain/advice/tag-proposal';
import { flowLogAdvice } from '../../lib/domain/advice/turn-on';
import { parseIpRanges, regionOfAddress } from '../../lib/domain/advice/ip-ranges';
import { s3LocationOf } from '../../lib/aws/flow-log-objects';
import { parseConfig } from '../../lib/domain/config';
import { attribute, namesByAddress, serviceOfName } from '../../lib/domain/advice/attribution';
import { fieldsOf, missingFields, recordParser } from '../../lib/domain/advice/flow-record';
import { internetInterfaces } from '../../lib/domain/advice/internet-path';
import { DEFAULT_PRICES } from '../../lib/domain/cost';
import type { RouteTableInfo } from '../../lib/domain/model';

const US_EAST_1 = DEFAULT_PRICES.regions['us-east-1'];

describe('the names of AWS services, as Resolver answers them', () => {
  it.each([
    ['sts.us-east-1.amazonaws.com', { service: 'sts', region: 'us-east-1' }],
    ['api.ecr.eu-west-1.amazonaws.com.', { service: 'ecr.api', region: 'eu-west-1' }],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com', { service: 'ecr.dkr', region: 'us-east-1' }],
    ['my-bucket.s3.us-east-1.amazonaws.com', { service: 's3', region: 'us-east-1' }],
    ['s3.amazonaws.com', { service: 's3' }],
    ['example.com', undefined],
  ])('reads %s as %j', (name, expected) => {
    expect(serviceOfName(name)).toEqual(expected);
  });

  it('keeps, for an address answered for several names, the one answered most often', () => {
    const names = namesByAddress([
      { query_name: 'kms.us-east-1.amazonaws.com.', answers: [{ Rdata: '52.1.1.1', Type: 'A' }] },
      { query_name: 'sts.us-east-1.amazonaws.com.', answers: [{ Rdata: '52.1.1.1', Type: 'A' }] },
      { query_name: 'sts.us-east-1.amazonaws.com.', answers: [{ Rdata: '52.1.1.1', Type: 'A' }] },
      { query_name: 'sts.us-east-1.amazonaws.com.', answers: [{ Rdata: 'x.cname.example', Type: 'CNAME' }] },
    ]);
    expect([...names]).toEqual([['52.1.1.1', 'sts.us-east-1.amazonaws.com']]);
  });

  it('trusts the flow log for S3 and DynamoDB, the answers for AMAZON, and names what no endpoint serves', () => {
    const names = new Map([['52.9.9.9', 'logs.eu-west-1.amazonaws.com']]);
    expect(attribute('S3', '52.9.9.9', names, 'us-east-1')).toEqual({
      service: 's3',
      attribution: 'flow-log',
    });
    expect(attribute('AMAZON', '52.9.9.9', names, 'us-east-1')).toEqual({
      service: 'logs',
      attribution: 'dns',
      otherRegion: 'eu-west-1',
    });
    expect(attribute('EC2', '3.3.3.3', names, 'us-east-1')).toEqual({
      service: 'EC2',
      attribution: 'flow-log',
      noEndpoint: true,
    });
    expect(attribute('AMAZON', '3.3.3.3', names, 'us-east-1')).toEqual({
      service: 'AMAZON',
      attribution: 'unattributed',
    });
  });
});

describe('flow log records, read by their own format', () => {
  const fields = fieldsOf(
    '${bytes} ${interface-id} ${flow-direction} ${srcaddr} ${dstaddr} ${pkt-dst-aws-service}',
  );

  it('reads the fields in the order the format names them, `-` as absent', () => {
    expect(recordParser(fields)('120 eni-1 egress 10.0.0.5 52.1.1.1 S3')).toEqual({
      interfaceId: 'eni-1',
      srcaddr: '10.0.0.5',
      dstaddr: '52.1.1.1',
      bytes: 120,
      direction: 'egress',
      dstService: 'S3',
    });
    expect(recordParser(fields)('- eni-1 - - - -')).toBeUndefined();
    expect(recordParser(fields)('120 eni-1 egress')).toBeUndefined();
  });

  it('names what the default format lacks', () => {
    expect(missingFields(fieldsOf(undefined))).toEqual([
      'flow-direction',
      'traffic-path',
      'pkt-src-aws-service',
      'pkt-dst-aws-service',
    ]);
  });
});

describe('the interfaces that reach an internet gateway', () => {
  const table = (id: string, main: boolean, subnetIds: string[], gatewayId: string): RouteTableInfo => ({
    routeTableId: id,
    main,
    subnetIds,
    routes: [{ destinationCidrBlock: '0.0.0.0/0', gatewayId }],
    tags: {},
  });

  it('are in subnets routed to an igw, by their own table or, without one, by the main one', () => {
    const tables = [
      table('rtb-main', true, [], 'igw-1'),
      table('rtb-nat', false, ['subnet-private'], 'nat-1'),
    ];
    const interfaces = [
      { interfaceId: 'eni-public', subnetId: 'subnet-public', type: 'interface' },
      { interfaceId: 'eni-private', subnetId: 'subnet-private', type: 'interface' },
      { interfaceId: 'eni-nat', subnetId: 'subnet-public', type: 'natGateway' },
    ];
    expect(internetInterfaces(tables, interfaces)).toEqual(['eni-public']);
  });
});

describe('the advice, line by line', () => {
  const facts = (service: string, gib: number, extra: Partial<VpcTrafficFacts> = {}): VpcTrafficFacts => ({
    traffic: [{ service, attribution: 'dns', path: 'nat-gateway', bytes: gib * 2 ** 30, addresses: 1 }],
    windowHours: 730,
    azs: 2,
    endpointServices: new Set(),
    central: new Map(),
    ...extra,
  });

  it('prefers the central endpoints when they save more than an endpoint of its own', () => {
    // 100 GB: NAT $4.50; central 100 × ($0.01 + $0.02) = $3.00; local $14.60 + $1.00.
    const [line] = adviceLines(facts('sts', 100, { central: new Map([['sts', 'vpc-central']]) }), US_EAST_1);
    expect(line).toMatchObject({
      recommendation: 'central',
      centralVpcId: 'vpc-central',
      nowMonthly: 4.5,
      endpointMonthly: 3,
      savingMonthly: 1.5,
      breakEvenGb: 417,
    });
  });

  it('takes an endpoint of its own above the volume where central’s per-GB costs more than its hours', () => {
    // 2,000 GB: central $60.00 against local $14.60 + $20.00.
    const [line] = adviceLines(facts('sts', 2000, { central: new Map([['sts', 'vpc-central']]) }), US_EAST_1);
    expect(line).toMatchObject({ recommendation: 'interface', endpointMonthly: 34.6, savingMonthly: 55.4 });
  });

  it('says the price is unknown rather than guessing, and that another region’s name has no endpoint here', () => {
    expect(adviceLines(facts('sts', 100), undefined)[0]).toMatchObject({
      recommendation: 'price-unknown',
      savingMonthly: null,
    });
    const other = facts('logs', 100);
    other.traffic[0] = { ...other.traffic[0]!, otherRegion: 'eu-west-1' };
    expect(adviceLines(other, US_EAST_1)[0]).toMatchObject({
      recommendation: 'other-region',
      savingMonthly: 0,
    });
  });
});

describe('the tags that would carry the advice (advise --tag)', () => {
  const config = parseConfig(JSON.stringify({ central: {} }), 'plo-test');
  const ctx = { region: 'us-east-1', config, vpcCidrs: ['10.1.0.0/16'] };
  const line = (service: string, recommendation: AdviceLine['recommendation']): AdviceLine => ({
    service,
    path: 'nat-gateway',
    attribution: 'dns',
    gbPerMonth: 100,
    recommendation,
    nowMonthly: 4.5,
    endpointMonthly: 0,
    savingMonthly: 4.5,
  });

  it('adds the services an endpoint would carry to those the VPC asks for, and nothing else', () => {
    const proposal = proposeTags(
      { 'privatelink:services': 'ssm' },
      [
        line('s3', 'gateway'),
        line('sts', 'below-break-even'),
        line('ssm', 'interface'),
        line('kms', 'interface'),
      ],
      ctx,
    );
    expect(proposal).toEqual({
      changes: [{ key: 'privatelink:services', from: 'ssm', to: 'ssm, s3, kms' }],
      services: ['s3', 'kms'],
    });
    expect(proposeTags({ 'privatelink:services': 's3' }, [line('s3', 'gateway')], ctx)).toBeUndefined();
  });

  it('asks for the central set where it is advised and the VPC names none', () => {
    expect(proposeTags({}, [line('sts', 'central')], ctx)).toEqual({
      changes: [
        { key: 'privatelink:services', to: 'sts' },
        { key: 'privatelink:use', to: 'central' },
      ],
      services: ['sts'],
    });
  });

  it('refuses, saying why, tags that would not parse', () => {
    const proposal = proposeTags({ 'privatelink:mode': 'sometimes' }, [line('s3', 'gateway')], ctx);
    expect(proposal).toEqual({
      refused: expect.stringContaining('tag privatelink:mode="sometimes" is invalid'),
    });
  });
});

describe('flow logs delivered to S3', () => {
  it('reads the bucket and the prefix of the destination ARN', () => {
    expect(s3LocationOf('arn:aws:s3:::flow-logs/team/vpc')).toEqual({
      bucket: 'flow-logs',
      prefix: 'team/vpc/',
    });
    expect(s3LocationOf('arn:aws:s3:::flow-logs')).toEqual({ bucket: 'flow-logs', prefix: '' });
    expect(s3LocationOf('flow-logs')).toBeUndefined();
  });

  it('says a flow log in Parquet or Kinesis cannot be read, and how to make one that can', () => {
    const advice = flowLogAdvice(
      'vpc-0123456789abcdef0',
      [
        { flowLogId: 'fl-1', destinationType: 's3', fields: [], fileFormat: 'parquet' },
        { flowLogId: 'fl-2', destinationType: 'kinesis-data-firehose', fields: [], fileFormat: 'plain-text' },
      ],
      [],
    );
    expect(advice.reason).toBe(
      'its flow logs go to s3 (parquet), kinesis-data-firehose; advise reads CloudWatch Logs, or S3 as plain text',
    );
    expect(advice.command).toContain('--resource-ids vpc-0123456789abcdef0');
  });
});

describe("AWS's ip-ranges.json", () => {
  const file = {
    syncToken: '1',
    createDate: '2026-12-01-10-00-00',
    prefixes: [
      {
        ip_prefix: '54.239.0.0/16',
        region: 'us-east-1',
        service: 'AMAZON',
        network_border_group: 'us-east-1',
      },
      {
        ip_prefix: '54.239.29.0/24',
        region: 'eu-west-1',
        service: 'AMAZON',
        network_border_group: 'eu-west-1',
      },
      { ip_prefix: '3.5.0.0/16', region: 'GLOBAL', service: 'AMAZON', network_border_group: 'GLOBAL' },
    ],
    ipv6_prefixes: [],
  };
  const ranges = parseIpRanges(file, 'ip-ranges.json');

  it('gives an address the region of the longest range that holds it', () => {
    expect(regionOfAddress('54.239.29.1', ranges)).toBe('eu-west-1');
    expect(regionOfAddress('54.239.30.1', ranges)).toBe('us-east-1');
    expect(regionOfAddress('10.0.0.1', ranges)).toBeUndefined();
  });

  it('says an AMAZON address no Resolver answer names is another region’s, and nothing of its own region’s', () => {
    expect(attribute('AMAZON', '54.239.29.1', new Map(), 'us-east-1', ranges)).toEqual({
      service: 'AMAZON',
      attribution: 'ip-ranges',
      otherRegion: 'eu-west-1',
    });
    expect(attribute('AMAZON', '54.239.30.1', new Map(), 'us-east-1', ranges)).toEqual({
      service: 'AMAZON',
      attribution: 'unattributed',
    });
    expect(attribute('AMAZON', '3.5.1.1', new Map(), 'us-east-1', ranges).attribution).toBe('unattributed');
  });

  it('refuses a file that is not it, naming the file and what is accepted', () => {
    expect(() => parseIpRanges({ prefixes: 'none' }, 'ranges.json')).toThrow(
      /ranges\.json is not AWS's ip-ranges\.json \(createDate: .*\); accepted: the file at https:\/\/ip-ranges\.amazonaws\.com\/ip-ranges\.json/,
    );
  });
});
