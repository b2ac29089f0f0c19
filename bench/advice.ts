/**
 * `advise --all` over a fleet with 14 days of flow logs (README, "Benchmarks"): what ships — the
 * records of the NAT gateways' and the internet-routed interfaces' streams only — against the naive way of
 * reading every record of the flow log group and keeping the VPC's, in the same run, on the same records.
 *
 * CloudWatch Logs is simulated in-process: FilterLogEvents answers as AWS documents (pages of up to
 * 10,000 events or 1 MB, events sorted by time, a log stream per interface), each call costs 50 ms plus its
 * payload at 10 MB/s, and calls are paced by a token bucket of 5 a second (the account's FilterLogEvents
 * quota as we know it, not re-read here: Service Quotas has the account's). EC2 and CloudWatch metrics answer from the fleet's description: both ways make the same few.
 */
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
  type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeFlowLogsCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { Ec2Api } from '../lib/aws/ec2-api';
import { LogEvents } from '../lib/aws/traffic-reads';
import { FlowLogObjects } from '../lib/aws/flow-log-objects';
import { S3Client } from '@aws-sdk/client-s3';
import { ADVICE_FORMAT, fieldsOf, recordParser, type FlowRecord } from '../lib/domain/advice/flow-record';
import { awsTraffic } from '../lib/domain/advice/traffic';
import { adviceLines } from '../lib/domain/advice/advice';
import { DEFAULT_PRICES } from '../lib/domain/cost';
import { advise } from '../lib/operations/advise';
import { recordLine, type Flow } from '../tests/support/flow-logs';

const DAY = 86_400_000;
const WINDOW_DAYS = 14;
const PAGE_EVENTS = 10_000;
const PAGE_BYTES = 1_048_576;
const CALL_MS = 50;
const BYTES_PER_MS = 10_000;
const TPS = 5;
const NOW = Date.UTC(2026, 11, 3, 0, 0, 0);
const PRIVATE_INSTANCES = 12;

interface SimVpc {
  vpcId: string;
  n: number;
  nat: string;
  publicEni: string;
  privateEnis: string[];
}

/** The fleet's log group: each interface's stream, its events in time order. */
class SimLogs {
  readonly streams = new Map<string, FilteredLogEvent[]>();
  clock = 0;
  private tokens = TPS;
  private refilledAt = 0;
  calls = 0;

  add(stream: string, timestamp: number, message: string) {
    const events = this.streams.get(stream) ?? [];
    events.push({ logStreamName: stream, timestamp, message, eventId: `${stream}/${events.length}` });
    this.streams.set(stream, events);
  }

  get records() {
    return [...this.streams.values()].reduce((s, e) => s + e.length, 0);
  }

  /** One FilterLogEvents call: the bucket first, then the page, then its latency on the clock. */
  filter(input: FilterLogEventsCommandInput) {
    this.pace();
    this.calls += 1;
    const start = input.startTime ?? 0;
    const end = input.endTime ?? Number.MAX_SAFE_INTEGER;
    const prefix = input.logStreamNamePrefix ?? '';
    const matching = this.matching(prefix, start, end);
    const from = Number(input.nextToken ?? 0);
    const page: FilteredLogEvent[] = [];
    let bytes = 0;
    for (let i = from; i < matching.length && page.length < PAGE_EVENTS; i += 1) {
      const size = Buffer.byteLength(matching[i]?.message ?? '') + 26;
      if (bytes + size > PAGE_BYTES) break;
      bytes += size;
      page.push(matching[i] as FilteredLogEvent);
    }
    this.clock += CALL_MS + bytes / BYTES_PER_MS;
    const next = from + page.length;
    return { events: page, ...(next < matching.length ? { nextToken: String(next) } : {}) };
  }

  private readonly found = new Map<string, FilteredLogEvent[]>();

  /** The events a query matches, in time order; kept for its next pages (the fleet does not change). */
  private matching(prefix: string, start: number, end: number): FilteredLogEvent[] {
    const key = `${prefix} ${start} ${end}`;
    let events = this.found.get(key);
    if (!events) {
      events = [...this.streams.entries()]
        .filter(([name]) => name.startsWith(prefix))
        .flatMap(([, list]) => list.filter((e) => (e.timestamp ?? 0) >= start && (e.timestamp ?? 0) < end))
        .sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
      this.found.set(key, events);
    }
    return events;
  }

