/**
 * npm run demo — the main job on the embedded default: a local AWS (moto server), a realistic VPC, a
 * real-shaped tag event delivered to the trigger, the real state machine run in-process with live
 * progress, the result table; then a manual plan of a change, and a drift found and repaired; a central
 * VPC serving a peered spoke; then a second account: a member's VPC, its tag event forwarded to this stack as a hub, converged there.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateTagsCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { driftCommand, planCommand } from '../cli/commands';
import { OWNER_TAG } from '../lib/domain/config';
import { statusCommand } from '../cli/status';
import { buildRealisticVpc, endpointServiceOnNlb, fixtureEvent, memberEc2, peer } from './demo-world';
import { openLocalStack } from './local-stack';
import { startMoto } from './moto-server';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const REGION = 'us-east-1';
const STACK = 'privatelink-demo';
const SERVICES = 's3, dynamodb, ssm, ssmmessages, ec2messages, ecr.api, ecr.dkr, logs';
const started = Date.now();
const io = { out: (t: string) => console.log(t), err: (t: string) => console.error(t) };
const step = (title: string) =>
  console.log(`\n=== ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);

/** The member account of the demo's second part, and the hub settings the stack runs with throughout. */
const MEMBER = '222222222222';
const LEDGER_DB = `arn:aws:vpc-lattice:${REGION}:333333333333:resourceconfiguration/rcfg-0123456789abcdef0`;
const HUB = { roleName: 'privatelink-spoke', externalId: 'privatelink-demo' };

async function main(): Promise<void> {
  step('Starting the local AWS (moto server)');
  const moto = await startMoto();
  try {
    console.log(`moto server on ${moto.endpoint}`);
    // The stack is opened once the service exists (its config names it): this client speaks to moto itself.
    const ec2 = new EC2Client({
      region: REGION,
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    step("Another team's service: an internal Network Load Balancer offered as an endpoint service");
    const provider = await buildRealisticVpc(ec2, REGION, 2, '10.60.0.0/16');
    const orders = await endpointServiceOnNlb(ec2, moto.endpoint, REGION, provider.privateSubnets);
    console.log(`${orders} in ${provider.vpcId}, allow-listed in the config as "orders"`);
    // The shipped config, as a hub too (its own account works as before, members through their spoke
    // role), with the team's service allow-listed by name under the alias tags use.
    const shipped = JSON.parse(readFileSync(join(__dirname, '../config/privatelink.json'), 'utf8')) as object;
    process.env.PRIVATELINK_CONFIG = JSON.stringify({
      ...shipped,
      hub: HUB,
      endpointServices: [{ name: orders, alias: 'orders' }],
      // A database another account shares through RAM as a VPC Lattice resource configuration (moto does
      // not model RAM: the ARN stands for one shared and accepted).
      resourceConfigurations: [{ arn: LEDGER_DB, alias: 'ledger-db', ports: [5432], tls: false }],
      // Centralized endpoints (README, "Centralized endpoints"): privatelink:share and privatelink:use.
      central: {},
    });
    const stack = await openLocalStack({ endpointUrl: moto.endpoint, region: REGION, stackName: STACK, io });

    step('Building a realistic VPC: 3 AZs, public and private subnets, route tables, an internet gateway');
    const vpc = await buildRealisticVpc(ec2, REGION);
    console.log(
      `${vpc.vpcId} ${vpc.cidr}: public ${vpc.publicSubnets.join(' ')}; private ${vpc.privateSubnets.join(' ')}`,
    );

    step(`Tagging it privatelink:services="${SERVICES}" and delivering the Tag Change on Resource event`);
    await ec2.send(
      new CreateTagsCommand({
        Resources: [vpc.vpcId],
        Tags: [{ Key: 'privatelink:services', Value: SERVICES }],
      }),
    );
    console.log(
      'this VPC has an internet gateway: the safe DNS cut-over (the default) makes the interface endpoints with ' +
        'private DNS off and turns it on once each passed its checks, then reads it back',
    );
    const event = fixtureEvent('tag-change-vpc');
    event.resources = [`arn:aws:ec2:${REGION}:123456789012:vpc/${vpc.vpcId}`];
    event.detail = { ...(event.detail as object), tags: { 'privatelink:services': SERVICES } };
    console.log(triggerSaid(await stack.deliver(event)));

    step('Running the provisioning state machine (statemachine/provision.asl.json) in-process');
    const [run] = await stack.runExecutions();
    if (run?.status !== 'SUCCEEDED') throw new Error(`provisioning failed: ${run?.error}: ${run?.cause}`);

    step('A manual plan of a change: add sts, drop logs (privatelink plan; nothing is applied)');
    const changed = SERVICES.replace(', logs', ', sts');
    await ec2.send(
      new CreateTagsCommand({
        Resources: [vpc.vpcId],
        Tags: [{ Key: 'privatelink:services', Value: changed }],
      }),
    );
    await planCommand(vpc.vpcId, {}, stack.env);
    await ec2.send(
      new CreateTagsCommand({
        Resources: [vpc.vpcId],
        Tags: [{ Key: 'privatelink:services', Value: SERVICES }],
      }),
    );
    console.log('(tag restored: the plan was only a preview)');

    step('Drift: someone opens the endpoint security group to 0.0.0.0/0');
    const groups = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: `tag:${OWNER_TAG}`, Values: [STACK] }] }),
    );
    const groupId = groups.SecurityGroups?.[0]?.GroupId;
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
            IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'oops' }],
          },
        ],
      }),
    );
    const found = await driftCommand({}, stack.env);
    if (found !== 3) throw new Error('the drift check did not find the open rule');

    step('Repairing: privatelink drift --remediate --local');
    await driftCommand({ remediate: true, local: true }, stack.env);
    step('Checking again');
    const clean = await driftCommand({}, stack.env);
    if (clean !== 0) throw new Error('drift remained after remediation');

    await endpointServiceByAlias(stack, ec2);
    await centralEndpoints(stack, ec2);
    await secondAccount(stack);
  } finally {
    await moto.stop();
  }
  step('Done: moto stopped');
}

