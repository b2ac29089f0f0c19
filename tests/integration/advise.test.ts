import {
  CreateFlowLogsCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { Ec2Api } from '../../lib/aws/ec2-api';
import { LogEvents } from '../../lib/aws/traffic-reads';
import { FlowLogObjects } from '../../lib/aws/flow-log-objects';
import { parseIpRanges } from '../../lib/domain/advice/ip-ranges';
import { DEFAULT_PRICES } from '../../lib/domain/cost';
import { advise, type AdviseDeps, type FleetAdvice } from '../../lib/operations/advise';
import { memberCredentials } from '../../scripts/demo-world';
import {
  awsClients,
  GIB,
  natMetrics,
  s3FlowLog,
  trafficVpc,
  writeQueries,
  writeRecords,
  type Flow,
  type TrafficVpc,
} from '../support/flow-logs';
import { cliOnMoto, useMoto } from '../support/moto';
import { DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import Ajv from 'ajv';
import outputSchema from '../../schemas/cli-output.schema.json';

/**
 * `privatelink advise` on moto: flow logs, Resolver query logs and NAT metrics written by the test as AWS
 * would, read back through CloudWatch Logs and CloudWatch. Every number below is computed by hand: the
 * window is 1.46 hours (730 / 1.46 = 500 months' worth… a month is 500 windows), us-east-1's prices
 * (NAT $0.045/GB, interface $0.01/AZ-hour + $0.01/GB), two AZs.
 */
const moto = useMoto();
const WINDOW_MS = 1.46 * 3_600_000;
const gib = (n: number) => Math.round(n * GIB);
/** 1 GiB a window through the NAT gateway to S3: 500 GB a month, $22.50 of NAT processing a gateway endpoint saves. */
const S3_THROUGH_NAT = {
  service: 's3',
  path: 'nat-gateway',
  attribution: 'flow-log',
  gbPerMonth: 500,
  recommendation: 'gateway',
  nowMonthly: 22.5,
  endpointMonthly: 0,
  savingMonthly: 22.5,
};

let c: ReturnType<typeof awsClients>;
let heavy: TrafficVpc;
let bypass: TrafficVpc;
let dark: TrafficVpc;
let oldFormat: TrafficVpc;
let inS3: TrafficVpc;
let s3Now: Date;
let now: Date;

const legs = (
  v: TrafficVpc,
  remote: string,
  named: string,
  out: number,
  back: number,
  port = 443,
): Flow[] => [
  // The instance's leg into the NAT gateway and the reply's leg back to it: inside the VPC, not counted.
  {
    'interface-id': v.natInterfaceId,
    srcaddr: v.privateAddress,
    dstaddr: v.natAddress,
    bytes: gib(out),
    'flow-direction': 'ingress',
    'pkt-dst-aws-service': named,
  },
  {
    'interface-id': v.natInterfaceId,
    srcaddr: v.natAddress,
    dstaddr: v.privateAddress,
    bytes: gib(back),
    'flow-direction': 'egress',
    'pkt-src-aws-service': named,
  },
  // The outer legs, which the NAT gateway processes and bills.
  {
    'interface-id': v.natInterfaceId,
    srcaddr: v.natAddress,
    dstaddr: remote,
    srcport: 1024,
    dstport: port,
    bytes: gib(out),
    'flow-direction': 'egress',
    'traffic-path': 8,
    'pkt-dst-aws-service': named,
  },
  {
    'interface-id': v.natInterfaceId,
    srcaddr: remote,
    dstaddr: v.natAddress,
    srcport: port,
    dstport: 1024,
    bytes: gib(back),
    'flow-direction': 'ingress',
    'pkt-src-aws-service': named,
  },
];

beforeAll(async () => {
  await moto.server().reset();
  c = awsClients(moto.server().endpoint);
  heavy = await trafficVpc(c, 1, { flowLog: 'flow', name: 'nat-heavy' });
  bypass = await trafficVpc(c, 2, { flowLog: 'flow' });
  dark = await trafficVpc(c, 3);
  oldFormat = await trafficVpc(c, 4);
  // A VPC whose flow log goes to S3: one delivered file, with another interface's records in it too.
  inS3 = await trafficVpc(c, 5);
  const s3Log = await s3FlowLog(c, inS3.vpcId, 'flow-logs');
  s3Now = new Date(s3Log.createdAt.getTime() + WINDOW_MS);
  await s3Log.deliver(
    [
      ...legs(inS3, '52.216.1.1', 'S3', 0.1, 0.9),
      {
        'interface-id': inS3.privateInterfaceId,
        srcaddr: inS3.privateAddress,
        dstaddr: '52.216.1.1',
        bytes: gib(10),
        'flow-direction': 'egress',
        'traffic-path': 1,
        'pkt-dst-aws-service': 'S3',
      },
    ],
    new Date(s3Log.createdAt.getTime() + 600_000),
  );
  await c.ec2.send(
    new CreateFlowLogsCommand({
      ResourceIds: [oldFormat.vpcId],
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: 'flow',
      DeliverLogsPermissionArn: 'arn:aws:iam::123456789012:role/flow-logs',
    }),
  );
  // The VPC already using endpoints: S3 through a gateway endpoint, SSM through an interface one.
  const { Subnets } = await c.ec2.send(
    new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [bypass.vpcId] }] }),
  );
  await c.ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: bypass.vpcId,
      ServiceName: 'com.amazonaws.us-east-1.s3',
      VpcEndpointType: 'Gateway',
    }),
  );
  await c.ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: bypass.vpcId,
      ServiceName: 'com.amazonaws.us-east-1.ssm',
      VpcEndpointType: 'Interface',
      SubnetIds: [Subnets?.[0]?.SubnetId ?? ''],
    }),
  );
  const created = heavy.flowLogCreatedAt ?? new Date();
  now = new Date(created.getTime() + WINDOW_MS);
  const at = new Date(created.getTime() + 600_000);
  await writeRecords(
    c,
    'flow',
    heavy.natInterfaceId,
    [
      ...legs(heavy, '52.216.1.1', 'S3', 0.1, 0.9),
      ...legs(heavy, '54.239.29.1', 'AMAZON', 0.02, 0.18),
      ...legs(heavy, '52.94.1.1', 'AMAZON', 0.2, 1.8),
      // Not AWS: no ip-ranges.json subset names it.
      {
        'interface-id': heavy.natInterfaceId,
        srcaddr: heavy.natAddress,
        dstaddr: '93.184.216.34',
        bytes: gib(5),
        'flow-direction': 'egress',
        'traffic-path': 8,
      },
    ],
    at,
  );
  await writeRecords(
    c,
    'flow',
    heavy.publicInterfaceId,
    [
      {
        'interface-id': heavy.publicInterfaceId,
        srcaddr: heavy.publicAddress,
        dstaddr: '52.94.5.5',
        srcport: 40000,
        dstport: 443,
        bytes: gib(0.01),
        'flow-direction': 'egress',
        'traffic-path': 8,
        'pkt-dst-aws-service': 'DYNAMODB',
      },
      {
        'interface-id': heavy.publicInterfaceId,
        srcaddr: '52.94.5.5',
        dstaddr: heavy.publicAddress,
        srcport: 443,
        dstport: 40000,
        bytes: gib(0.09),
        'flow-direction': 'ingress',
        'pkt-src-aws-service': 'DYNAMODB',
      },
      // Someone connecting in from an EC2 address: no egress of the flow went through the gateway first.
      {
        'interface-id': heavy.publicInterfaceId,
        srcaddr: '3.3.3.3',
        dstaddr: heavy.publicAddress,
        srcport: 5000,
        dstport: 22,
        bytes: gib(1),
        'flow-direction': 'ingress',
        'pkt-src-aws-service': 'EC2',
      },
    ],
    at,
  );
  // A private instance's own records: its stream is not read (the NAT gateway's records carry its traffic).
  await writeRecords(
    c,
    'flow',
    heavy.privateInterfaceId,
    [
      {
        'interface-id': heavy.privateInterfaceId,
        srcaddr: heavy.privateAddress,
        dstaddr: '52.216.1.1',
        bytes: gib(10),
        'flow-direction': 'egress',
        'traffic-path': 1,
        'pkt-dst-aws-service': 'S3',
      },
    ],
    at,
  );
  await writeRecords(c, 'flow', bypass.natInterfaceId, legs(bypass, '52.94.1.1', 'AMAZON', 0.02, 0.18), at);
  await natMetrics(c, heavy.natGatewayId, gib(1.6), gib(1.6), at);
  await writeQueries(
    c,
    'resolver',
    [
      { vpcId: heavy.vpcId, name: 'sts.us-east-1.amazonaws.com', answer: '54.239.29.1' },
      { vpcId: heavy.vpcId, name: 'ssm.us-east-1.amazonaws.com', answer: '52.94.1.1' },
      { vpcId: bypass.vpcId, name: 'ssm.us-east-1.amazonaws.com', answer: '52.94.1.1' },
      // Another VPC's answer for the same address: not this VPC's, not read as its.
      { vpcId: dark.vpcId, name: 'kms.us-east-1.amazonaws.com', answer: '54.239.29.1' },
    ],
    at,
  );
}, 120_000);