  private pace() {
    const refill = ((this.clock - this.refilledAt) / 1000) * TPS;
    this.tokens = Math.min(TPS, this.tokens + refill);
    this.refilledAt = this.clock;
    if (this.tokens < 1) {
      this.clock += ((1 - this.tokens) / TPS) * 1000;
      this.tokens = 1;
      this.refilledAt = this.clock;
    }
    this.tokens -= 1;
  }
}

const hex = (n: number, width = 17) => n.toString(16).padStart(width, '0');

/**
 * Per hour and VPC: the NAT gateway's 8 records (S3 and an AMAZON service, both legs each way, and a
 * site on the internet), the public interface's 2 (DynamoDB through the internet gateway), and 4 of each
 * of 12 private instances (their own side of the NAT traffic, and traffic between them).
 */
function fleet(vpcs: number, logs: SimLogs): SimVpc[] {
  const out: SimVpc[] = [];
  for (let n = 1; n <= vpcs; n += 1) {
    const v: SimVpc = {
      vpcId: `vpc-${hex(n)}`,
      n,
      nat: `eni-${hex(n * 100)}`,
      publicEni: `eni-${hex(n * 100 + 1)}`,
      privateEnis: Array.from({ length: PRIVATE_INSTANCES }, (_, k) => `eni-${hex(n * 100 + 2 + k)}`),
    };
    out.push(v);
    const a = n % 250;
    const natIp = `10.${a}.0.5`;
    for (let h = WINDOW_DAYS * 24; h >= 1; h -= 1) {
      const at = NOW - h * 3_600_000 + 60_000;
      /** One record of an interface's stream, as VPC Flow Logs writes it. */
      const record = (eni: string, flow: Flow) =>
        logs.add(`${eni}-all`, at, recordLine({ 'interface-id': eni, ...flow }, new Date(at)));
      const nat = (srcaddr: string, dstaddr: string, dir: string, bytes: number, named: Flow) =>
        record(v.nat, { srcaddr, dstaddr, bytes, 'flow-direction': dir, ...named });
      nat(natIp, '52.216.1.1', 'egress', 2_000_000, { 'pkt-dst-aws-service': 'S3', 'traffic-path': 8 });
      nat('52.216.1.1', natIp, 'ingress', 40_000_000, { 'pkt-src-aws-service': 'S3' });
      nat(natIp, '52.94.1.1', 'egress', 1_000_000, { 'pkt-dst-aws-service': 'AMAZON', 'traffic-path': 8 });
      nat('52.94.1.1', natIp, 'ingress', 9_000_000, { 'pkt-src-aws-service': 'AMAZON' });
      nat(`10.${a}.1.9`, natIp, 'ingress', 2_000_000, { 'pkt-dst-aws-service': 'S3' });
      nat(natIp, `10.${a}.1.9`, 'egress', 40_000_000, { 'pkt-src-aws-service': 'S3' });
      nat(natIp, '93.184.216.34', 'egress', 500_000, { 'traffic-path': 8 });
      nat('93.184.216.34', natIp, 'ingress', 5_000_000, {});
      const pub = `10.${a}.0.20`;
      const dynamo = { srcport: 40000, dstport: 443 };
      record(v.publicEni, {
        srcaddr: pub,
        dstaddr: '52.94.5.5',
        ...dynamo,
        bytes: 100_000,
        'flow-direction': 'egress',
        'traffic-path': 8,
        'pkt-dst-aws-service': 'DYNAMODB',
      });
      record(v.publicEni, {
        srcaddr: '52.94.5.5',
        dstaddr: pub,
        srcport: 443,
        dstport: 40000,
        bytes: 900_000,
        'flow-direction': 'ingress',
        'pkt-src-aws-service': 'DYNAMODB',
      });
      for (const eni of v.privateEnis) {
        const instance = `10.${a}.1.9`;
        record(eni, {
          srcaddr: instance,
          dstaddr: natIp,
          bytes: 2_000_000,
          'flow-direction': 'egress',
          'traffic-path': 1,
          'pkt-dst-aws-service': 'S3',
        });
        record(eni, {
          srcaddr: natIp,
          dstaddr: instance,
          bytes: 40_000_000,
          'flow-direction': 'ingress',
          'pkt-src-aws-service': 'S3',
        });
        // Between instances of the VPC: never AWS-bound.
        for (const dir of ['egress', 'ingress'])
          record(eni, { srcaddr: instance, dstaddr: `10.${a}.1.10`, bytes: 300_000, 'flow-direction': dir });
      }
    }
  }
  return out;
}

