import {
  CreateFlowLogsCommand,
  CreateVpcEndpointCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  ModifyVpcEndpointCommand,
} from '@aws-sdk/client-ec2';
import {
  AssociateVPCWithHostedZoneCommand,
  CreateHostedZoneCommand,
  CreateVPCAssociationAuthorizationCommand,
  DeleteVPCAssociationAuthorizationCommand,
  DisassociateVPCFromHostedZoneCommand,
  GetHostedZoneCommand,
  ListHostedZonesByVPCCommand,
  ListVPCAssociationAuthorizationsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchClient, GetMetricDataCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { buildRealisticVpc, memberCredentials } from '../../scripts/demo-world';
import { useMoto } from '../support/moto';

/**
 * The local AWS as scripts/moto_server.py launches it: each patch does what AWS documents where moto alone
 * does not (docs/architecture.md, "Moto gaps").
 */
const moto = useMoto();
const ec2 = new EC2Client({ region: 'us-east-1' });

/** A fresh moto world with a realistic VPC and one interface endpoint in it, made as asked. */
async function endpointMade(service: string, privateDns?: boolean): Promise<string> {
  await moto.server().reset();
  const vpc = await buildRealisticVpc(ec2, 'us-east-1');
  const made = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: vpc.vpcId,
      ServiceName: `com.amazonaws.us-east-1.${service}`,
      VpcEndpointType: 'Interface',
      SubnetIds: vpc.privateSubnets.slice(0, 1),
      ...(privateDns === undefined ? {} : { PrivateDnsEnabled: privateDns }),
    }),
  );
  return made.VpcEndpoint?.VpcEndpointId ?? '';
}

