import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateFlowLogsCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateNetworkInterfaceCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DescribeFlowLogsCommand,
  DescribeNatGatewaysCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
} from '@aws-sdk/client-ec2';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { gzipSync } from 'node:zlib';
import { ADVICE_FORMAT, fieldsOf } from '../../lib/domain/advice/flow-record';

/**
 * Flow-log worlds on moto for `privatelink advise`: VPCs with a NAT gateway, an internet-routed subnet and
 * a private one, flow logs to CloudWatch Logs in the advice's format, and the records EC2 would write —
 * made here, as moto delivers none.
 */
export const GIB = 2 ** 30;
export const REGION = 'us-east-1';

/** The clients of the account whose `credentials` they are (moto's default account without). */
export function awsClients(
  endpoint: string,
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
) {
  const options = { region: REGION, endpoint, ...(credentials ? { credentials } : {}) };
  return {
    ec2: new EC2Client(options),
    logs: new CloudWatchLogsClient(options),
    cloudWatch: new CloudWatchClient(options),
    s3: new S3Client({ ...options, forcePathStyle: true }),
  };
}
type Clients = ReturnType<typeof awsClients>;

export interface TrafficVpc {
  vpcId: string;
  natGatewayId: string;
  natInterfaceId: string;
  natAddress: string;
  /** An interface in the subnet routed to the internet gateway. */
  publicInterfaceId: string;
  publicAddress: string;
  /** An interface in the subnet routed to the NAT gateway. */
  privateInterfaceId: string;
  privateAddress: string;
  flowLogCreatedAt?: Date;
}

/** A VPC 10.<n>.0.0/16 with a public subnet (internet gateway, NAT gateway) and a private one (NAT). */
export async function trafficVpc(c: Clients, n: number, opts: { flowLog?: string; name?: string } = {}) {
  const { Vpc } = await c.ec2.send(new CreateVpcCommand({ CidrBlock: `10.${n}.0.0/16` }));
  const vpcId = Vpc?.VpcId ?? '';
  // As a VPC that takes interface endpoints with private DNS has them (and as the demo's has them).
  await c.ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  if (opts.name)
    await c.ec2.send(
      new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'Name', Value: opts.name }] }),
    );
  const subnet = async (third: number, az: string) =>
    (
      await c.ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: `10.${n}.${third}.0/24`,
          AvailabilityZone: `${REGION}${az}`,
        }),
      )
    ).Subnet?.SubnetId ?? '';
  const publicSubnet = await subnet(0, 'a');
  const privateSubnet = await subnet(1, 'b');
  const igw =
    (await c.ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId ?? '';
  await c.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  const { AllocationId } = await c.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  const nat = (await c.ec2.send(new CreateNatGatewayCommand({ SubnetId: publicSubnet, AllocationId })))
    .NatGateway;
  const natGatewayId = nat?.NatGatewayId ?? '';
  const described = await c.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [natGatewayId] }));
  const address = described.NatGateways?.[0]?.NatGatewayAddresses?.[0];
  const table = async (subnetId: string, route: { GatewayId?: string; NatGatewayId?: string }) => {
    const id =
      (await c.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable?.RouteTableId ?? '';
    await c.ec2.send(
      new CreateRouteCommand({ RouteTableId: id, DestinationCidrBlock: '0.0.0.0/0', ...route }),
    );
    await c.ec2.send(new AssociateRouteTableCommand({ RouteTableId: id, SubnetId: subnetId }));
  };
  await table(publicSubnet, { GatewayId: igw });
  await table(privateSubnet, { NatGatewayId: natGatewayId });
  const eni = async (subnetId: string, address: string) =>
    (await c.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, PrivateIpAddress: address })))
      .NetworkInterface?.NetworkInterfaceId ?? '';
  const world: TrafficVpc = {
    vpcId,
    natGatewayId,
    natInterfaceId: address?.NetworkInterfaceId ?? '',
    natAddress: address?.PrivateIp ?? '',
    publicAddress: `10.${n}.0.20`,
    publicInterfaceId: await eni(publicSubnet, `10.${n}.0.20`),
    privateAddress: `10.${n}.1.30`,
    privateInterfaceId: await eni(privateSubnet, `10.${n}.1.30`),
  };
  if (!opts.flowLog) return world;
  await c.logs.send(new CreateLogGroupCommand({ logGroupName: opts.flowLog })).catch(() => undefined);
  await c.ec2.send(
    new CreateFlowLogsCommand({
      ResourceIds: [vpcId],
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: opts.flowLog,
      DeliverLogsPermissionArn: 'arn:aws:iam::123456789012:role/flow-logs',
      LogFormat: ADVICE_FORMAT,
    }),
  );
  const { FlowLogs } = await c.ec2.send(
    new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [vpcId] }] }),
  );
  return { ...world, flowLogCreatedAt: FlowLogs?.[0]?.CreationTime ?? new Date() };
}

