import {
  CreateVpcEndpointCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  ModifyVpcEndpointCommand,
  type CreateVpcEndpointCommandInput,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { installSimEc2, SimEc2 } from '../support/sim-ec2/api';
import { PUBLISHED_BUCKETS } from '../support/sim-ec2/simulator';

/** The simulated EC2 is where AWS behaviours our correctness depends on are proven: it must be right. */

const ec2Mock = mockClient(EC2Client);
const client = new EC2Client({ region: 'us-east-1' });

function setup(options: ConstructorParameters<typeof SimEc2>[0] = {}) {
  const sim = new SimEc2({ throttling: false, ...options });
  sim.addDefaultOffers();
  const vpc = sim.addVpc({ azs: 3 });
  installSimEc2(sim, ec2Mock);
  const create = (input: Partial<CreateVpcEndpointCommandInput>) =>
    client.send(
      new CreateVpcEndpointCommand({
        VpcId: vpc.vpcId,
        ServiceName: sim.serviceName('ssm'),
        VpcEndpointType: 'Interface',
        SubnetIds: vpc.privateSubnets,
        ...input,
      }),
    );
  return { sim, vpc, create };
}

const stateOf = async (id: string) =>
  (
    await client.send(
      new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-endpoint-id', Values: [id] }] }),
    )
  ).VpcEndpoints?.[0]?.State;

describe('the simulated EC2', () => {
  it('moves endpoints from pending to available on its virtual clock, answering PascalCase states', async () => {
    const { sim, create } = setup();
    const out = await create({});
    const id = out.VpcEndpoint?.VpcEndpointId ?? '';
    expect(out.VpcEndpoint?.State).toBe('Pending');
    sim.clock.advance(sim.options.pendingMs.Interface - 1);
    expect(await stateOf(id)).toBe('Pending');
    sim.clock.advance(1);
    expect(await stateOf(id)).toBe('Available');
  });

  it('sends endpoints of a failing service to failed, with a reason', async () => {
    const { sim, create } = setup();
    sim.failingServices.add(sim.serviceName('ssm'));
    const id = (await create({})).VpcEndpoint?.VpcEndpointId ?? '';
    sim.clock.advance(sim.options.failingMs);
    const described = await client.send(new DescribeVpcEndpointsCommand({}));
    expect(described.VpcEndpoints?.[0]).toMatchObject({
      VpcEndpointId: id,
      State: 'Failed',
      LastError: { Code: 'InternalError' },
    });
  });

  it('honours ClientToken: same token and parameters give the same endpoint, changed parameters an error', async () => {
    const { sim, create } = setup();
    const a = await create({ ClientToken: 't-1' });
    const b = await create({ ClientToken: 't-1' });
    expect(b.VpcEndpoint?.VpcEndpointId).toBe(a.VpcEndpoint?.VpcEndpointId);
    expect(sim.endpoints.size).toBe(1);
    await expect(create({ ClientToken: 't-1', PrivateDnsEnabled: false })).rejects.toMatchObject({
      name: 'IdempotentParameterMismatch',
    });
  });

  it('refuses two subnets in one Availability Zone', async () => {
    const { vpc, create } = setup();
    await expect(
      create({ SubnetIds: [vpc.privateSubnets[0] ?? '', vpc.publicSubnets[0] ?? ''] }),
    ).rejects.toMatchObject({
      name: 'DuplicateSubnetsInSameZone',
    });
  });

  it('refuses a second private-DNS endpoint for a service with a conflicting DNS domain', async () => {
    const { create } = setup();
    await create({});
    await expect(create({})).rejects.toMatchObject({
      name: 'InvalidParameter',
      message: expect.stringMatching(/conflicting DNS domain/),
    });
    await expect(create({ PrivateDnsEnabled: false })).resolves.toBeDefined();
  });

  it('refuses private DNS unless both VPC DNS attributes are on', async () => {
    const { sim, vpc, create } = setup();
    const record = sim.vpcs.get(vpc.vpcId);
    if (record) record.dnsHostnames = false;
    await expect(create({})).rejects.toMatchObject({
      message: expect.stringMatching(/enableDnsSupport and enableDnsHostnames/),
    });
  });

  it('refuses to modify an endpoint still pending, and hides a new endpoint from describes for the lag', async () => {
    const { sim, vpc } = setup({ describeLagMs: 30_000 });
    const out = await client.send(
      new CreateVpcEndpointCommand({
        VpcId: vpc.vpcId,
        ServiceName: sim.serviceName('s3'),
        VpcEndpointType: 'Gateway',
        RouteTableIds: [vpc.mainRouteTable],
      }),
    );
    const id = out.VpcEndpoint?.VpcEndpointId ?? '';
    await expect(
      client.send(
        new ModifyVpcEndpointCommand({ VpcEndpointId: id, AddRouteTableIds: [vpc.publicRouteTable] }),
      ),
    ).rejects.toMatchObject({ name: 'IncorrectState' });
    const listed = async () =>
      (
        await client.send(
          new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.vpcId] }] }),
        )
      ).VpcEndpoints ?? [];
    expect(await listed()).toEqual([]);
    await expect(
      client.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] })),
    ).rejects.toMatchObject({
      name: 'InvalidVpcEndpointId.NotFound',
    });
    sim.clock.advance(30_000);
    expect((await listed()).map((e) => e.VpcEndpointId)).toEqual([id]);
  });

  it('adds and removes the prefix-list route when route tables are associated with a gateway endpoint', async () => {
    const { sim, vpc } = setup();
    const pl = sim.prefixLists.get(sim.serviceName('s3'));
    const out = await client.send(
      new CreateVpcEndpointCommand({
        VpcId: vpc.vpcId,
        ServiceName: sim.serviceName('s3'),
        VpcEndpointType: 'Gateway',
        RouteTableIds: [vpc.mainRouteTable],
      }),
    );
    const id = out.VpcEndpoint?.VpcEndpointId ?? '';
    const routesOf = (rtb: string) =>
      sim.routeTables.get(rtb)?.routes.filter((r) => r.DestinationPrefixListId === pl);
    expect(routesOf(vpc.mainRouteTable)).toEqual([
      expect.objectContaining({ GatewayId: id, State: 'active' }),
    ]);
    sim.clock.advance(10_000); // a pending endpoint refuses changes: wait until it is available
    await client.send(
      new ModifyVpcEndpointCommand({
        VpcEndpointId: id,
        AddRouteTableIds: [vpc.publicRouteTable],
        RemoveRouteTableIds: [vpc.mainRouteTable],
      }),
    );
    expect(routesOf(vpc.mainRouteTable)).toEqual([]);
    expect(routesOf(vpc.publicRouteTable)).toHaveLength(1);
  });

  it('pages Describe answers with NextToken', async () => {
    const { vpc } = setup({ pageSize: 4 });
    const first = await client.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.vpcId] }] }),
    );
    expect(first.Subnets).toHaveLength(4);
    const second = await client.send(
      new DescribeSubnetsCommand({
        Filters: [{ Name: 'vpc-id', Values: [vpc.vpcId] }],
        NextToken: first.NextToken,
      }),
    );
    expect(second.Subnets).toHaveLength(2);
    expect(second.NextToken).toBeUndefined();
  });

  it('throttles endpoint mutations at the published 4 burst and 0.3 per second', async () => {
    const { sim } = setup({ throttling: true });
    expect(PUBLISHED_BUCKETS.endpoint).toEqual([4, 0.3]);
    for (let i = 0; i < 4; i += 1) sim.admit('CreateVpcEndpoint');
    expect(() => sim.admit('CreateVpcEndpoint')).toThrow(
      expect.objectContaining({ name: 'RequestLimitExceeded' }),
    );
    sim.clock.advance(3_333);
    expect(() => sim.admit('ModifyVpcEndpoint')).toThrow(
      expect.objectContaining({ name: 'RequestLimitExceeded' }),
    );
    sim.clock.advance(34);
    expect(() => sim.admit('DeleteVpcEndpoints')).not.toThrow();
  });

  it('throttles reads at 100 burst and 20 per second, apart from mutations', () => {
    const { sim } = setup({ throttling: true });
    for (let i = 0; i < 100; i += 1) sim.admit('DescribeSubnets');
    expect(() => sim.admit('DescribeVpcs')).toThrow(
      expect.objectContaining({ name: 'RequestLimitExceeded' }),
    );
    expect(() => sim.admit('CreateSecurityGroup')).not.toThrow();
    sim.clock.advance(50);
    expect(() => sim.admit('DescribeVpcs')).not.toThrow();
  });

  it('injects failures and latency on demand', async () => {
    const { sim, create } = setup({ latencyMs: 25 });
    sim.failNext('CreateVpcEndpoint', 'InternalError');
    const before = sim.clock.now();
    await expect(create({})).rejects.toMatchObject({ name: 'InternalError', $fault: 'server' });
    await expect(create({})).resolves.toBeDefined();
    expect(sim.clock.now() - before).toBe(50);
  });

  it('fails loudly on a command it does not implement', async () => {
    setup();
    const { DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
    await expect(client.send(new DescribeInstancesCommand({}))).rejects.toThrow(
      /does not implement this command/,
    );
  });
});
