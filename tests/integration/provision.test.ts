import {
  AuthorizeSecurityGroupIngressCommand,
  CreateTagsCommand,
  CreateVpcEndpointCommand,
  DeleteTagsCommand,
  DeleteVpcEndpointsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  ModifyVpcEndpointCommand,
  type CreateVpcEndpointCommandInput,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { driftCommand } from '../../cli/commands';
import { OWNER_TAG } from '../../lib/domain/config';
import type { ExecutionResult } from '../../lib/workflow/result-document';
import { buildRealisticVpc, type DemoVpc } from '../../scripts/demo-world';
import { openLocalStack, type LocalStack } from '../../scripts/local-stack';
import { presentationFor } from '../../cli/output';
import { loadEvent } from '../support/fixtures';
import { useMoto } from '../support/moto';

/**
 * Whole scenarios over HTTP against moto server: the real SDK, the real trigger and state machine (run
 * in-process), an AWS implementation we did not write. Where moto lacks what a behaviour needs, the test
 * name says so and the simulated-EC2 workflow layer proves it instead.
 */

const REGION = 'us-east-1';
const STACK = 'privatelink-it';
const EIGHT = 's3, dynamodb, ssm, ssmmessages, ec2messages, ecr.api, ecr.dkr, logs';
const moto = useMoto();
const ec2 = new EC2Client({ region: REGION });
const silent = { out: () => undefined, err: () => undefined };

let stack: LocalStack;
let vpc: DemoVpc;

beforeEach(async () => {
  await moto.server().reset();
  stack = await openLocalStack({
    endpointUrl: moto.server().endpoint,
    region: REGION,
    stackName: STACK,
    io: silent,
  });
  vpc = await buildRealisticVpc(ec2, REGION);
});

async function tag(services: string | undefined) {
  if (services === undefined) {
    await ec2.send(
      new DeleteTagsCommand({ Resources: [vpc.vpcId], Tags: [{ Key: 'privatelink:services' }] }),
    );
  } else {
    await ec2.send(
      new CreateTagsCommand({
        Resources: [vpc.vpcId],
        Tags: [{ Key: 'privatelink:services', Value: services }],
      }),
    );
  }
}

/** The fixture Tag Change event, naming this VPC: what EventBridge would deliver after `tag()`. */
function tagChangeEvent(): Record<string, unknown> {
  const event = loadEvent('tag-change-vpc');
  event.resources = [`arn:aws:ec2:${REGION}:123456789012:vpc/${vpc.vpcId}`];
  event.id = `it-${Math.random().toString(16).slice(2)}`;
  return event;
}

async function provision(): Promise<ExecutionResult> {
  await stack.deliver(tagChangeEvent());
  const runs = await stack.runExecutions();
  const last = runs.at(-1);
  expect({ status: last?.status, error: last?.error, cause: last?.cause }).toEqual({
    status: 'SUCCEEDED',
    error: undefined,
    cause: undefined,
  });
  return last?.result as ExecutionResult;
}

async function endpoints(): Promise<VpcEndpoint[]> {
  const out = await ec2.send(
    new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.vpcId] }] }),
  );
  return (out.VpcEndpoints ?? []).filter((e) => (e.State ?? '').toLowerCase() !== 'deleted');
}
/** An interface endpoint made outside the product, in the first private subnet, as someone else would. */
function foreignEndpoint(service: string, extra: Partial<CreateVpcEndpointCommandInput> = {}) {
  return ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: vpc.vpcId,
      ServiceName: `com.amazonaws.${REGION}.${service}`,
      VpcEndpointType: 'Interface',
      SubnetIds: [vpc.privateSubnets[0] ?? ''],
      ...extra,
    }),
  );
}

const managed = (list: VpcEndpoint[]) =>
  list.filter((e) => e.Tags?.some((t) => t.Key === OWNER_TAG && t.Value === STACK));
const short = (e: VpcEndpoint) => (e.ServiceName ?? '').split('.').slice(3).join('.');

async function managedGroup() {
  const out = await ec2.send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: `tag:${OWNER_TAG}`, Values: [STACK] }] }),
  );
  return out.SecurityGroups ?? [];
}

