import { CreateTagsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { buildRealisticVpc } from '../../scripts/demo-world';
import { main } from '../../cli/main';
import { PRODUCT_TAG } from '../../lib/domain/config';
import { useMoto } from '../support/moto';

/**
 * The CLI finds the deployed stack when nothing names it (no --stack-name, STACK_NAME or saved context):
 * against moto's Step Functions, through the same ListStateMachines and ListTagsForResource calls as on AWS.
 */
const moto = useMoto();
const NAMING = ['STACK_NAME', 'LOCK_TABLE_NAME', 'STATE_MACHINE_ARN'];
const saved = Object.fromEntries(NAMING.map((n) => [n, process.env[n]]));

beforeEach(async () => {
  await moto.server().reset();
});
afterAll(() => Object.assign(process.env, saved));

/** A state machine as serverless deploys one: `<stack>-provision`, tagged as the product's when `ours`. */
async function deployed(name: string, ours = true) {
  const sfn = new SFNClient({ region: 'us-east-1', endpoint: moto.server().endpoint });
  await sfn.send(
    new CreateStateMachineCommand({
      name,
      roleArn: 'arn:aws:iam::123456789012:role/sfn',
      definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
      ...(ours ? { tags: [{ key: PRODUCT_TAG.key, value: PRODUCT_TAG.value }] } : {}),
    }),
  );
}

/** One command, as its own process runs it: nothing an earlier command set in the environment names a stack. */
async function cli(...args: string[]) {
  for (const name of NAMING) delete process.env[name];
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'privatelink', '--endpoint-url', moto.server().endpoint, ...args], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the stack, found rather than assumed', () => {
  it('uses the one stack of the product deployed in the region, and names it', async () => {
    await deployed('plo-prod-provision');
    await deployed('someone-else-provision', false);
    await deployed('plo-prod-other');

    const drift = await cli('drift');
    expect(drift.code).toBe(0);
    expect(drift.err).toContain('stack: plo-prod (the one deployed in us-east-1)');
    const show = await cli('--json', 'context', 'show');
    expect(JSON.parse(show.out)).toMatchObject({
      settings: [
        { setting: 'stackName', value: 'plo-prod', from: 'found' },
        { setting: 'region' },
        { setting: 'endpointUrl' },
      ],
    });
  });

  it('refuses to choose between several, listing them, before reading any VPC', async () => {
    await deployed('plo-prod-provision');
    await deployed('plo-dev-provision');

    const { code, err } = await cli('drift');

    expect(code).toBe(1);
    expect(err).toContain(
      '2 stacks of privatelink-orchestrator are deployed in us-east-1: plo-dev, plo-prod; say which with --stack-name',
    );
  });

  it('says it uses the default name when none is deployed', async () => {
    const { code, err } = await cli('drift');
    expect(code).toBe(0);
    expect(err).toContain('stack: privatelink-orchestrator-dev (none deployed in us-east-1 was found');
  });

  it('looks for nothing when --stack-name names the stack', async () => {
    await deployed('plo-prod-provision');
    await deployed('plo-dev-provision');
    const { code, err } = await cli('--stack-name', 'plo-dev', 'drift');
    expect(code).toBe(0);
    expect(err).not.toContain('stack:');
  });
});

describe('local runs, read back', () => {
  it('follows a run that ran in-process by what it did, not by how the emulator closed it', async () => {
    const ec2 = new EC2Client({ region: 'us-east-1', endpoint: moto.server().endpoint });
    const vpc = await buildRealisticVpc(ec2, 'us-east-1');
    await ec2.send(
      new CreateTagsCommand({ Resources: [vpc.vpcId], Tags: [{ Key: 'privatelink:services', Value: 's3' }] }),
    );
    const applied = await cli('--stack-name', 'plo-local', 'apply', '--yes', '--local', vpc.vpcId);
    expect(applied.code).toBe(0);
    const arn = /started (arn:\S+)/.exec(applied.err)?.[1] ?? '';

    const followed = await cli('--stack-name', 'plo-local', 'follow', arn);

    expect(followed.code).toBe(0);
    expect(followed.err).toContain('ran in-process (--local)');
    expect(followed.out).toContain('apply succeeded: 1 created');
    expect(followed.out).not.toContain('ABORTED');
    const progress = await cli('--stack-name', 'plo-local', 'progress');
    expect(progress.out).toContain('1/1 VPC(s) done');
  });
});

describe('privatelink fleet --all-regions', () => {
  it('lists the opted-in VPCs of every enabled region, each in its own region', async () => {
    const tagged = async (region: string) => {
      const ec2 = new EC2Client({ region, endpoint: moto.server().endpoint });
      const vpc = await buildRealisticVpc(ec2, region);
      await ec2.send(
        new CreateTagsCommand({
          Resources: [vpc.vpcId],
          Tags: [{ Key: 'privatelink:services', Value: 'ssm' }],
        }),
      );
      return vpc.vpcId;
    };
    const east = await tagged('us-east-1');
    const west = await tagged('eu-west-1');

    const here = await cli('--stack-name', 'plo-none', '--json', 'fleet');
    const everywhere = await cli('--stack-name', 'plo-none', '--json', 'fleet', '--all-regions');

    const where = (out: string) =>
      (JSON.parse(out) as { rows: { vpcId: string; region: string }[] }).rows.map((r) => [r.vpcId, r.region]);
    expect(where(here.out)).toEqual([[east, 'us-east-1']]);
    expect(where(everywhere.out).sort()).toEqual(
      [
        [east, 'us-east-1'],
        [west, 'eu-west-1'],
      ].sort(),
    );
    expect(JSON.parse(everywhere.out)).toMatchObject({ unreachable: [] });
  }, 120_000);
});