const tagsOf = async (vpcId: string) =>
  Object.fromEntries(
    ((await c.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs?.[0]?.Tags ?? []).map((t) => [
      t.Key,
      t.Value,
    ]),
  );

const depsWith = (extra: Partial<AdviseDeps> = {}): AdviseDeps => ({
  api: new Ec2Api(c.ec2),
  logs: new LogEvents(c.logs),
  objects: new FlowLogObjects(c.s3),
  accountId: '123456789012',
  cloudWatch: c.cloudWatch,
  region: 'us-east-1',
  prices: DEFAULT_PRICES,
  now,
  sinceMs: 14 * 86_400_000,
  ...extra,
});

describe('privatelink advise, from flow logs read back from CloudWatch Logs', () => {
  it('advises a NAT-heavy VPC service by service, with the numbers worked by hand', async () => {
    const report = await advise([heavy.vpcId], depsWith({ resolverLogGroup: 'resolver' }));
    const vpc = report.vpcs[0];

    expect(vpc).toMatchObject({
      vpcId: heavy.vpcId,
      name: 'nat-heavy',
      status: 'read',
      windowHours: 1.5,
      natGbPerMonth: 1600,
    });
    expect(vpc?.lines).toEqual([
      // 2 GiB a window, 500 windows a month; NAT 1,000 × $0.045; 2 AZs × 730 h × $0.01 + 1,000 × $0.01.
      {
        service: 'ssm',
        path: 'nat-gateway',
        attribution: 'dns',
        gbPerMonth: 1000,
        recommendation: 'interface',
        nowMonthly: 45,
        endpointMonthly: 24.6,
        savingMonthly: 20.4,
        breakEvenGb: 417,
      },
      S3_THROUGH_NAT,
      // $14.60 of hours for $3.50 saved in processing: 417 GB a month before it pays.
      {
        service: 'sts',
        path: 'nat-gateway',
        attribution: 'dns',
        gbPerMonth: 100,
        recommendation: 'below-break-even',
        nowMonthly: 4.5,
        endpointMonthly: 15.6,
        savingMonthly: 0,
        breakEvenGb: 417,
      },
      {
        service: 'dynamodb',
        path: 'internet-gateway',
        attribution: 'flow-log',
        gbPerMonth: 50,
        recommendation: 'gateway',
        nowMonthly: 0,
        endpointMonthly: 0,
        savingMonthly: 0,
      },
    ]);
    expect(vpc?.savingMonthly).toBe(42.9);
  });

  it('reads only the streams of the NAT gateway and the internet-routed interfaces, and the VPC’s queries', async () => {
    const report = await advise([heavy.vpcId], depsWith({ resolverLogGroup: 'resolver' }));
    // 13 records of the NAT gateway's stream, 3 of the public interface's, 2 queries of the VPC (of 4);
    // the private interface's stream is never read.
    expect(report.reads).toMatchObject({ logsEvents: 18 });
  });

  it('leaves what flow logs call AMAZON unattributed without Resolver query logs, and says so', async () => {
    const report = await advise([heavy.vpcId], depsWith());
    const amazon = report.vpcs[0]?.lines.find((l) => l.service === 'AMAZON');
    expect(amazon).toEqual({
      service: 'AMAZON',
      path: 'nat-gateway',
      attribution: 'unattributed',
      gbPerMonth: 1100,
      recommendation: 'unattributed',
      nowMonthly: 49.5,
      endpointMonthly: null,
      savingMonthly: 0,
    });
  });

  it('says, with AWS’s ip-ranges.json, which AMAZON traffic is another region’s', async () => {
    const ipRanges = parseIpRanges(
      {
        createDate: '2026-12-01-10-00-00',
        prefixes: [
          { ip_prefix: '54.239.29.0/24', region: 'eu-west-1', service: 'AMAZON' },
          { ip_prefix: '52.94.0.0/16', region: 'us-east-1', service: 'AMAZON' },
        ],
      },
      'ip-ranges.json',
    );
    const report = await advise([heavy.vpcId], depsWith({ ipRanges }));
    const amazon = report.vpcs[0]?.lines.filter((l) => l.service === 'AMAZON');
    expect(amazon).toEqual([
      expect.objectContaining({
        attribution: 'unattributed',
        gbPerMonth: 1000,
        recommendation: 'unattributed',
      }),
      expect.objectContaining({
        attribution: 'ip-ranges',
        otherRegion: 'eu-west-1',
        gbPerMonth: 100,
        recommendation: 'other-region',
      }),
    ]);
  });

  it('says a VPC already with the endpoint bypasses it, and advises nothing for what its gateway endpoint carries', async () => {
    const report = await advise([bypass.vpcId], depsWith({ resolverLogGroup: 'resolver' }));
    expect(report.vpcs[0]?.lines).toEqual([
      expect.objectContaining({
        service: 'ssm',
        gbPerMonth: 100,
        recommendation: 'bypasses-endpoint',
        savingMonthly: 0,
      }),
    ]);
  });

  it('tells a VPC without flow logs how to turn them on and what they cost, instead of guessing', async () => {
    const report = await advise([dark.vpcId, oldFormat.vpcId], depsWith());
    const [none, old] = report.vpcs;
    expect(none).toMatchObject({ status: 'no-flow-log', lines: [], savingMonthly: 0 });
    expect(none?.turnOn?.command).toContain(`--resource-ids ${dark.vpcId}`);
    expect(none?.turnOn?.command).toContain('${pkt-dst-aws-service}');
    expect(none?.turnOn?.cost).toContain('$0.50/GB');
    expect(old).toMatchObject({ status: 'flow-log-unusable' });
    expect(old?.turnOn?.reason).toMatch(
      /lacks flow-direction, traffic-path, pkt-src-aws-service, pkt-dst-aws-service/,
    );
  });

  it('reads a flow log delivered to S3: the day’s files of the flow log, only the counted interfaces’ records', async () => {
    const report = await advise([inS3.vpcId], depsWith({ now: s3Now }));

    expect(report.vpcs[0]).toMatchObject({
      status: 'read',
      flowLog: { destination: 'arn:aws:s3:::flow-logs/flows/' },
    });
    expect(report.vpcs[0]?.lines).toEqual([S3_THROUGH_NAT]);
    expect(report.reads).toMatchObject({ s3Objects: 1, logsEvents: 0 });
  });

  it('totals the fleet: every VPC of the region with --all', async () => {
    const report = await advise('all', depsWith({ resolverLogGroup: 'resolver' }));
    // The S3 VPC's flow log is a few seconds younger: its 500 GB stay 500 at whole GB.
    expect(report.totals).toEqual({
      vpcs: 6,
      read: 3,
      gbPerMonth: 2250,
      savingMonthly: 65.4,
      savingUnknown: 0,
    });
  });

  it('says which flow log AWS would not give, and goes on with the other VPCs', async () => {
    const gone = await trafficVpc(c, 6, { flowLog: 'deleted-later' });
    await c.logs.send(new DeleteLogGroupCommand({ logGroupName: 'deleted-later' }));

    const report = await advise([gone.vpcId, heavy.vpcId], depsWith({ resolverLogGroup: 'resolver' }));

    expect(report.vpcs.find((v) => v.vpcId === gone.vpcId)).toMatchObject({
      status: 'flow-log-unreadable',
      unreadable: expect.stringMatching(
        /^flow log fl-\w+ \(deleted-later\) could not be read: FilterLogEvents failed: ResourceNotFoundException/,
      ),
      lines: [],
    });
    expect(report.vpcs.find((v) => v.vpcId === heavy.vpcId)?.lines).toHaveLength(4);
  });

  it('refuses VPC ids it cannot find, naming them, before reading any flow log', async () => {
    await expect(advise(['vpc-0123456789abcdef0'], depsWith())).rejects.toThrow(
      'no VPC vpc-0123456789abcdef0 in us-east-1 of account 123456789012',
    );
  });

  it('advises the region’s central endpoints to a VPC named alone, the central VPC not among those advised', async () => {
    const { Vpc } = await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.99.0.0/16' }));
    await c.ec2.send(
      new CreateTagsCommand({
        Resources: [Vpc?.VpcId ?? ''],
        Tags: [
          { Key: 'privatelink:share', Value: 'true' },
          { Key: 'privatelink:services', Value: 'sts' },
        ],
      }),
    );

    const report = await advise([heavy.vpcId], depsWith({ resolverLogGroup: 'resolver' }));

    // 100 GB: NAT $4.50; central 100 × ($0.01 + $0.02) = $3.00; an endpoint of its own $15.60.
    expect(report.vpcs[0]?.lines.find((l) => l.service === 'sts')).toMatchObject({
      recommendation: 'central',
      centralVpcId: Vpc?.VpcId,
      endpointMonthly: 3,
      savingMonthly: 1.5,
    });
  });
});

describe('privatelink advise, as a person runs it', () => {
  const run = (...args: string[]) => cliOnMoto(moto.server().endpoint, 'plo-test', 'advise', ...args);
  // A world of its own, its records written just after its flow log was made: the command reads up to now.
  beforeAll(async () => {
    await moto.server().reset();
    heavy = await trafficVpc(c, 1, { flowLog: 'flow', name: 'nat-heavy' });
    dark = await trafficVpc(c, 3);
    const at = new Date(Math.max(Date.now(), (heavy.flowLogCreatedAt?.getTime() ?? 0) + 1000));
    await writeRecords(
      c,
      'flow',
      heavy.natInterfaceId,
      [...legs(heavy, '52.216.1.1', 'S3', 0.1, 0.9), ...legs(heavy, '52.94.1.1', 'AMAZON', 0.2, 1.8)],
      at,
    );
    await writeQueries(
      c,
      'resolver',
      [{ vpcId: heavy.vpcId, name: 'ssm.us-east-1.amazonaws.com', answer: '52.94.1.1' }],
      at,
    );
    // The records are read up to the command's now: it must come after them.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, at.getTime() - Date.now() + 50)));
  }, 60_000);

  it('prints a table per service and the fleet total, and one document under --json', async () => {
    const text = await run(heavy.vpcId, dark.vpcId, '--resolver-logs', 'resolver');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/ssm .*NAT gateway.*interface endpoint/);
    expect(text.out).toMatch(/s3 .*NAT gateway.*gateway endpoint \(free\)/);
    expect(text.out).toContain(`${dark.vpcId}: no advice: no active flow log records its accepted traffic.`);
    expect(text.out).toContain('1 of 2 VPC(s) read (records since');
    expect(text.out).toContain(`${heavy.vpcId}: only 0 h of records (its flow log is that young)`);

    const json = await cliOnMoto(moto.server().endpoint, 'plo-test', '--json', 'advise', '--all');
    const document = JSON.parse(json.out);
    const ajv = new Ajv();
    ajv.addSchema(outputSchema, 'cli');
    expect(json.code).toBe(0);
    expect(ajv.validate('cli#/definitions/advice', document) || ajv.errorsText()).toBe(true);
    // Its two VPCs and moto's default one.
    expect(document.totals).toMatchObject({ vpcs: 3, read: 1 });
  });

  it('proposes with --tag the tags that would carry the advice, and changes nothing', async () => {
    const { code, out } = await run(heavy.vpcId, '--resolver-logs', 'resolver', '--tag');

    expect(code).toBe(0);
    expect(out).toContain(`${heavy.vpcId}: privatelink:services (none) → "ssm, s3"`);
    expect(await tagsOf(heavy.vpcId)).not.toHaveProperty('privatelink:services');
  });

  it('sets them with --tag --yes, reads them back, and a run provisions the VPC through the one-writer path', async () => {
    const { code, out, err } = await run(
      heavy.vpcId,
      '--resolver-logs',
      'resolver',
      '--tag',
      '--yes',
      '--local',
    );

    expect(err).toContain(`${heavy.vpcId}: tagged; started`);
    expect(out).toContain('Tags set (a run provisions each VPC');
    expect(code).toBe(0);
    expect(await tagsOf(heavy.vpcId)).toMatchObject({ 'privatelink:services': 'ssm, s3' });
    const { VpcEndpoints = [] } = await c.ec2.send(
      new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [heavy.vpcId] }] }),
    );
    expect(VpcEndpoints.map((e) => e.ServiceName).sort()).toEqual([
      'com.amazonaws.us-east-1.s3',
      'com.amazonaws.us-east-1.ssm',
    ]);
  }, 120_000);

  it('reads a member account through --role-arn, every client as the role', async () => {
    const member = awsClients(moto.server().endpoint, await memberCredentials('111111111111', 'us-east-1'));
    const away = await trafficVpc(member, 7, { flowLog: 'member-flow' });
    const at = new Date(Math.max(Date.now(), (away.flowLogCreatedAt?.getTime() ?? 0) + 1000));
    await writeRecords(
      member,
      'member-flow',
      away.natInterfaceId,
      legs(away, '52.216.1.1', 'S3', 0.1, 0.9),
      at,
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, at.getTime() - Date.now() + 50)));

    const { code, out } = await cliOnMoto(
      moto.server().endpoint,
      'plo-test',
      '--role-arn',
      'arn:aws:iam::111111111111:role/admin',
      '--json',
      'advise',
      away.vpcId,
    );

    expect(code).toBe(0);
    const document = JSON.parse(out) as FleetAdvice;
    expect(document.vpcs).toMatchObject([
      { vpcId: away.vpcId, status: 'read', lines: [{ service: 's3', recommendation: 'gateway' }] },
    ]);
  });

  it.each([
    [[], 'advise needs VPC ids (such as vpc-0123456789abcdef0) or --all'],
    [['--all', 'vpc-0123456789abcdef0'], 'advise takes VPC ids or --all, not both'],
    [['vpc-nothex'], 'vpc-id "vpc-nothex" is not a VPC id'],
    [
      ['--all', '--since', 'fortnight'],
      '--since "fortnight" is not a duration; accepted: such as 30m, 6h or 2d',
    ],
    [['--all', '--resolver-logs', 'no spaces'], '--resolver-logs "no spaces" is not a log group name'],
    [['--all', '--yes'], '--yes applies what --tag proposes: add --tag'],
    [
      ['--all', '--ip-ranges', '/nonexistent/ip-ranges.json'],
      'cannot read the ip-ranges file /nonexistent/ip-ranges.json',
    ],
    [['--all', '--tag', '--local'], '--local runs the executions --tag --yes asks for: add --tag --yes'],
  ])('refuses %j, naming the input and what is accepted, before reading anything', async (args, message) => {
    const { code, err } = await run(...args);
    expect(code).toBe(1);
    expect(err).toContain(message);
  });
});