describe('a realistic VPC tagged for eight services', () => {
  it('gets gateway endpoints with prefix-list routes, interface endpoints one subnet per AZ with private DNS, and exactly the wanted group rules', async () => {
    await tag(EIGHT);
    const result = await provision();

    expect(result.totals).toMatchObject({ created: 8, checksFailed: 0 });
    const all = managed(await endpoints());
    expect(all.map(short).sort()).toEqual([
      'dynamodb',
      'ec2messages',
      'ecr.api',
      'ecr.dkr',
      'logs',
      's3',
      'ssm',
      'ssmmessages',
    ]);

    const tables =
      (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.vpcId] }] })))
        .RouteTables ?? [];
    expect(tables).toHaveLength(5);
    for (const gateway of all.filter((e) => e.VpcEndpointType === 'Gateway')) {
      expect([...(gateway.RouteTableIds ?? [])].sort()).toEqual(tables.map((t) => t.RouteTableId).sort());
      for (const table of tables) {
        const route = table.Routes?.find((r) => r.GatewayId === gateway.VpcEndpointId);
        expect(route?.DestinationPrefixListId).toMatch(/^pl-/);
      }
    }
    const subnets =
      (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: vpc.privateSubnets }))).Subnets ?? [];
    const [group, ...extraGroups] = await managedGroup();
    expect(extraGroups).toEqual([]);
    for (const e of all.filter((x) => x.VpcEndpointType === 'Interface')) {
      expect([...(e.SubnetIds ?? [])].sort()).toEqual([...vpc.privateSubnets].sort());
      const zones = (e.SubnetIds ?? []).map((id) => subnets.find((s) => s.SubnetId === id)?.AvailabilityZone);
      expect(new Set(zones).size).toBe(zones.length);
      expect(e.PrivateDnsEnabled).toBe(true);
      expect(e.Groups?.map((g) => g.GroupId)).toEqual([group?.GroupId]);
    }
    expect(group?.IpPermissions).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        IpRanges: [expect.objectContaining({ CidrIp: vpc.cidr })],
      }),
    ]);
  });

  it('changes nothing on a second run', async () => {
    await tag(EIGHT);
    await provision();
    const before = JSON.stringify(await endpoints());
    const groupsBefore = JSON.stringify(await managedGroup());

    const again = await provision();

    expect(again.totals).toMatchObject({ unchanged: 8, created: 0, modified: 0, deleted: 0 });
    expect(again.apiCalls.mutating).toBe(0);
    expect(JSON.stringify(await endpoints())).toBe(before);
    expect(JSON.stringify(await managedGroup())).toBe(groupsBefore);
  });
});

describe('a private hosted zone associated with the VPC', () => {
  it('is named as a conflict and nothing is made (Route 53 on moto)', async () => {
    const route53 = new Route53Client({ region: REGION });
    const zone = await route53.send(
      new CreateHostedZoneCommand({
        Name: `ssm.${REGION}.amazonaws.com`,
        CallerReference: `it-${Math.random()}`,
        VPC: { VPCId: vpc.vpcId, VPCRegion: REGION },
        HostedZoneConfig: { PrivateZone: true, Comment: 'a centralized-endpoints zone' },
      }),
    );
    const zoneId = (zone.HostedZone?.Id ?? '').replace('/hostedzone/', '');
    await tag('ssm, logs');

    await stack.deliver(tagChangeEvent());
    const [run] = await stack.runExecutions();

    expect(run?.status).toBe('FAILED');
    expect(run?.error).toBe('DnsConflictError');
    expect(run?.cause).toContain(`ssm.${REGION}.amazonaws.com (ssm) is answered by hosted zone ${zoneId}`);
    expect(managed(await endpoints())).toEqual([]);
    expect(await managedGroup()).toEqual([]);
  });
});

