import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeManagedPrefixListsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateVPCAssociationAuthorizationCommand,
  ListHostedZonesByVPCCommand,
  ListVPCAssociationAuthorizationsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { lambdaContext, loadHandler } from '../../cli/local-handlers';
import { OWNER_TAG } from '../../lib/domain/config';
import type { FleetDriftReport } from '../../lib/operations/fleet-drift';
import type { ExecutionResult } from '../../lib/workflow/result-document';
import { buildRealisticVpc, memberCredentials, peer, type DemoVpc } from '../../scripts/demo-world';
import { loadEvent } from '../support/fixtures';
import { cliOnMoto, useLocalStack, useMoto } from '../support/moto';

/**
 * A spoke in a member account served by the central VPC in the hub's account, on moto (several accounts;
 * AssumeRole credentials act in the role's account; scripts/moto_server.py adds Route 53's association
 * authorizations across accounts). Every run goes through the real trigger, lock and state machine.
 */
const HUB = '123456789012';
const MEMBER = '222222222222';
const REGION = 'us-east-1';
const STACK = 'privatelink-hub-central-it';
const moto = useMoto();
const hubEc2 = new EC2Client({ region: REGION });
const hubRoute53 = new Route53Client({ region: REGION });
const stack = useLocalStack(moto, {
  region: REGION,
  stackName: STACK,
  config: {
    probe: { enabled: false },
    central: {},
    hub: { roleName: 'privatelink-spoke', externalId: 'it-hub', accounts: [MEMBER], regions: [REGION] },
  },
  fresh: 'each',
});

/** Tags the VPC in its account and runs the tag event as the trigger gets it (a member's forwarded). */
async function tagAndRun(
  ec2: EC2Client,
  accountId: string,
  vpc: DemoVpc,
  tags: Record<string, string>,
): Promise<ExecutionResult> {
  await ec2.send(
    new CreateTagsCommand({
      Resources: [vpc.vpcId],
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  return run(accountId, vpc);
}

async function run(accountId: string, vpc: DemoVpc): Promise<ExecutionResult> {
  const event = loadEvent('tag-change-vpc');
  event.account = accountId;
  event.region = REGION;
  event.resources = [`arn:aws:ec2:${REGION}:${accountId}:vpc/${vpc.vpcId}`];
  event.id = `central-hub-${Math.random().toString(16).slice(2)}`;
  await stack().deliver(event);
  const [execution] = await stack().runExecutions();
  expect({ status: execution?.status, error: execution?.error, cause: execution?.cause }).toEqual({
    status: 'SUCCEEDED',
    error: undefined,
    cause: undefined,
  });
  return execution?.result as ExecutionResult;
}

const zonesOf = async (route53: Route53Client, vpcId: string) =>
  (
    (await route53.send(new ListHostedZonesByVPCCommand({ VPCId: vpcId, VPCRegion: REGION })))
      .HostedZoneSummaries ?? []
  )
    .map((z) => [(z.Name ?? '').replace(/\.$/, ''), z.Owner?.OwningAccount])
    .sort();

/** The hub's spoke list: each entry's CIDR and description. */
async function hubListEntries(): Promise<string[][]> {
  const lists = await hubEc2.send(
    new DescribeManagedPrefixListsCommand({ Filters: [{ Name: `tag:${OWNER_TAG}`, Values: [STACK] }] }),
  );
  const id = lists.PrefixLists?.[0]?.PrefixListId ?? '';
  const entries = await hubEc2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id }));
  return (entries.Entries ?? []).map((e) => [e.Cidr ?? '', e.Description ?? '']);
}

const names = ['logs.us-east-1.amazonaws.com', 'ssm.us-east-1.amazonaws.com'];