/**
 * A VPC that reaches the other team's endpoint service and the shared database by the aliases the config
 * gives them: the three kinds of endpoint side by side, each in a group of exactly its ports.
 */
async function endpointServiceByAlias(
  stack: Awaited<ReturnType<typeof openLocalStack>>,
  ec2: EC2Client,
): Promise<void> {
  step(
    'An endpoint service and a resource endpoint by their aliases: a second VPC tagged ' +
      'privatelink:services="orders, ssm" and privatelink:resources="ledger-db"',
  );
  const vpc = await buildRealisticVpc(ec2, REGION, 2, '10.44.0.0/16');
  await ec2.send(
    new CreateTagsCommand({
      Resources: [vpc.vpcId],
      Tags: [
        { Key: 'privatelink:services', Value: 'orders, ssm' },
        { Key: 'privatelink:resources', Value: 'ledger-db' },
      ],
    }),
  );
  const event = fixtureEvent('tag-change-vpc');
  event.resources = [`arn:aws:ec2:${REGION}:123456789012:vpc/${vpc.vpcId}`];
  event.id = 'demo-orders';
  console.log(triggerSaid(await stack.deliver(event)));
  const [run] = await stack.runExecutions();
  if (run?.status !== 'SUCCEEDED') throw new Error(`the orders run failed: ${run?.error}: ${run?.cause}`);
}

/**
 * Centralized endpoints (README, "Centralized endpoints"): a central VPC sharing ssm and logs, then a spoke
 * peered with it that names them too: the spoke gets our zones, not endpoints of its own, and `status`
 * shows what that costs it against endpoints of its own.
 */