describe('changing the tags', () => {
  it('prunes our endpoint for a service that left the tag, and only that one', async () => {
    await tag('s3, ssm, logs');
    await provision();
    const keep = managed(await endpoints()).filter((e) => short(e) !== 'logs');

    await tag('s3, ssm');
    const result = await provision();

    expect(result.totals).toMatchObject({ deleted: 1, unchanged: 2 });
    const left = managed(await endpoints());
    expect(left.map(short).sort()).toEqual(['s3', 'ssm']);
    expect(left.map((e) => e.VpcEndpointId).sort()).toEqual(keep.map((e) => e.VpcEndpointId).sort());
  });

  it('adopts an endpoint made outside the product and leaves it untouched byte for byte', async () => {
    const theirs = await foreignEndpoint('ssm', {
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'Name', Value: 'network-team' }] }],
    });
    const id = theirs.VpcEndpoint?.VpcEndpointId ?? '';
    const before = JSON.stringify((await endpoints()).find((e) => e.VpcEndpointId === id));
    await tag('ssm, logs');

    const result = await provision();

    expect(result.services.find((s) => s.service === 'ssm')).toMatchObject({
      action: 'adopted',
      endpointId: id,
    });
    expect(JSON.stringify((await endpoints()).find((e) => e.VpcEndpointId === id))).toBe(before);
    expect(managed(await endpoints()).map(short)).toEqual(['logs']);
  });

  it('removes only what the product made when the VPC opts out', async () => {
    await tag('s3, ssm, logs');
    await provision();
    const theirs = await foreignEndpoint('sts', { SubnetIds: [vpc.privateSubnets[1] ?? ''] });

    await tag(undefined);
    const deleteTags = loadEvent('cloudtrail-delete-tags-vpc');
    (
      deleteTags.detail as { requestParameters: { resourcesSet: { items: { resourceId: string }[] } } }
    ).requestParameters.resourcesSet.items = [{ resourceId: vpc.vpcId }];
    await stack.deliver(deleteTags);
    const [run] = await stack.runExecutions();

    expect(run?.status).toBe('SUCCEEDED');
    expect(managed(await endpoints())).toEqual([]);
    expect(await managedGroup()).toEqual([]);
    expect((await endpoints()).map((e) => e.VpcEndpointId)).toEqual([theirs.VpcEndpoint?.VpcEndpointId]);
  });
});

describe('drift', () => {
  it('finds an open group rule, a dissociated route table and a deleted endpoint, and repairs them', async () => {
    await tag('s3, ssm, logs');
    await provision();
    const [group] = await managedGroup();
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: group?.GroupId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        ],
      }),
    );
    const s3 = managed(await endpoints()).find((e) => short(e) === 's3');
    await ec2.send(
      new ModifyVpcEndpointCommand({
        VpcEndpointId: s3?.VpcEndpointId,
        RemoveRouteTableIds: [vpc.publicRouteTable],
      }),
    );
    const logs = managed(await endpoints()).find((e) => short(e) === 'logs');
    await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [logs?.VpcEndpointId ?? ''] }));
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: () => undefined };
    const env = { ...stack.env, ...presentationFor({ json: true }, io), io };

    expect(await driftCommand({}, env)).toBe(3);
    const kinds = (
      JSON.parse(out[0] ?? '{}') as { drifted: { findings: { kind: string }[] }[] }
    ).drifted.flatMap((d) => d.findings.map((f) => f.kind));
    expect(kinds.sort()).toEqual(['missing-endpoint', 'route-table-association', 'security-group-rules']);

    // Repaired, read back by a second check after the local runs: exit 0.
    expect(await driftCommand({ remediate: true, local: true }, env)).toBe(0);
    expect(await driftCommand({}, env)).toBe(0);
    expect(
      (await managedGroup())[0]?.IpPermissions?.flatMap((p) => p.IpRanges?.map((r) => r.CidrIp)),
    ).toEqual([vpc.cidr]);
    expect(
      managed(await endpoints())
        .map(short)
        .sort(),
    ).toEqual(['logs', 's3', 'ssm']);
  });
});

describe('moto gaps, proven in the simulated-EC2 workflow layer instead', () => {
  it('moto gap: endpoints are available at once, never pending (the wait loop is exercised in tests/workflow)', async () => {
    const out = await foreignEndpoint('kms');
    expect((out.VpcEndpoint?.State ?? '').toLowerCase()).toBe('available');
  });

  it('moto gap: ClientToken is not honoured, one token makes two endpoints (idempotency is proven in tests/unit/sim-ec2)', async () => {
    const request = { PrivateDnsEnabled: false, ClientToken: 'same-token' };
    const a = await foreignEndpoint('kms', request);
    const b = await foreignEndpoint('kms', request);
    expect(a.VpcEndpoint?.VpcEndpointId).not.toBe(b.VpcEndpoint?.VpcEndpointId);
  });

  it('moto gap: a second private-DNS endpoint for one service is accepted (the conflict is proven in tests/unit/sim-ec2)', async () => {
    await foreignEndpoint('kms', { PrivateDnsEnabled: true });
    await expect(foreignEndpoint('kms', { PrivateDnsEnabled: true })).resolves.toBeDefined();
  });
});