/** The hub's central VPC sharing ssm and logs, and a member's VPC peered with it, tagged as its spoke. */
async function hubAndMemberSpoke() {
  const credentials = await memberCredentials(MEMBER, REGION);
  const memberEc2 = new EC2Client({ region: REGION, credentials });
  const memberRoute53 = new Route53Client({ region: REGION, credentials });
  const central = await buildRealisticVpc(hubEc2, REGION, 2, '10.80.0.0/16');
  const spoke = await buildRealisticVpc(memberEc2, REGION, 2, '10.81.0.0/16');
  await peer(memberEc2, spoke, central, { ec2: hubEc2, accountId: HUB });
  await tagAndRun(hubEc2, HUB, central, { 'privatelink:services': 'ssm, logs', 'privatelink:share': 'all' });
  const served = await tagAndRun(memberEc2, MEMBER, spoke, {
    'privatelink:services': 'ssm, logs, s3',
    'privatelink:use': 'central',
  });
  return { memberEc2, memberRoute53, central, spoke, served };
}

/** The hub's scheduled drift check over its members, as the deployed function runs it: each drifted VPC. */
async function hubDrift(): Promise<[string, string, string][]> {
  const report = (await loadHandler('drift-check')(
    {} as never,
    lambdaContext('driftCheck'),
  )) as FleetDriftReport;
  expect(report.unreachable).toEqual([]);
  return report.checked.flatMap((c) =>
    c.drifted.map((d): [string, string, string] => [
      c.accountId,
      d.vpcId,
      d.findings.map((f) => `${f.kind}: ${f.detail ?? ''}`).join('; '),
    ]),
  );
}

describe("a spoke in a member account served by the hub's central VPC", () => {
  it('is associated with the hub’s zones through authorizations it leaves none of, and moves back when it leaves', async () => {
    const { memberEc2, memberRoute53, central, spoke, served } = await hubAndMemberSpoke();

    expect(served.services.map((s) => [s.service, s.action, s.servedBy]).sort()).toEqual([
      ['logs', 'served', central.vpcId],
      ['s3', 'created', undefined],
      ['ssm', 'served', central.vpcId],
    ]);
    expect(served.totals.checksFailed).toBe(0);
    expect(await zonesOf(memberRoute53, spoke.vpcId)).toEqual(names.map((n) => [n, HUB]));
    expect(await hubListEntries()).toEqual([['10.81.0.0/16', `${MEMBER}/${spoke.vpcId}`]]);
    for (const [, zoneId] of await zoneIdsOf(central.vpcId))
      expect(
        (await hubRoute53.send(new ListVPCAssociationAuthorizationsCommand({ HostedZoneId: zoneId }))).VPCs,
      ).toEqual([]);
    const memberEndpoints = await ours(memberEc2, spoke.vpcId);
    expect(memberEndpoints).toEqual(['Gateway']);

    // The hub's CLI on the member's spoke: served from the hub's central VPC, nothing missing.
    const status = await cliOnMoto(moto.server().endpoint, STACK, '--account', MEMBER, 'status', spoke.vpcId);
    expect({ code: status.code, err: status.err }).toEqual({ code: 0, err: '' });
    expect(status.out).toContain(`Served by ${central.vpcId}`);
    const plan = await cliOnMoto(moto.server().endpoint, STACK, '--account', MEMBER, 'plan', spoke.vpcId);
    expect({ code: plan.code, err: plan.err }).toEqual({ code: 0, err: '' });

    // The central VPC's next run keeps its member spoke's links: it reads its subscribers in that account.
    await run(HUB, central);
    expect(await zonesOf(memberRoute53, spoke.vpcId)).toEqual(names.map((n) => [n, HUB]));
    expect(await hubListEntries()).toEqual([['10.81.0.0/16', `${MEMBER}/${spoke.vpcId}`]]);

    // Leaving: the spoke's run makes its own endpoints and unlinks the hub's zones and its entry.
    await memberEc2.send(
      new DeleteTagsCommand({ Resources: [spoke.vpcId], Tags: [{ Key: 'privatelink:use' }] }),
    );
    const back = await run(MEMBER, spoke);

    expect(back.services.map((s) => [s.service, s.action]).sort()).toEqual([
      ['logs', 'created'],
      ['s3', 'unchanged'],
      ['ssm', 'created'],
    ]);
    expect(await zonesOf(memberRoute53, spoke.vpcId)).toEqual([]);
    expect(await hubListEntries()).toEqual([]);
    expect((await ours(memberEc2, spoke.vpcId)).sort()).toEqual(['Gateway', 'Interface', 'Interface']);
  });
});