describe('the local AWS the demo, npm run moto and the integration suites run on', () => {
  it('turns an interface endpoint’s private DNS on and off with ModifyVpcEndpoint, as EC2 does', async () => {
    const id = await endpointMade('ssm', false);
    const privateDns = async () =>
      (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }))).VpcEndpoints?.[0]
        ?.PrivateDnsEnabled;

    expect(await privateDns()).toBe(false);
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, PrivateDnsEnabled: true }));
    expect(await privateDns()).toBe(true);
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, PrivateDnsEnabled: false }));
    expect(await privateDns()).toBe(false);
  });

  it('takes an endpoint’s IP address type and DNS options from ModifyVpcEndpoint, as EC2 does', async () => {
    const id = await endpointMade('s3');

    await ec2.send(
      new ModifyVpcEndpointCommand({
        VpcEndpointId: id,
        IpAddressType: 'dualstack',
        DnsOptions: { DnsRecordIpType: 'dualstack', PrivateDnsOnlyForInboundResolverEndpoint: true },
      }),
    );

    const [endpoint] =
      (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }))).VpcEndpoints ?? [];
    expect(endpoint).toMatchObject({
      IpAddressType: 'dualstack',
      DnsOptions: { DnsRecordIpType: 'dualstack', PrivateDnsOnlyForInboundResolverEndpoint: true },
    });
  });

  it('keeps a resource endpoint’s configuration ARN, network interfaces and DNS name, as EC2 does', async () => {
    await moto.server().reset();
    const vpc = await buildRealisticVpc(ec2, 'us-east-1');
    const arn = 'arn:aws:vpc-lattice:us-east-1:444455556666:resourceconfiguration/rcfg-0123456789abcdef0';
    const made = await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpc.vpcId,
        VpcEndpointType: 'Resource',
        ResourceConfigurationArn: arn,
        SubnetIds: vpc.privateSubnets.slice(0, 2),
      }),
    );
    const id = made.VpcEndpoint?.VpcEndpointId ?? '';

    const [endpoint] =
      (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }))).VpcEndpoints ?? [];
    expect(endpoint).toMatchObject({ VpcEndpointType: 'Resource', ResourceConfigurationArn: arn });
    expect(endpoint?.ServiceName).toBeUndefined();
    expect(endpoint?.NetworkInterfaceIds).toHaveLength(2);
    expect(endpoint?.DnsEntries?.[0]?.DnsName).toBe(
      `${id}.rcfg-0123456789abcdef0.vpc-lattice-rsc.us-east-1.on.aws`,
    );
  });

  it('associates a VPC of one account with a zone of another only as authorized, as Route 53 does', async () => {
    await moto.server().reset();
    const member = '222222222222';
    const credentials = await memberCredentials(member, 'us-east-1');
    const memberEc2 = new EC2Client({ region: 'us-east-1', credentials });
    const memberRoute53 = new Route53Client({ region: 'us-east-1', credentials });
    const route53 = new Route53Client({ region: 'us-east-1' });
    const hubVpc = await buildRealisticVpc(ec2, 'us-east-1', 1, '10.90.0.0/16');
    const spoke = await buildRealisticVpc(memberEc2, 'us-east-1', 1, '10.91.0.0/16');
    const zone = await route53.send(
      new CreateHostedZoneCommand({
        Name: 'ssm.us-east-1.amazonaws.com',
        CallerReference: 'it-cross-account',
        VPC: { VPCId: hubVpc.vpcId, VPCRegion: 'us-east-1' },
        HostedZoneConfig: { PrivateZone: true },
      }),
    );
    const HostedZoneId = (zone.HostedZone?.Id ?? '').replace('/hostedzone/', '');
    const VPC = { VPCId: spoke.vpcId, VPCRegion: 'us-east-1' as const };
    const associate = () => memberRoute53.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId, VPC }));
    const zonesOfSpoke = async () =>
      (
        await memberRoute53.send(
          new ListHostedZonesByVPCCommand({ VPCId: spoke.vpcId, VPCRegion: 'us-east-1' }),
        )
      ).HostedZoneSummaries;

    await expect(associate()).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await route53.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId, VPC }));
    expect((await route53.send(new ListVPCAssociationAuthorizationsCommand({ HostedZoneId }))).VPCs).toEqual([
      VPC,
    ]);
    await associate();
    await route53.send(new DeleteVPCAssociationAuthorizationCommand({ HostedZoneId, VPC }));

    expect((await route53.send(new ListVPCAssociationAuthorizationsCommand({ HostedZoneId }))).VPCs).toEqual(
      [],
    );
    await expect(
      route53.send(new DeleteVPCAssociationAuthorizationCommand({ HostedZoneId, VPC })),
    ).rejects.toMatchObject({ name: 'VPCAssociationAuthorizationNotFound' });
    expect(await zonesOfSpoke()).toEqual([
      { HostedZoneId, Name: 'ssm.us-east-1.amazonaws.com.', Owner: { OwningAccount: '123456789012' } },
    ]);
    expect((await route53.send(new GetHostedZoneCommand({ Id: HostedZoneId }))).VPCs).toContainEqual(VPC);
    // The VPC's account may disassociate it from the other account's zone.
    await memberRoute53.send(new DisassociateVPCFromHostedZoneCommand({ HostedZoneId, VPC }));
    expect(await zonesOfSpoke()).toEqual([]);
  });

  it('reads only the log streams FilterLogEvents names by prefix, as CloudWatch Logs does', async () => {
    await moto.server().reset();
    const logs = new CloudWatchLogsClient({ region: 'us-east-1' });
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'flow' }));
    const now = Date.now();
    for (const stream of ['eni-0aaa-all', 'eni-0bbb-all']) {
      await logs.send(new CreateLogStreamCommand({ logGroupName: 'flow', logStreamName: stream }));
      await logs.send(
        new PutLogEventsCommand({
          logGroupName: 'flow',
          logStreamName: stream,
          logEvents: [{ timestamp: now, message: stream }],
        }),
      );
    }
    const read = async (logStreamNamePrefix: string) =>
      (
        await logs.send(new FilterLogEventsCommand({ logGroupName: 'flow', logStreamNamePrefix }))
      ).events?.map((e) => e.message);

    expect(await read('eni-0aaa')).toEqual(['eni-0aaa-all']);
    expect(await read('eni-0ccc')).toEqual([]);
    await expect(
      logs.send(new FilterLogEventsCommand({ logGroupName: 'gone', logStreamNamePrefix: 'eni-0aaa' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('answers CloudWatch in the AWS JSON protocol the SDK sends', async () => {
    await moto.server().reset();
    const cloudWatch = new CloudWatchClient({ region: 'us-east-1' });
    const at = new Date();
    const Metric = {
      Namespace: 'AWS/NATGateway',
      MetricName: 'BytesOutToDestination',
      Dimensions: [{ Name: 'NatGatewayId', Value: 'nat-0123456789abcdef0' }],
    };
    await cloudWatch.send(
      new PutMetricDataCommand({
        Namespace: Metric.Namespace,
        MetricData: [
          { MetricName: Metric.MetricName, Dimensions: Metric.Dimensions, Value: 42, Timestamp: at },
        ],
      }),
    );
    const { MetricDataResults } = await cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(at.getTime() - 3_600_000),
        EndTime: new Date(at.getTime() + 3_600_000),
        MetricDataQueries: [{ Id: 'm', MetricStat: { Metric, Period: 7200, Stat: 'Sum' } }],
      }),
    );
    expect(MetricDataResults?.[0]?.Values).toEqual([42]);
  });

  it('makes a flow log to a subfolder of an S3 bucket, as EC2 does', async () => {
    await moto.server().reset();
    const vpc = await buildRealisticVpc(ec2, 'us-east-1');
    await new S3Client({ region: 'us-east-1', forcePathStyle: true }).send(
      new CreateBucketCommand({ Bucket: 'flow-logs' }),
    );

    const made = await ec2.send(
      new CreateFlowLogsCommand({
        ResourceIds: [vpc.vpcId],
        ResourceType: 'VPC',
        TrafficType: 'ALL',
        LogDestinationType: 's3',
        LogDestination: 'arn:aws:s3:::flow-logs/flows/',
      }),
    );

    expect(made.Unsuccessful).toEqual([]);
    expect(made.FlowLogIds).toHaveLength(1);
  });
});