/** EC2's answers for the fleet (the same for both ways). */
function ec2For(vpcs: SimVpc[]): EC2Client {
  const client = new EC2Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
  });
  const mock = mockClient(client);
  mock.on(DescribeVpcsCommand).resolves({
    Vpcs: vpcs.map((v) => ({
      VpcId: v.vpcId,
      CidrBlockAssociationSet: [{ CidrBlock: `10.${v.n % 250}.0.0/16` }],
    })),
  });
  mock.on(DescribeSubnetsCommand).callsFake((input: { Filters?: { Values?: string[] }[] }) => ({
    Subnets: (input.Filters?.[0]?.Values ?? []).flatMap((vpcId) => [
      { VpcId: vpcId, SubnetId: `subnet-a${vpcId.slice(-8)}`, AvailabilityZone: 'us-east-1a' },
      { VpcId: vpcId, SubnetId: `subnet-b${vpcId.slice(-8)}`, AvailabilityZone: 'us-east-1b' },
    ]),
  }));
  mock.on(DescribeRouteTablesCommand).callsFake((input: { Filters?: { Values?: string[] }[] }) => ({
    RouteTables: (input.Filters?.[0]?.Values ?? []).map((vpcId) => ({
      VpcId: vpcId,
      RouteTableId: `rtb-${vpcId.slice(-8)}`,
      Associations: [{ SubnetId: `subnet-a${vpcId.slice(-8)}` }],
      Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' }],
    })),
  }));
  mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
  mock.on(DescribeNetworkInterfacesCommand).resolves({
    NetworkInterfaces: vpcs.flatMap((v) => [
      {
        VpcId: v.vpcId,
        NetworkInterfaceId: v.publicEni,
        SubnetId: `subnet-a${v.vpcId.slice(-8)}`,
        InterfaceType: 'interface' as const,
      },
      {
        VpcId: v.vpcId,
        NetworkInterfaceId: v.nat,
        SubnetId: `subnet-a${v.vpcId.slice(-8)}`,
        InterfaceType: 'natGateway' as const,
      },
      ...v.privateEnis.map((id) => ({
        VpcId: v.vpcId,
        NetworkInterfaceId: id,
        SubnetId: `subnet-b${v.vpcId.slice(-8)}`,
        InterfaceType: 'interface' as const,
      })),
    ]),
  });
  mock.on(DescribeFlowLogsCommand).resolves({
    FlowLogs: vpcs.map((v) => ({
      FlowLogId: `fl-${hex(v.n)}`,
      ResourceId: v.vpcId,
      LogDestinationType: 'cloud-watch-logs' as const,
      LogGroupName: 'flow',
      LogFormat: ADVICE_FORMAT,
      TrafficType: 'ALL' as const,
      FlowLogStatus: 'ACTIVE',
      CreationTime: new Date(NOW - 60 * DAY),
    })),
  });
  mock.on(DescribeNatGatewaysCommand).resolves({
    NatGateways: vpcs.map((v) => ({
      VpcId: v.vpcId,
      NatGatewayId: `nat-${hex(v.n)}`,
      NatGatewayAddresses: [{ NetworkInterfaceId: v.nat }],
    })),
  });
  return client;
}

export interface AdviceBenchRow {
  approach: string;
  vpcs: number;
  records: number;
  calls: number;
  events: number;
  mb: number;
  simulatedS: number;
  wallMs: number;
  gbPerMonth: number;
}

