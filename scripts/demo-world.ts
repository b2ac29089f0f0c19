import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  AcceptVpcPeeringConnectionCommand,
  AttachInternetGatewayCommand,
  AssociateRouteTableCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteInternetGatewayCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  ModifyVpcAttributeCommand,
  CreateVpcEndpointServiceConfigurationCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';

export interface DemoVpc {
  vpcId: string;
  cidr: string;
  publicSubnets: string[];
  privateSubnets: string[];
  publicRouteTable: string;
  privateRouteTables: string[];
}

/**
 * A realistic VPC, built through the EC2 API as a person would: DNS attributes on, an internet gateway,
 * per AZ a public subnet (shared route table, 0.0.0.0/0 → igw) and a private subnet with its own route table.
 */
export async function buildRealisticVpc(
  ec2: EC2Client,
  region: string,
  azs = 3,
  cidr = '10.42.0.0/16',
): Promise<DemoVpc> {
  const [a, b] = cidr.split('.');
  const vpc = await ec2.send(
    new CreateVpcCommand({
      CidrBlock: cidr,
      TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'demo-workloads' }] }],
    }),
  );
  const vpcId = vpc.Vpc?.VpcId ?? '';
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  const igw = await ec2.send(new CreateInternetGatewayCommand({}));
  const igwId = igw.InternetGateway?.InternetGatewayId ?? '';
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
  const publicRt = await ec2.send(
    new CreateRouteTableCommand({
      VpcId: vpcId,
      TagSpecifications: [{ ResourceType: 'route-table', Tags: [{ Key: 'Name', Value: 'public' }] }],
    }),
  );
  const publicRouteTable = publicRt.RouteTable?.RouteTableId ?? '';
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: publicRouteTable,
      DestinationCidrBlock: '0.0.0.0/0',
      GatewayId: igwId,
    }),
  );
  const world: DemoVpc = {
    vpcId,
    cidr,
    publicSubnets: [],
    privateSubnets: [],
    publicRouteTable,
    privateRouteTables: [],
  };
  for (let i = 0; i < azs; i += 1) {
    const az = `${region}${'abcdef'[i]}`;
    const pub = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        AvailabilityZone: az,
        CidrBlock: `${a}.${b}.${i}.0/24`,
        TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: `public-${az}` }] }],
      }),
    );
    const pubId = pub.Subnet?.SubnetId ?? '';
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicRouteTable, SubnetId: pubId }));
    world.publicSubnets.push(pubId);
    const priv = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        AvailabilityZone: az,
        CidrBlock: `${a}.${b}.${100 + i}.0/24`,
        TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: `private-${az}` }] }],
      }),
    );
    const privId = priv.Subnet?.SubnetId ?? '';
    const rt = await ec2.send(
      new CreateRouteTableCommand({
        VpcId: vpcId,
        TagSpecifications: [{ ResourceType: 'route-table', Tags: [{ Key: 'Name', Value: `private-${az}` }] }],
      }),
    );
    const rtId = rt.RouteTable?.RouteTableId ?? '';
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtId, SubnetId: privId }));
    world.privateSubnets.push(privId);
    world.privateRouteTables.push(rtId);
  }
  return world;
}

/**
 * Another team's service behind an internal Network Load Balancer in `subnetIds`, offered as an endpoint
 * service (no acceptance): what `endpointServices` allow-lists by its name. The load balancer is made with
 * one ELBv2 Query API call to moto (this project has no ELBv2 client: its registry lags the EC2 client's
 * @smithy set), the endpoint service through EC2.
 */
