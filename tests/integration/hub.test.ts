import {
  CreateTagsCommand,
  DeleteVpcEndpointsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { OWNER_TAG } from '../../lib/domain/config';
import type { ExecutionResult } from '../../lib/workflow/result-document';
import Ajv from 'ajv';
import outputSchema from '../../schemas/cli-output.schema.json';
import { lambdaContext, loadHandler } from '../../cli/local-handlers';
import type { FleetDriftReport } from '../../lib/operations/fleet-drift';
import { buildRealisticVpc, memberEc2 as memberEc2Of } from '../../scripts/demo-world';
import { openLocalStack, type LocalStack } from '../../scripts/local-stack';
import { loadEvent } from '../support/fixtures';
import { cliOnMoto, useMoto } from '../support/moto';

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
    hub: {
      roleName: 'privatelink-spoke',
      externalId: 'it-hub',
      accounts: [MEMBER_A.accountId, MEMBER_B.accountId],
      regions: [MEMBER_A.region, MEMBER_B.region],
    },
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

/** EC2 as a person in the member account sees it. */
const memberEc2 = (member: { accountId: string; region: string }) =>
  memberEc2Of(member.accountId, member.region);

async function taggedVpc(ec2: EC2Client, region: string): Promise<string> {
  const vpc = await buildRealisticVpc(ec2, region);
  await ec2.send(
    new CreateTagsCommand({
      Resources: [vpc.vpcId],
      Tags: [{ Key: 'privatelink:services', Value: 's3, ssm' }],
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

/** The CLI as a person at the hub runs it, against this moto server. */
const cli = (...args: string[]) => cliOnMoto(moto.server().endpoint, STACK, ...args);

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
    expect(results.map((r) => r.totals.checksFailed)).toEqual([0, 0]);
    expect(results.map((r) => [r.accountId, r.region])).toEqual([
      [MEMBER_A.accountId, MEMBER_A.region],
      [MEMBER_B.accountId, MEMBER_B.region],
    ]);
  });

  it("reads each account's own prefix lists, even in a container that served the hub's account first", async () => {
    const hub = new EC2Client({ region: 'us-east-1' });
    const a = await memberEc2(MEMBER_A);
    const vpcHub = await taggedVpc(hub, 'us-east-1');
    const vpcA = await taggedVpc(a, MEMBER_A.region);

    await stack.deliver(forwardedTagEvent(vpcHub, { accountId: HUB, region: 'us-east-1' }));
    await stack.runExecutions();
    await stack.deliver(forwardedTagEvent(vpcA, MEMBER_A));
    const [run] = await stack.runExecutions();

    // A gateway's routes are checked against the member's own s3 prefix list (moto's ids differ by account).
    expect(run?.status).toBe('SUCCEEDED');
    expect(
      (run?.result as ExecutionResult).services.flatMap((s) => s.checks.filter((c) => c.status === 'fail')),
    ).toEqual([]);
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

  it("plans and reads a member's VPC from the hub with --account, through the spoke role", async () => {
    const a = await memberEc2(MEMBER_A);
    const vpcA = await taggedVpc(a, MEMBER_A.region);

    const elsewhere = await cli('plan', vpcA);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.err).toContain(`VPC ${vpcA} does not exist in us-east-1`);

    const planned = await cli('--account', MEMBER_A.accountId, 'plan', vpcA);
    expect(planned.code).toBe(0);
    expect(planned.out).toContain('  + ssm (Interface)');

    await cli('--account', MEMBER_A.accountId, 'apply', '--yes', '--local', vpcA);
    expect((await ours(a)).map((e) => e.ServiceName?.split('.').pop()).sort()).toEqual(['s3', 'ssm']);
    const status = await cli('--account', MEMBER_A.accountId, 'status', vpcA);
    expect(status.out).toContain(vpcA);
    expect(status.out).not.toMatch(/missing-endpoint/);
  });

  it('writes each AWS request with its status and request id to stderr with --debug, stdout untouched', async () => {
    const a = await memberEc2(MEMBER_A);
    const vpcA = await taggedVpc(a, MEMBER_A.region);

    const { code, out, err } = await cli('--debug', '--account', MEMBER_A.accountId, 'status', vpcA);

    expect(code).toBe(3);
    expect(err).toMatch(/^debug: → STS\.AssumeRole$/m);
    expect(err).toMatch(/^debug: ← EC2\.DescribeVpcs \(HTTP 200, request id [\w-]{8,}, \d+ ms\)$/m);
    expect(err).not.toContain('request id none given');
    expect(out).not.toContain('debug:');
    expect((await cli('status', vpcA)).err).not.toContain('debug:');
  });

  it('checks every member in every region on its schedule, and finds the drift of each', async () => {
    const a = await memberEc2(MEMBER_A);
    const b = await memberEc2(MEMBER_B);
    const vpcA = await taggedVpc(a, MEMBER_A.region);
    const vpcB = await taggedVpc(b, MEMBER_B.region);
    await stack.deliver(forwardedTagEvent(vpcA, MEMBER_A));
    await stack.deliver(forwardedTagEvent(vpcB, MEMBER_B));
    await stack.runExecutions();
    // Someone deletes one endpoint of ours in each member.
    for (const ec2 of [a, b]) {
      const ssm = (await ours(ec2)).find((e) => e.ServiceName?.endsWith('.ssm'));
      await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [ssm?.VpcEndpointId ?? ''] }));
    }

    const report = (await loadHandler('drift-check')(
      {} as never,
      lambdaContext('driftCheck'),
    )) as FleetDriftReport;

    expect(report.unreachable).toEqual([]);
    const drifted = report.checked
      .filter((c) => c.drifted.length > 0)
      .map((c) => [
        c.accountId,
        c.region,
        c.drifted.map((d) => d.vpcId),
        c.drifted[0]?.findings.map((f) => f.kind),
      ]);
    expect(drifted).toEqual([
      [MEMBER_A.accountId, MEMBER_A.region, [vpcA], ['missing-endpoint']],
      [MEMBER_B.accountId, MEMBER_B.region, [vpcB], ['missing-endpoint']],
    ]);
    // The hub's own account and both members, each in both regions.
    expect(report.checked).toHaveLength(3 * 2);

    // The same check from the hub's CLI.
    const fromCli = await cli('drift', '--all-accounts');
    expect(fromCli.code).toBe(3);
    expect(fromCli.out).toContain(`${MEMBER_A.accountId} ${MEMBER_A.region}: 1 of 1 opted-in VPC(s) drifted`);
    expect(fromCli.out).toContain(`${MEMBER_B.accountId} ${MEMBER_B.region}: 1 of 1 opted-in VPC(s) drifted`);
    expect(fromCli.out).toContain(`${HUB} ${MEMBER_A.region}: 0 of 0 opted-in VPC(s) drifted`);
    const asJson = await cli('--json', 'drift', '--all-accounts');
    const ajv = new Ajv({ allErrors: true });
    ajv.addSchema(outputSchema, 'cli');
    expect(ajv.validate('cli#/definitions/fleetDrift', JSON.parse(asJson.out)) || ajv.errorsText()).toBe(
      true,
    );
  });
});