export async function measureAdvice(vpcs: number): Promise<AdviceBenchRow[]> {
  const sim = new SimLogs();
  const fleetVpcs = fleet(vpcs, sim);
  const logsClient = new CloudWatchLogsClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
  });
  mockClient(logsClient)
    .on(FilterLogEventsCommand)
    .callsFake((input: FilterLogEventsCommandInput) => sim.filter(input));
  const cloudWatch = new CloudWatchClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
  });
  mockClient(cloudWatch).on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
  const ec2 = ec2For(fleetVpcs);
  const records = sim.records;

  const shipped = await timed(
    sim,
    async (logs) => {
      const report = await advise('all', {
        api: new Ec2Api(ec2),
        logs,
        // The fleet's flow logs are all in CloudWatch Logs: S3 is never asked.
        objects: new FlowLogObjects(
          new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'b', secretAccessKey: 'b' } }),
        ),
        accountId: '123456789012',
        cloudWatch,
        region: 'us-east-1',
        prices: DEFAULT_PRICES,
        now: new Date(NOW),
        sinceMs: WINDOW_DAYS * DAY,
      });
      return report.totals.gbPerMonth;
    },
    logsClient,
  );
  const naive = await timed(sim, async (logs) => naiveAdvice(fleetVpcs, logs), logsClient);
  return [
    { approach: 'what ships: the NAT and internet-routed streams', vpcs, records, ...shipped },
    { approach: 'naive: every record of the group', vpcs, records, ...naive },
  ];
}

async function timed(
  sim: SimLogs,
  run: (logs: LogEvents) => Promise<number>,
  client: CloudWatchLogsClient,
): Promise<Omit<AdviceBenchRow, 'approach' | 'vpcs' | 'records'>> {
  sim.clock = 0;
  sim.calls = 0;
  const logs = new LogEvents(client);
  const wall = performance.now();
  const gb = await run(logs);
  return {
    calls: logs.count.calls,
    events: logs.count.events,
    mb: Math.round((logs.count.bytes / 1_048_576) * 10) / 10,
    simulatedS: Math.round(sim.clock / 100) / 10,
    wallMs: Math.round(performance.now() - wall),
    gbPerMonth: gb,
  };
}

/** Every record of the group in the window, then each VPC's by its interfaces, through the same rules. */
async function naiveAdvice(vpcs: SimVpc[], logs: LogEvents): Promise<number> {
  const parse = recordParser(fieldsOf(ADVICE_FORMAT));
  const byInterface = new Map<string, FlowRecord[]>();
  for await (const line of logs.messages('flow', new Date(NOW - WINDOW_DAYS * DAY), new Date(NOW))) {
    const r = parse(line);
    if (!r) continue;
    const list = byInterface.get(r.interfaceId) ?? [];
    list.push(r);
    byInterface.set(r.interfaceId, list);
  }
  let gb = 0;
  for (const v of vpcs) {
    const records = [v.nat, v.publicEni, ...v.privateEnis].flatMap((id) => byInterface.get(id) ?? []);
    const traffic = awsTraffic(records, {
      region: 'us-east-1',
      vpcCidrs: [`10.${v.n % 250}.0.0/16`],
      natInterfaces: new Set([v.nat]),
      names: new Map(),
    });
    const lines = adviceLines(
      { traffic, windowHours: WINDOW_DAYS * 24, azs: 2, endpointServices: new Set(), central: new Map() },
      DEFAULT_PRICES.regions['us-east-1'],
    );
    gb += lines.reduce((sum, l) => sum + l.gbPerMonth, 0);
  }
  return Math.round(gb * 10) / 10;
}

/** The report's page at a fleet size: its bytes and its render time in Chromium (median of 3 loads). */
export async function measureReport(
  sizes: number[],
): Promise<{ vpcs: number; kb: number; renderMs: number }[]> {
  const { execFileSync } = await import('node:child_process');
  const { chromium } = await import('playwright-core');
  const { fleetReportHtml } = await import('../lib/operations/report/fleet-report');
  const { fleetOf } = await import('../tests/support/report-data');
  const { openPage } = await import('../tests/support/browser');
  const executablePath = execFileSync('bash', [`${__dirname}/../scripts/browser.sh`], {
    encoding: 'utf8',
  }).trim();
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const rows = [];
    for (const vpcs of sizes) {
      const html = fleetReportHtml(fleetOf(vpcs));
      const times: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const { page } = await openPage(browser, html);
        // From navigation to the load event, the page's own script run: what a person waits for.
        times.push(
          Number(await page.evaluate("performance.getEntriesByType('navigation')[0]?.duration ?? -1")),
        );
        await page.context().close();
      }
      rows.push({
        vpcs,
        kb: Math.round(Buffer.byteLength(html) / 1024),
        renderMs: Math.round(times.sort((a, b) => a - b)[1] ?? -1),
      });
    }
    return rows;
  } finally {
    await browser.close();
  }
}
