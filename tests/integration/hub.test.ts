import {
  CreateTagsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { OWNER_TAG } from '../../lib/domain/config';
import type { ExecutionResult } from '../../lib/workflow/result-document';
import { buildRealisticVpc } from '../../scripts/demo-world';
import { openLocalStack, type LocalStack } from '../../scripts/local-stack';
import { loadEvent } from '../support/fixtures';
import { useMoto } from '../support/moto';

/**
 * A hub and two member accounts in two regions on one moto server (moto keeps accounts apart, and
 * AssumeRole credentials act in the role's account): a member's forwarded tag event converges its VPC in
 * its own account and region, through the spoke role. The hub runs in moto's default account.
 */
const HUB = '123456789012';
const MEMBER_A = { accountId: '222222222222', region: 'us-east-1' };
const MEMBER_B = { accountId: '333333333333', region: 'eu-west-1' };
const STACK = 'privatelink-hub-it';
const moto = useMoto();
const silent = { out: () => undefined, err: () => undefined };
let stack: LocalStack;
const savedConfig = process.env.PRIVATELINK_CONFIG;

beforeAll(() => {
  // The functions read it at their cold start, in this test file's own module registry.
  process.env.PRIVATELINK_CONFIG = JSON.stringify({
    hub: { roleName: 'privatelink-spoke', externalId: 'it-hub' },
  });
});
afterAll(() => {
  if (savedConfig === undefined) delete process.env.PRIVATELINK_CONFIG;
  else process.env.PRIVATELINK_CONFIG = savedConfig;
});

beforeEach(async () => {
  await moto.server().reset();
  stack = await openLocalStack({
    endpointUrl: moto.server().endpoint,
    region: 'us-east-1',
    stackName: STACK,
    io: silent,
  });
});

/** EC2 as a person in the member account sees it (moto maps the assumed role's keys to that account). */
async function memberEc2(member: { accountId: string; region: string }): Promise<EC2Client> {
  const { Credentials: c } = await new STSClient({ region: member.region }).send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member.accountId}:role/admin`, RoleSessionName: 'it' }),
  );
  return new EC2Client({
    region: member.region,
    credentials: {
      accessKeyId: c?.AccessKeyId ?? '',
      secretAccessKey: c?.SecretAccessKey ?? '',
      sessionToken: c?.SessionToken,
    },
  });
}

async function taggedVpc(ec2: EC2Client, region: string): Promise<string> {
  const vpc = await buildRealisticVpc(ec2, region);
  await ec2.send(
    new CreateTagsCommand({
      Resources: [vpc.vpcId],
      // moto ignores PrivateDnsEnabled on ModifyVpcEndpoint: private DNS from the start (provision.test.ts).
      Tags: [
        { Key: 'privatelink:services', Value: 's3, ssm' },
        { Key: 'privatelink:cutover', Value: 'direct' },
      ],
    }),
  );
  return vpc.vpcId;
}

/** The member's tag event as the spoke's rule forwards it: its own account and region, unchanged. */
function forwardedTagEvent(vpcId: string, member: { accountId: string; region: string }) {
  const event = loadEvent('tag-change-vpc');
  event.account = member.accountId;
  event.region = member.region;
  event.resources = [`arn:aws:ec2:${member.region}:${member.accountId}:vpc/${vpcId}`];
  event.id = `hub-it-${Math.random().toString(16).slice(2)}`;
  return event;
}

const ours = async (ec2: EC2Client): Promise<VpcEndpoint[]> =>
  ((await ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? []).filter((e) =>
    e.Tags?.some((t) => t.Key === OWNER_TAG && t.Value === STACK),
  );

describe('a hub over member accounts', () => {
  it("converges a member's VPC in that account and region only, from its forwarded tag event", async () => {
    const a = await memberEc2(MEMBER_A);
    const b = await memberEc2(MEMBER_B);
    const hub = new EC2Client({ region: 'us-east-1' });
    const vpcA = await taggedVpc(a, MEMBER_A.region);
    const vpcB = await taggedVpc(b, MEMBER_B.region);

    await stack.deliver(forwardedTagEvent(vpcA, MEMBER_A));
    await stack.deliver(forwardedTagEvent(vpcB, MEMBER_B));
    const runs = await stack.runExecutions();

    expect(runs.map((r) => [r.status, r.error])).toEqual([
      ['SUCCEEDED', undefined],
      ['SUCCEEDED', undefined],
    ]);
    expect((await ours(a)).map((e) => [e.VpcId, e.ServiceName?.split('.').pop()]).sort()).toEqual([
      [vpcA, 's3'],
      [vpcA, 'ssm'],
    ]);
    expect((await ours(b)).map((e) => [e.VpcId, e.ServiceName?.split('.').pop()]).sort()).toEqual([
      [vpcB, 's3'],
      [vpcB, 'ssm'],
    ]);
    expect(await ours(hub)).toEqual([]);
    const results = runs.map((r) => r.result as ExecutionResult);
    expect(results.map((r) => [r.accountId, r.region])).toEqual([
      [MEMBER_A.accountId, MEMBER_A.region],
      [MEMBER_B.accountId, MEMBER_B.region],
    ]);
    // The live probe is a hub-account Lambda: not run in a spoke, and the result says why.
    expect(results[0]?.services[0]?.checks.find((c) => c.name === 'live')?.detail).toMatch(
      new RegExp(`hub's own account only; ${vpcA} is in account ${MEMBER_A.accountId}`),
    );
    expect(HUB).not.toBe(MEMBER_A.accountId);
  });

  it('refuses a VPC id that exists only in another account, naming the account, and changes nothing', async () => {
    const b = await memberEc2(MEMBER_B);
    const vpcB = await taggedVpc(b, MEMBER_B.region);

    await stack.deliver(forwardedTagEvent(vpcB, { accountId: MEMBER_A.accountId, region: MEMBER_B.region }));
    const [run] = await stack.runExecutions();

    expect(run?.status).toBe('FAILED');
    expect(run?.error).toBe('ResourceNotFoundError');
    expect(run?.cause).toContain(
      `VPC ${vpcB} does not exist in ${MEMBER_B.region} of account ${MEMBER_A.accountId}`,
    );
    expect(await ours(b)).toEqual([]);
    expect(await ours(await memberEc2({ ...MEMBER_A, region: MEMBER_B.region }))).toEqual([]);
  });
});