/** A record's fields other than those every record has alike (version, times, action, status). */
export type Flow = Partial<
  Record<
    | 'interface-id'
    | 'srcaddr'
    | 'dstaddr'
    | 'srcport'
    | 'dstport'
    | 'protocol'
    | 'bytes'
    | 'flow-direction'
    | 'traffic-path'
    | 'pkt-src-aws-service'
    | 'pkt-dst-aws-service',
    string | number
  >
>;

/** One record in the advice's format, as EC2 writes it (`-` where a field has no value). */
export function recordLine(flow: Flow, at: Date): string {
  const values: Record<string, string | number> = {
    version: 5,
    start: Math.floor(at.getTime() / 1000),
    end: Math.floor(at.getTime() / 1000) + 60,
    action: 'ACCEPT',
    'log-status': 'OK',
    protocol: 6,
    ...flow,
  };
  return fieldsOf(ADVICE_FORMAT)
    .map((f) => String(values[f] ?? '-'))
    .join(' ');
}

/** Writes records to an interface's stream (`<eni>-all`, as VPC Flow Logs names it), at `at`. */
export async function writeRecords(c: Clients, group: string, interfaceId: string, flows: Flow[], at: Date) {
  const stream = `${interfaceId}-all`;
  await c.logs
    .send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }))
    .catch(() => undefined);
  for (let i = 0; i < flows.length; i += 5000)
    await c.logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        logEvents: flows
          .slice(i, i + 5000)
          .map((f) => ({ timestamp: at.getTime(), message: recordLine(f, at) })),
      }),
    );
}

/** Resolver query log records (JSON) in a group of their own. */
export async function writeQueries(
  c: Clients,
  group: string,
  queries: { vpcId: string; name: string; answer: string }[],
  at: Date,
) {
  await c.logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch(() => undefined);
  await c.logs
    .send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'resolver' }))
    .catch(() => undefined);
  await c.logs.send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: 'resolver',
      logEvents: queries.map((q) => ({
        timestamp: at.getTime(),
        message: JSON.stringify({
          version: '1.100000',
          account_id: '123456789012',
          region: REGION,
          vpc_id: q.vpcId,
          query_timestamp: at.toISOString(),
          query_name: `${q.name}.`,
          query_type: 'A',
          query_class: 'IN',
          rcode: 'NOERROR',
          answers: [{ Rdata: q.answer, Type: 'A', Class: 'IN' }],
          srcaddr: '10.0.1.30',
          srcport: '53000',
          transport: 'UDP',
        }),
      })),
    }),
  );
}

/** The NAT gateway's own byte counts, as CloudWatch keeps them (AWS/NATGateway). */
export async function natMetrics(c: Clients, natGatewayId: string, out: number, back: number, at: Date) {
  await c.cloudWatch.send(
    new PutMetricDataCommand({
      Namespace: 'AWS/NATGateway',
      MetricData: [
        {
          MetricName: 'BytesOutToDestination',
          Value: out,
          Timestamp: at,
          Dimensions: [{ Name: 'NatGatewayId', Value: natGatewayId }],
        },
        {
          MetricName: 'BytesInFromDestination',
          Value: back,
          Timestamp: at,
          Dimensions: [{ Name: 'NatGatewayId', Value: natGatewayId }],
        },
      ],
    }),
  );
}

/**
 * A flow log to S3 for the VPC, in the advice's format, and its records as one delivered file: gzipped
 * text, the field names on its first line, at the path and name VPC Flow Logs gives it
 * (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html).
 */
export async function s3FlowLog(c: Clients, vpcId: string, bucket: string) {
  await c.s3.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => undefined);
  await c.ec2.send(
    new CreateFlowLogsCommand({
      ResourceIds: [vpcId],
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 's3',
      LogDestination: `arn:aws:s3:::${bucket}/flows/`,
      LogFormat: ADVICE_FORMAT,
    }),
  );
  const { FlowLogs } = await c.ec2.send(
    new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [vpcId] }] }),
  );
  const flowLogId = FlowLogs?.[0]?.FlowLogId ?? '';
  return {
    createdAt: FlowLogs?.[0]?.CreationTime ?? new Date(),
    deliver: async (flows: Flow[], at: Date) => {
      const [yyyy, mm, dd] = at.toISOString().slice(0, 10).split('-');
      const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, '');
      const key = `flows/AWSLogs/123456789012/vpcflowlogs/${REGION}/${yyyy}/${mm}/${dd}/123456789012_vpcflowlogs_${REGION}_${flowLogId}_${stamp}Z_0a1b2c3d.log.gz`;
      const header = fieldsOf(ADVICE_FORMAT).join(' ');
      const body = gzipSync([header, ...flows.map((f) => recordLine(f, at))].join('\n') + '\n');
      await c.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
  };
}
