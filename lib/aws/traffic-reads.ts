/**
 * What `privatelink advise` reads of a VPC's traffic (docs/advice.md, "What it reads"): its flow logs
 * (DescribeFlowLogs), its NAT gateways and the interfaces that reach an internet gateway (EC2), the records
 * of those interfaces only (CloudWatch Logs FilterLogEvents, one log stream per interface), Resolver query
 * logs' answers, and the NAT gateways' own byte counts (CloudWatch metrics).
 */
import {
  DescribeFlowLogsCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type FlowLog,
  type NatGateway,
  type NetworkInterface,
  type RouteTable,
  type Subnet,
  type Vpc,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import {
  FilterLogEventsCommand,
  type CloudWatchLogsClient,
  type FilterLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  GetMetricDataCommand,
  type CloudWatchClient,
  type GetMetricDataCommandOutput,
} from '@aws-sdk/client-cloudwatch';
import { AwsApi, PAGE, type Ec2Api } from './ec2-api';
import { allPages, chunk, VPC_BATCH } from './fleet-reads';
import { toEndpoint, toRouteTable, toSubnet, toTags } from './ec2-mappers';
import { isDead } from '../domain/endpoint-states';
import type { RouteTableInfo, SubnetInfo } from '../domain/model';
import { shortServiceName } from '../domain/services';
import { TAG_KEYS } from '../domain/tags';
import type { VpcInterface } from '../domain/advice/internet-path';
import { fieldsOf } from '../domain/advice/flow-record';
import type { ResolverQuery } from '../domain/advice/attribution';

/** A VPC's flow log, as DescribeFlowLogs tells it. */
export interface FlowLogSource {
  flowLogId: string;
  destinationType: 'cloud-watch-logs' | 's3' | 'kinesis-data-firehose';
  /** The log group (CloudWatch Logs) or the bucket ARN and prefix (S3). */
  destination: string;
  fields: string[];
  trafficType: string;
  createdAt?: Date;
  active: boolean;
  /** S3 files: `plain-text` (the default) or `parquet`, and Hive-compatible prefixes or not. */
  fileFormat: string;
  hiveCompatible: boolean;
}

const toSource = (f: FlowLog): FlowLogSource => ({
  flowLogId: f.FlowLogId ?? '',
  destinationType: (f.LogDestinationType ?? 'cloud-watch-logs') as FlowLogSource['destinationType'],
  destination: f.LogGroupName ?? f.LogDestination ?? '',
  fields: fieldsOf(f.LogFormat),
  trafficType: f.TrafficType ?? 'ALL',
  ...(f.CreationTime ? { createdAt: f.CreationTime } : {}),
  active: (f.FlowLogStatus ?? 'ACTIVE') === 'ACTIVE',
  fileFormat: f.DestinationOptions?.FileFormat ?? 'plain-text',
  hiveCompatible: f.DestinationOptions?.HiveCompatiblePartitions ?? false,
});

/** Each VPC's flow logs (those made for the VPC itself), in one paginated call per hundred VPCs. */
export async function flowLogsOf(api: Ec2Api, vpcIds: string[]): Promise<Map<string, FlowLogSource[]>> {
  const found = new Map<string, FlowLogSource[]>(vpcIds.map((v) => [v, []]));
  for (const batch of chunk(vpcIds, VPC_BATCH)) {
    const logs = await allPages<'FlowLogs', FlowLog>(
      api,
      (NextToken) =>
        new DescribeFlowLogsCommand({
          Filter: [{ Name: 'resource-id', Values: batch }],
          MaxResults: PAGE,
          NextToken,
        }),
      'FlowLogs',
    );
    for (const f of logs) found.get(f.ResourceId ?? '')?.push(toSource(f));
  }
  return found;
}

/** Each VPC's available NAT gateways and their network interfaces. */
export async function natGatewaysOf(
  api: Ec2Api,
  vpcIds: string[],
): Promise<Map<string, { natGatewayId: string; interfaceIds: string[] }[]>> {
  const found = new Map<string, { natGatewayId: string; interfaceIds: string[] }[]>(
    vpcIds.map((v) => [v, []]),
  );
  for (const batch of chunk(vpcIds, VPC_BATCH)) {
    const gateways = await allPages<'NatGateways', NatGateway>(
      api,
      (NextToken) =>
        new DescribeNatGatewaysCommand({
          Filter: [
            { Name: 'vpc-id', Values: batch },
            { Name: 'state', Values: ['available'] },
          ],
          MaxResults: PAGE,
          NextToken,
        }),
      'NatGateways',
    );
    for (const g of gateways)
      found.get(g.VpcId ?? '')?.push({
        natGatewayId: g.NatGatewayId ?? '',
        interfaceIds: (g.NatGatewayAddresses ?? []).map((a) => a.NetworkInterfaceId ?? '').filter(Boolean),
      });
  }
  return found;
}

/** A VPC as the advice reads it (batched: a few calls per hundred VPCs). */
export interface AdviceVpc {
  vpcId: string;
  tags: Record<string, string>;
  cidrs: string[];
  subnets: SubnetInfo[];
  routeTables: RouteTableInfo[];
  /** Short names of the services with a live endpoint in the VPC. */
  endpointServices: string[];
  interfaces: VpcInterface[];
}

/** The region's VPCs that share endpoints (`privatelink:share`), with their tags: one filtered call. */
export async function sharingVpcsOf(api: Ec2Api): Promise<{ vpcId: string; tags: Record<string, string> }[]> {
  const vpcs = await allPages<'Vpcs', Vpc>(
    api,
    (NextToken) =>
      new DescribeVpcsCommand({
        Filters: [{ Name: 'tag-key', Values: [TAG_KEYS.share] }],
        MaxResults: PAGE,
        NextToken,
      }),
    'Vpcs',
  );
  return vpcs.map((v) => ({ vpcId: v.VpcId ?? '', tags: toTags(v.Tags) }));
}

/** The VPCs named (or, with none, every VPC of the region), with what the advice needs of each. */
export async function adviceVpcsOf(api: Ec2Api, vpcIds: string[] | 'all'): Promise<AdviceVpc[]> {
  const named = vpcIds === 'all' ? [] : [{ Name: 'vpc-id', Values: vpcIds }];
  const vpcs = await allPages<'Vpcs', Vpc>(
    api,
    (NextToken) =>
      new DescribeVpcsCommand({ Filters: named.length ? named : undefined, MaxResults: PAGE, NextToken }),
    'Vpcs',
  );
  const byId = new Map<string, AdviceVpc>(
    vpcs.map((v) => [
      v.VpcId ?? '',
      {
        vpcId: v.VpcId ?? '',
        tags: toTags(v.Tags),
        cidrs: (v.CidrBlockAssociationSet ?? []).map((c) => c.CidrBlock ?? '').filter(Boolean),
        subnets: [],
        routeTables: [],
        endpointServices: [],
        interfaces: [],
      },
    ]),
  );
  for (const batch of chunk([...byId.keys()], VPC_BATCH)) {
    const Filters = [{ Name: 'vpc-id', Values: batch }];
    const [subnets, tables, endpoints, interfaces] = await Promise.all([
      allPages<'Subnets', Subnet>(
        api,
        (NextToken) => new DescribeSubnetsCommand({ Filters, MaxResults: PAGE, NextToken }),
        'Subnets',
      ),
      allPages<'RouteTables', RouteTable>(
        api,
        (NextToken) => new DescribeRouteTablesCommand({ Filters, MaxResults: 100, NextToken }),
        'RouteTables',
      ),
      allPages<'VpcEndpoints', VpcEndpoint>(
        api,
        (NextToken) => new DescribeVpcEndpointsCommand({ Filters, MaxResults: PAGE, NextToken }),
        'VpcEndpoints',
      ),
      allPages<'NetworkInterfaces', NetworkInterface>(
        api,
        (NextToken) => new DescribeNetworkInterfacesCommand({ Filters, MaxResults: PAGE, NextToken }),
        'NetworkInterfaces',
      ),
    ]);
    for (const s of subnets) byId.get(s.VpcId ?? '')?.subnets.push(toSubnet(s));
    for (const t of tables) byId.get(t.VpcId ?? '')?.routeTables.push(toRouteTable(t));
    for (const e of endpoints)
      if (!isDead(toEndpoint(e).state))
        byId.get(e.VpcId ?? '')?.endpointServices.push(shortServiceName(e.ServiceName ?? ''));
    for (const n of interfaces)
      byId.get(n.VpcId ?? '')?.interfaces.push({
        interfaceId: n.NetworkInterfaceId ?? '',
        subnetId: n.SubnetId ?? '',
        type: n.InterfaceType ?? 'interface',
      });
  }
  return [...byId.values()];
}

/** What a read of CloudWatch Logs cost: calls and bytes of messages returned (the benchmark's measure). */
export interface LogsReadCount {
  calls: number;
  bytes: number;
  events: number;
}

/** Reads log events of a group's streams, counting the calls and the bytes returned. */
export class LogEvents {
  private readonly api: AwsApi;
  private readonly returned = { bytes: 0, events: 0 };

  constructor(client: CloudWatchLogsClient) {
    this.api = new AwsApi(client);
  }

  get count(): LogsReadCount {
    return { calls: this.api.calls.read, ...this.returned };
  }

  /**
   * Every event in [start, end) of the streams whose names start with `streamPrefix` (a flow log's stream
   * is its interface's id), or of the whole group when none is given; `pattern`, a filter pattern.
   */
  async *messages(
    group: string,
    start: Date,
    end: Date,
    opts: { streamPrefix?: string; pattern?: string } = {},
  ): AsyncGenerator<string> {
    let nextToken: string | undefined;
    do {
      const page = await this.api.send<FilterLogEventsCommandOutput>(
        new FilterLogEventsCommand({
          logGroupName: group,
          startTime: start.getTime(),
          endTime: end.getTime(),
          ...(opts.streamPrefix ? { logStreamNamePrefix: opts.streamPrefix } : {}),
          ...(opts.pattern ? { filterPattern: opts.pattern } : {}),
          nextToken,
        }),
      );
      for (const e of page.events ?? []) {
        this.returned.events += 1;
        this.returned.bytes += Buffer.byteLength(e.message ?? '');
        yield e.message ?? '';
      }
      nextToken = page.nextToken;
    } while (nextToken);
  }
}

/** The Resolver queries a VPC made in the window, from a query log group (JSON records). */
export async function resolverQueriesOf(
  events: LogEvents,
  group: string,
  vpcId: string,
  start: Date,
  end: Date,
): Promise<ResolverQuery[]> {
  const queries: ResolverQuery[] = [];
  // A quoted term: only records that name the VPC come back.
  for await (const message of events.messages(group, start, end, { pattern: `"${vpcId}"` })) {
    try {
      const q = JSON.parse(message) as ResolverQuery;
      if (q.vpc_id === vpcId) queries.push(q);
    } catch {
      // Not a query log record: another writer's line in the group is not ours to read.
    }
  }
  return queries;
}

/**
 * Bytes the NAT gateways processed in the window, both ways (AWS/NATGateway BytesOutToDestination +
 * BytesInFromDestination, Sum): the total the flow logs' AWS share is part of.
 */
export async function natBytesOf(
  cloudWatch: CloudWatchClient,
  natGatewayIds: string[],
  start: Date,
  end: Date,
): Promise<number | undefined> {
  if (natGatewayIds.length === 0) return undefined;
  // One point per metric: the window in whole hours (CloudWatch takes any multiple of 3,600 s at any age).
  const period = Math.max(3600, Math.ceil((end.getTime() - start.getTime()) / 1000 / 3600) * 3600);
  const queries = natGatewayIds.flatMap((id, i) =>
    ['BytesOutToDestination', 'BytesInFromDestination'].map((metric, j) => ({
      Id: `m${i}_${j}`,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/NATGateway',
          MetricName: metric,
          Dimensions: [{ Name: 'NatGatewayId', Value: id }],
        },
        Period: period,
        Stat: 'Sum',
      },
    })),
  );
  const api = new AwsApi(cloudWatch);
  let total = 0;
  let nextToken: string | undefined;
  do {
    const page = await api.send<GetMetricDataCommandOutput>(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: start,
        EndTime: end,
        NextToken: nextToken,
      }),
    );
    for (const r of page.MetricDataResults ?? []) total += (r.Values ?? []).reduce((s, v) => s + v, 0);
    nextToken = page.NextToken;
  } while (nextToken);
  return total;
}
