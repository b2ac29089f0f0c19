import { CreateTagsCommand, DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListHostedZonesByVPCCommand, Route53Client } from '@aws-sdk/client-route-53';
import { OWNER_TAG } from '../../lib/domain/config';
import type { ExecutionResult } from '../../lib/workflow/result-document';
import { buildRealisticVpc, peer, type DemoVpc } from '../../scripts/demo-world';
import { loadEvent } from '../support/fixtures';
import { useLocalStack, useMoto } from '../support/moto';

/**
 * Centralized endpoints over HTTP against moto server: a central VPC and a spoke peered with it, each
 * tagged, each tag event through the real trigger, lock and state machine (run in-process). moto serves
 * the hosted zones, their tags, records and VPC associations, the peering and the routes.
 */
const REGION = 'us-east-1';
const STACK = 'privatelink-it';
const moto = useMoto();
const ec2 = new EC2Client({ region: REGION });
const route53 = new Route53Client({ region: REGION });
const stack = useLocalStack(moto, {
  region: REGION,
  stackName: STACK,
  config: { probe: { enabled: false }, central: {} },
  fresh: 'once',
});

async function tagAndRun(vpc: DemoVpc, tags: Record<string, string>, id: string): Promise<ExecutionResult> {
  await ec2.send(
    new CreateTagsCommand({
      Resources: [vpc.vpcId],
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  const event = loadEvent('tag-change-vpc');
  event.resources = [`arn:aws:ec2:${REGION}:123456789012:vpc/${vpc.vpcId}`];
  event.id = id;
  await stack().deliver(event);
  const [run] = await stack().runExecutions();
  expect({ status: run?.status, error: run?.error, cause: run?.cause }).toEqual({
    status: 'SUCCEEDED',
    error: undefined,
    cause: undefined,
  });
  return run?.result as ExecutionResult;
}

const zoneNamesOf = async (vpcId: string) =>
  (
    (await route53.send(new ListHostedZonesByVPCCommand({ VPCId: vpcId, VPCRegion: REGION })))
      .HostedZoneSummaries ?? []
  )
    .map((z) => (z.Name ?? '').replace(/\.$/, ''))
    .sort();

describe('a central VPC and a peered spoke on moto', () => {
  it('serves the spoke its shared services through our zones, with no endpoint of its own', async () => {
    const central = await buildRealisticVpc(ec2, REGION, 2, '10.80.0.0/16');
    const spoke = await buildRealisticVpc(ec2, REGION, 2, '10.81.0.0/16');
    await peer(ec2, spoke, central);
    const names = ['logs.us-east-1.amazonaws.com', 'ssm.us-east-1.amazonaws.com'];

    await tagAndRun(
      central,
      { 'privatelink:services': 'ssm, logs', 'privatelink:share': 'all' },
      'it-central',
    );
    expect(await zoneNamesOf(central.vpcId)).toEqual(names);
    const result = await tagAndRun(
      spoke,
      { 'privatelink:services': 'ssm, logs, s3', 'privatelink:use': 'central' },
      'it-spoke',
    );

    expect(result.status).toBe('succeeded');
    expect(result.services.map((s) => [s.service, s.action, s.servedBy]).sort()).toEqual([
      ['logs', 'served', central.vpcId],
      ['s3', 'created', undefined],
      ['ssm', 'served', central.vpcId],
    ]);
    expect(await zoneNamesOf(spoke.vpcId)).toEqual(names);
    const own = await ec2.send(
      new DescribeVpcEndpointsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [spoke.vpcId] },
          { Name: `tag:${OWNER_TAG}`, Values: [STACK] },
        ],
      }),
    );
    expect((own.VpcEndpoints ?? []).map((e) => e.VpcEndpointType)).toEqual(['Gateway']);
  });
});