const zoneIdsOf = async (vpcId: string) =>
  (
    (await hubRoute53.send(new ListHostedZonesByVPCCommand({ VPCId: vpcId, VPCRegion: REGION })))
      .HostedZoneSummaries ?? []
  ).map((z) => [z.Name ?? '', z.HostedZoneId ?? '']);

const ours = async (ec2: EC2Client, vpcId: string) =>
  (
    (
      await ec2.send(
        new DescribeVpcEndpointsCommand({
          Filters: [
            { Name: 'vpc-id', Values: [vpcId] },
            { Name: `tag:${OWNER_TAG}`, Values: [STACK] },
          ],
        }),
      )
    ).VpcEndpoints ?? []
  ).map((e) => e.VpcEndpointType ?? '');

describe("the hub's drift check over a member's spoke", () => {
  it('finds it served, not missing endpoints; and once it no longer subscribes, reports its links on the central VPC, whose run removes them', async () => {
    const { memberEc2, memberRoute53, central, spoke } = await hubAndMemberSpoke();

    expect(await hubDrift()).toEqual([]);

    // The spoke leaves without a run (its tag event lost): its links are the central VPC's to remove.
    await memberEc2.send(
      new DeleteTagsCommand({
        Resources: [spoke.vpcId],
        Tags: [{ Key: 'privatelink:use' }, { Key: 'privatelink:services' }],
      }),
    );
    const drifted = await hubDrift();
    expect(drifted.map(([account, vpcId]) => [account, vpcId])).toEqual([
      [HUB, central.vpcId],
      [MEMBER, spoke.vpcId],
    ]);
    expect(drifted[0]?.[2]).toContain(`is associated with ${spoke.vpcId}, which is not its spoke`);
    expect(drifted[0]?.[2]).toContain("10.81.0.0/16 in the spoke list is no spoke's");
    // Its own gateway endpoint is left too: its own run removes that.
    expect(drifted[1]?.[2]).toMatch(/^orphaned-resources: /);

    await run(HUB, central);
    await run(MEMBER, spoke);
    expect(await zonesOf(memberRoute53, spoke.vpcId)).toEqual([]);
    expect(await hubListEntries()).toEqual([]);
    expect(await hubDrift()).toEqual([]);
  });
});

describe("an association authorization a member's spoke run left behind", () => {
  it("is found by the hub's drift check and deleted by the central VPC's run, the spoke's association kept", async () => {
    const { memberRoute53, central, spoke } = await hubAndMemberSpoke();
    const zoneId = (await zoneIdsOf(central.vpcId)).find(([name]) => name?.startsWith('ssm.'))?.[1] ?? '';
    // What the spoke's run leaves when it dies between associating and deleting the authorization.
    const VPC = { VPCId: spoke.vpcId, VPCRegion: REGION as never };
    await hubRoute53.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: zoneId, VPC }));

    const drifted = await hubDrift();
    expect(drifted.map(([account, vpcId]) => [account, vpcId])).toEqual([[HUB, central.vpcId]]);
    expect(drifted[0]?.[2]).toContain(
      `${spoke.vpcId} is still authorized to join ssm.us-east-1.amazonaws.com`,
    );

    await run(HUB, central);
    expect(
      (await hubRoute53.send(new ListVPCAssociationAuthorizationsCommand({ HostedZoneId: zoneId }))).VPCs,
    ).toEqual([]);
    expect(await zonesOf(memberRoute53, spoke.vpcId)).toEqual(names.map((n) => [n, HUB]));
    expect(await hubDrift()).toEqual([]);
  });
});