async function centralEndpoints(
  stack: Awaited<ReturnType<typeof openLocalStack>>,
  ec2: EC2Client,
): Promise<void> {
  step('A central VPC: privatelink:services="ssm, logs" and privatelink:share=all');
  const central = await buildRealisticVpc(ec2, REGION, 2, '10.80.0.0/16');
  await tagAndRun(stack, ec2, central.vpcId, {
    'privatelink:services': 'ssm, logs',
    'privatelink:share': 'all',
  });
  step('A spoke peered with it: privatelink:services="ssm, logs, s3" and privatelink:use=central');
  const spoke = await buildRealisticVpc(ec2, REGION, 2, '10.81.0.0/16');
  console.log(`${spoke.vpcId} reaches ${central.vpcId} through ${await peer(ec2, spoke, central)}`);
  await tagAndRun(stack, ec2, spoke.vpcId, {
    'privatelink:services': 'ssm, logs, s3',
    'privatelink:use': 'central',
  });
  step(`privatelink status ${spoke.vpcId}`);
  await statusCommand(spoke.vpcId, stack.env);
}

/** Tags a VPC, delivers its Tag Change event and runs the execution it starts, which must succeed. */
async function tagAndRun(
  stack: Awaited<ReturnType<typeof openLocalStack>>,
  ec2: EC2Client,
  vpcId: string,
  tags: Record<string, string>,
): Promise<void> {
  await ec2.send(
    new CreateTagsCommand({
      Resources: [vpcId],
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  const event = fixtureEvent('tag-change-vpc');
  event.resources = [`arn:aws:ec2:${REGION}:123456789012:vpc/${vpcId}`];
  event.id = `demo-${vpcId}`;
  console.log(triggerSaid(await stack.deliver(event)));
  const [run] = await stack.runExecutions();
  if (run?.status !== 'SUCCEEDED')
    throw new Error(`the run of ${vpcId} failed: ${run?.error}: ${run?.cause}`);
}

/**
 * The same stack as a hub (README, "Hub and spokes"): a VPC in member account 222222222222, its tag event
 * as the spoke template's rule forwards it (the member's account and region kept), the run acting there
 * through the spoke role, and the member's VPC read from the hub with --account.
 */
async function secondAccount(stack: Awaited<ReturnType<typeof openLocalStack>>): Promise<void> {
  step(`A second account: a VPC in member account ${MEMBER}, tagged there`);
  const member = await memberEc2(MEMBER, REGION);
  const vpc = await buildRealisticVpc(member, REGION, 2, '10.43.0.0/16');
  await member.send(
    new CreateTagsCommand({
      Resources: [vpc.vpcId],
      Tags: [{ Key: 'privatelink:services', Value: 's3, ssm, logs' }],
    }),
  );
  step("Its tag event, forwarded to the hub's bus by the spoke's rule, and the run in that account");
  const event = fixtureEvent('tag-change-vpc');
  event.account = MEMBER;
  event.resources = [`arn:aws:ec2:${REGION}:${MEMBER}:vpc/${vpc.vpcId}`];
  event.id = 'demo-member';
  console.log(triggerSaid(await stack.deliver(event)));
  const [run] = await stack.runExecutions();
  if (run?.status !== 'SUCCEEDED') throw new Error(`the member's run failed: ${run?.error}: ${run?.cause}`);
  step(`From the hub: privatelink --account ${MEMBER} status ${vpc.vpcId}`);
  await statusCommand(vpc.vpcId, {
    ...stack.env,
    target: {
      accountId: MEMBER,
      roleArn: `arn:aws:iam::${MEMBER}:role/privatelink-spoke`,
      externalId: HUB.externalId,
    },
  });
}

main().catch((err: unknown) => {
  console.error(`demo failed: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
});

/** What the trigger function answered, as a line a person reads. */
function triggerSaid(answer: unknown): string {
  const a = answer as {
    kind?: string;
    reason?: string;
    runs?: { vpcId: string; outcome: string; executionArn: string }[];
  };
  if (a.kind !== 'run') return `trigger: ${a.kind ?? 'no answer'}${a.reason ? `: ${a.reason}` : ''}`;
  return (a.runs ?? []).map((r) => `trigger: ${r.vpcId} ${r.outcome} ${r.executionArn}`).join('\n');
}