export async function endpointServiceOnNlb(
  ec2: EC2Client,
  endpoint: string,
  region: string,
  subnetIds: string[],
): Promise<string> {
  const form = new URLSearchParams({
    Action: 'CreateLoadBalancer',
    Version: '2015-12-01',
    Name: 'orders-nlb',
    Type: 'network',
    Scheme: 'internal',
  });
  subnetIds.forEach((id, i) => form.set(`Subnets.member.${i + 1}`, id));
  const answer = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      // moto routes a request by the service its credential scope names; it checks no signature.
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${region}/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: form.toString(),
  });
  const arn = /<LoadBalancerArn>([^<]+)<\/LoadBalancerArn>/.exec(await answer.text())?.[1];
  if (!arn) throw new Error(`the demo's load balancer was not made (HTTP ${answer.status})`);
  const config = await ec2.send(
    new CreateVpcEndpointServiceConfigurationCommand({
      NetworkLoadBalancerArns: [arn],
      AcceptanceRequired: false,
    }),
  );
  const name = config.ServiceConfiguration?.ServiceName;
  if (!name) throw new Error("the demo's endpoint service was not made");
  return name;
}

/**
 * Credentials of a person in another account, on moto: moto maps the keys of an assumed role to the
 * role's account (the role need not exist there).
 */
export async function memberCredentials(accountId: string, region: string) {
  const { Credentials: c } = await new STSClient({ region }).send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/admin`, RoleSessionName: 'demo' }),
  );
  return {
    accessKeyId: c?.AccessKeyId ?? '',
    secretAccessKey: c?.SecretAccessKey ?? '',
    sessionToken: c?.SessionToken,
  };
}

/** EC2 as a person in another account sees it, on moto. */
export async function memberEc2(accountId: string, region: string): Promise<EC2Client> {
  return new EC2Client({ region, credentials: await memberCredentials(accountId, region) });
}

/**
 * Removes a VPC built by buildRealisticVpc, and whatever else is left in it that EC2 would refuse to delete
 * it for: its internet gateways, route tables (but the main one), subnets and groups (but the default).
 */
export async function deleteRealisticVpc(ec2: EC2Client, vpcId: string): Promise<void> {
  const inVpc = [{ Name: 'vpc-id', Values: [vpcId] }];
  const gateways = await ec2.send(
    new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] }),
  );
  for (const g of gateways.InternetGateways ?? []) {
    const id = g.InternetGatewayId ?? '';
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: id, VpcId: vpcId }));
    await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: id }));
  }
  const tables = (await ec2.send(new DescribeRouteTablesCommand({ Filters: inVpc }))).RouteTables ?? [];
  for (const t of tables.filter((x) => !(x.Associations ?? []).some((a) => a.Main))) {
    for (const a of t.Associations ?? [])
      if (a.RouteTableAssociationId)
        await ec2.send(new DisassociateRouteTableCommand({ AssociationId: a.RouteTableAssociationId }));
    await ec2.send(new DeleteRouteTableCommand({ RouteTableId: t.RouteTableId }));
  }
  for (const s of (await ec2.send(new DescribeSubnetsCommand({ Filters: inVpc }))).Subnets ?? [])
    await ec2.send(new DeleteSubnetCommand({ SubnetId: s.SubnetId }));
  for (const g of (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: inVpc }))).SecurityGroups ??
    [])
    if (g.GroupName !== 'default') await ec2.send(new DeleteSecurityGroupCommand({ GroupId: g.GroupId }));
  await ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
}

/** A real-shaped event from the fixtures the tests use: what EventBridge delivers to the trigger. */
export const fixtureEvent = (name: string) =>
  JSON.parse(readFileSync(join(__dirname, `../tests/fixtures/events/${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;

/**
 * The spoke's private subnets reach the central VPC through a peering connection, accepted; `across`: the
 * central VPC is another account's (it accepts with its own EC2).
 */
export async function peer(
  ec2: EC2Client,
  spoke: DemoVpc,
  central: DemoVpc,
  across?: { ec2: EC2Client; accountId: string },
): Promise<string> {
  const made = await ec2.send(
    new CreateVpcPeeringConnectionCommand({
      VpcId: spoke.vpcId,
      PeerVpcId: central.vpcId,
      ...(across ? { PeerOwnerId: across.accountId } : {}),
    }),
  );
  const pcx = made.VpcPeeringConnection?.VpcPeeringConnectionId ?? '';
  await (across?.ec2 ?? ec2).send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcx }));
  for (const RouteTableId of spoke.privateRouteTables)
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId,
        DestinationCidrBlock: central.cidr,
        VpcPeeringConnectionId: pcx,
      }),
    );
  return pcx;
}
