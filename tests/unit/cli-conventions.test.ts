import { exitForExecutions } from '../../cli/context';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import outputSchema from '../../schemas/cli-output.schema.json';
import { PLUMBING_TASKS } from '../../cli/render';
import { cli, cliWith, world } from '../support/cli';
import { tagVpc } from '../support/workflow-harness';

const ESC = '\u001b[';

/** Every line of `text` as a terminal shows it: colour codes take no room. */
const widest = (text: string) => Math.max(...text.split('\n').map((l) => stripVTControlCharacters(l).length));

describe('the CLI output formats', () => {
  it('prints the same document as YAML with --output yaml as --output json does as JSON', async () => {
    const { vpc } = world();
    const json = await cli('--output', 'json', 'status', vpc.vpcId);
    const yaml = await cli('--output', 'yaml', 'status', vpc.vpcId);
    expect(yaml.code).toBe(json.code);
    expect(parseYaml(yaml.out)).toEqual(JSON.parse(json.out));
    expect(JSON.parse((await cli('--json', 'status', vpc.vpcId)).out)).toEqual(JSON.parse(json.out));
  });

  it('keeps only what --query asks for, as JSON unless --output says otherwise', async () => {
    const { vpc } = world('s3, ssm');
    await cli('apply', '--local', '--yes', vpc.vpcId);
    const json = await cli('--query', 'endpoints[].service', 'status', vpc.vpcId);
    expect(JSON.parse(json.out)).toEqual(['s3', 'ssm']);
    const text = await cli(
      '--output',
      'text',
      '--query',
      'endpoints[].[service, state]',
      'status',
      vpc.vpcId,
    );
    expect(text.out.split('\n')).toEqual(['s3\tavailable', 'ssm\tavailable']);
    const table = await cli(
      '--output',
      'table',
      '--query',
      'endpoints[].{service: service, state: state}',
      'status',
      vpc.vpcId,
    );
    expect(table.out).toMatch(/│ service +│ state +│/);
    expect(table.out).toMatch(/│ ssm +│ available +│/);
  });

  it('prints text as the AWS CLI does: scalars of an object on one tab-separated line, nested lists after', async () => {
    const { vpc } = world('ssm');
    const { out } = await cli('--output', 'text', 'plan', vpc.vpcId);
    const lines = out.split('\n');
    expect(lines[0]).toContain(vpc.vpcId);
    expect(lines.some((l) => l.startsWith('ENDPOINTS\tcreate'))).toBe(true);
  });

  it('refuses a --query that is not JMESPath before reading anything, naming it', async () => {
    const { sim, vpc } = world();
    const { code, err } = await cli('--query', 'endpoints[', 'status', vpc.vpcId);
    expect(code).toBe(1);
    expect(err).toContain('--query "endpoints[" is not a JMESPath expression');
    expect(err).toContain('accepted: such as endpoints[].service');
    expect(sim.callCount(() => true)).toBe(0);
  });

  it('refuses an output format it does not know, naming those it accepts', async () => {
    const { code, err } = await cli('--output', 'xml', 'plan', 'vpc-0123456789abcdef0');
    expect(code).toBe(1);
    expect(err).toContain("argument 'xml' is invalid. Allowed choices are json, yaml, text, table.");
  });

  it('refuses --json beside another --output', async () => {
    const { code, err } = await cli('--json', '--output', 'yaml', 'plan', 'vpc-0123456789abcdef0');
    expect(code).toBe(1);
    expect(err).toContain('--json is --output json: it cannot go with --output yaml');
  });

  it('prints an error as one document in the format asked for, of the schema', async () => {
    world();
    const { code, out } = await cli('--output', 'yaml', 'status', 'vpc-0123456789abcdef0');
    expect(code).toBe(1);
    const document = parseYaml(out) as { error: { name: string; message: string; hint: string } };
    expect(document.error.message).toContain('vpc-0123456789abcdef0 does not exist');
    const ajv = new Ajv();
    ajv.addSchema(outputSchema, 'cli');
    expect(ajv.validate('cli#/definitions/error', document) || ajv.errorsText()).toBe(true);
  });

  it('hints at --debug, which shows the requests, for an error it cannot explain', async () => {
    const { sim, vpc } = world();
    sim.failNext(
      'DescribeVpcs',
      'UnauthorizedOperation',
      1,
      'You are not authorized to perform this operation.',
    );
    const { code, err } = await cli('status', vpc.vpcId);
    expect(code).toBe(1);
    expect(err).toContain('hint: run again with --debug for each AWS request and its request id');
  });

  it('prints the spoke template as CloudFormation JSON with --output json, the YAML file otherwise', async () => {
    const yaml = await cli('spoke-template');
    expect(yaml.out).toBe(readFileSync(join(__dirname, '../../spoke/spoke.yaml'), 'utf8').trimEnd());
    const { code, out } = await cli('--output', 'json', 'spoke-template');
    expect(code).toBe(0);
    const template = JSON.parse(out) as { Resources: Record<string, unknown>; Outputs: object };
    expect(Object.keys(template.Resources)).toEqual([
      'SpokeRole',
      'ProbeRole',
      'ForwardRole',
      'ForwardTagChanges',
      'ForwardCloudTrail',
    ]);
    const text = JSON.stringify(template);
    expect(text).toContain('{"Fn::Sub":"arn:${AWS::Partition}:iam::${HubAccountId}:root"}');
    expect(text).toContain('{"Fn::GetAtt":["ForwardRole","Arn"]}');
    expect(text).toContain('"RoleName":{"Ref":"SpokeRoleName"}');
    expect(text).not.toMatch(/"!\w+/);
  });
});

describe('the CLI in a terminal', () => {
  it('colours plan markers on a terminal, and never in a pipe', async () => {
    const { vpc } = world();
    const onTty = await cliWith(['plan', vpc.vpcId], { tty: { isTTY: true, columns: 120 } });
    expect(onTty.out).toContain(`${ESC}32m+${ESC}39m s3 (Gateway)`);
    const piped = await cli('plan', vpc.vpcId);
    expect(piped.out).not.toContain(ESC);
  });

  it('shows no colour with --no-color or NO_COLOR, even on a terminal', async () => {
    const { vpc } = world();
    const flag = await cliWith(['--no-color', 'plan', vpc.vpcId], { tty: { isTTY: true, columns: 120 } });
    expect(flag.out).not.toContain(ESC);
    process.env.NO_COLOR = '1';
    try {
      const env = await cliWith(['plan', vpc.vpcId], { tty: { isTTY: true, columns: 120 } });
      expect(env.out).not.toContain(ESC);
    } finally {
      delete process.env.NO_COLOR;
    }
  });

  it.each([100, 80])(
    'fits status into a terminal %i columns wide, every endpoint id whole',
    async (columns) => {
      const { sim, vpc } = world('s3, ssm, logs');
      await cli('apply', '--local', '--yes', vpc.vpcId);
      const { out } = await cliWith(['status', vpc.vpcId], { tty: { isTTY: true, columns } });
      const table = out.slice(out.indexOf('┌'), out.lastIndexOf('┘') + 1);
      expect(widest(table)).toBeLessThanOrEqual(columns);
      for (const id of sim.endpoints.keys()) expect(out).toContain(id);
    },
  );

  it('folds only states the state machine has: each plumbing task is one of its states', () => {
    const asl = readFileSync(join(__dirname, '../../statemachine/provision.asl.json'), 'utf8');
    for (const name of PLUMBING_TASKS) expect(asl).toContain(`"${name}": {`);
  });
});

describe('apply, as terraform asks', () => {
  it('is refused in a script that did not say --yes, before anything is read, naming the flag', async () => {
    const { sim, vpc, harness } = world();
    const { code, err } = await cli('apply', '--local', vpc.vpcId);
    expect(code).toBe(1);
    expect(err).toContain('pass --yes (or --auto-approve)');
    expect(sim.callCount(() => true)).toBe(0);
    expect(harness.sfn.executions.size).toBe(0);
  });

  it('shows the plan, asks, and applies on yes at a terminal', async () => {
    const { sim, vpc } = world('ssm');
    const asked: string[] = [];
    const { code, err } = await cliWith(['apply', '--local', vpc.vpcId], {
      tty: { isTTY: true, columns: 120, ask: async (q) => (asked.push(q), 'yes') },
    });
    expect(code).toBe(0);
    expect(asked).toEqual([expect.stringContaining("Only 'yes' will be accepted.")]);
    expect(err.indexOf('+ ssm (Interface)')).toBeLessThan(err.indexOf('started arn:'));
    expect([...sim.endpoints.values()]).toHaveLength(1);
  });

  it.each(['no', '', 'y'])('starts nothing when the answer is %j', async (answer) => {
    const { sim, vpc, harness } = world('ssm');
    const { code, err } = await cliWith(['apply', '--local', vpc.vpcId], {
      tty: { isTTY: true, columns: 120, ask: async () => answer },
    });
    expect(code).toBe(1);
    expect(err).toContain('Apply cancelled: nothing was started.');
    expect(sim.callCount((c) => c.category !== 'read')).toBe(0);
    expect(harness.sfn.executions.size).toBe(0);
  });

  it('asks nothing with --auto-approve', async () => {
    const { sim, vpc } = world('ssm');
    const { code } = await cliWith(['apply', '--local', '--auto-approve', vpc.vpcId], {
      tty: { isTTY: true, columns: 120, ask: () => Promise.reject(new Error('asked')) },
    });
    expect(code).toBe(0);
    expect([...sim.endpoints.values()]).toHaveLength(1);
  });
});

/** A fresh directory and user config home, with none of the variables that name a stack or region set. */
function inFreshPlace() {
  const saved = { ...process.env };
  const cwd = process.cwd();
  const dir = mkdtempSync(join(tmpdir(), 'plo-context-'));
  for (const name of [
    'STACK_NAME',
    'LOCK_TABLE_NAME',
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_ENDPOINT_URL',
  ])
    delete process.env[name];
  process.env.XDG_CONFIG_HOME = join(dir, 'home-config');
  mkdirSync(join(dir, 'project'));
  process.chdir(join(dir, 'project'));
  return {
    dir,
    restore: () => {
      process.chdir(cwd);
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    },
  };
}

describe('a saved context', () => {
  let place: ReturnType<typeof inFreshPlace>;
  beforeEach(() => {
    place = inFreshPlace();
  });
  afterEach(() => place.restore());

  const show = async (...flags: string[]) => {
    const { code, out } = await cliWith([...flags, '--json', 'context', 'show'], { deployment: false });
    expect(code).toBe(0);
    const rows = (JSON.parse(out) as { settings: { setting: string; value: string; from: string }[] })
      .settings;
    return Object.fromEntries(rows.map((r) => [r.setting, `${r.value} (${r.from})`]));
  };

  it('saves the stack and region for this directory and every command here uses them; a flag still wins', async () => {
    const set = await cliWith(['context', 'set', '--stack-name', 'plo-prod', '--region', 'eu-west-1'], {
      deployment: false,
    });
    expect(set.code).toBe(0);
    expect(JSON.parse(readFileSync('.privatelink/context.json', 'utf8'))).toEqual({
      stackName: 'plo-prod',
      region: 'eu-west-1',
    });
    expect(await show()).toMatchObject({
      stackName: 'plo-prod (directory context)',
      region: 'eu-west-1 (directory context)',
    });
    expect(await show('--region', 'us-west-2')).toMatchObject({ region: 'us-west-2 (flag)' });
    process.env.STACK_NAME = 'plo-from-env';
    expect(await show()).toMatchObject({ stackName: 'plo-from-env (environment)' });
  });

  it("reads a parent directory's context, and the user's under it", async () => {
    await cliWith(['context', 'set', '--user', '--stack-name', 'plo-mine', '--region', 'ap-south-1'], {
      deployment: false,
    });
    await cliWith(['context', 'set', '--region', 'eu-central-1'], { deployment: false });
    mkdirSync('sub');
    process.chdir('sub');
    expect(await show()).toMatchObject({
      stackName: 'plo-mine (user context)',
      region: 'eu-central-1 (directory context)',
    });
  });

  it('refuses to save a value its flag would refuse, naming it, and writes nothing', async () => {
    const { code, err } = await cliWith(['context', 'set', '--region', 'mars-1'], { deployment: false });
    expect(code).toBe(1);
    expect(err).toContain('"mars-1" is not an AWS region name');
    expect(existsSync('.privatelink/context.json')).toBe(false);
  });

  it('names a broken context file and what it accepts, before any command acts', async () => {
    mkdirSync('.privatelink');
    writeFileSync('.privatelink/context.json', JSON.stringify({ stack: 'plo-prod' }));
    const { sim, vpc } = world();
    const { code, err } = await cliWith(['plan', vpc.vpcId], { deployment: false });
    expect(code).toBe(1);
    expect(err).toContain(
      `context file ${join(process.cwd(), '.privatelink/context.json')} is not a privatelink context`,
    );
    expect(err).toContain('accepted: an object of stackName, region and endpointUrl');
    expect(sim.callCount(() => true)).toBe(0);
  });

  it('clears the context it saved', async () => {
    await cliWith(['context', 'set', '--stack-name', 'plo-prod'], { deployment: false });
    expect((await cliWith(['context', 'clear'], { deployment: false })).code).toBe(0);
    expect(existsSync('.privatelink/context.json')).toBe(false);
  });

  it('says so when a config/privatelink.json here is not the one read', async () => {
    mkdirSync('config');
    writeFileSync('config/privatelink.json', '{"allowedServices": ["ssm"], "typo": 1}');
    const config = process.env.PRIVATELINK_CONFIG;
    delete process.env.PRIVATELINK_CONFIG;
    const { vpc } = world();
    const { err } = await cliWith(['--stack-name', 'plo-test', 'plan', vpc.vpcId], { deployment: false });
    process.env.PRIVATELINK_CONFIG = config;
    expect(err).toContain(`note: ${join(process.cwd(), 'config/privatelink.json')} is not read`);
    expect(err).toContain('To use it: --config config/privatelink.json');
  });
});

describe('near misses in tags, said by the CLI', () => {
  it.each([
    ['a misspelt service', { 'privatelink:services': 'sssm' }, 'did you mean "ssm"?'],
    [
      'a profile named as a service',
      { 'privatelink:services': 'ecr' },
      '"ecr" is a profile: privatelink:profile=ecr',
    ],
    ['a misspelt profile', { 'privatelink:profile': 'ecs' }, 'unknown profile "ecs"; did you mean "ecr"?'],
  ])('names what %s meant, in plan, status and drift alike', async (_what, tags, hint) => {
    const { sim, vpc } = world();
    tagVpc(sim, vpc.vpcId, tags);
    const plan = await cli('plan', vpc.vpcId);
    expect(plan.code).toBe(1);
    expect(plan.err).toContain(hint);
    const status = await cli('--json', 'status', vpc.vpcId);
    expect(status.out).toContain(hint.replace(/"/g, '\\"'));
    const drift = await cli('--json', 'drift');
    expect(drift.out).toContain(hint.replace(/"/g, '\\"'));
  });
});

describe('the exit code of the runs a command followed', () => {
  const run = (status: string, resultStatus?: string) => ({
    name: 'r',
    status,
    ...(resultStatus ? { result: { status: resultStatus } } : {}),
  });

  it.each([
    ['every run succeeded', [run('SUCCEEDED', 'succeeded')], 0],
    ['a check failed', [run('SUCCEEDED', 'succeeded'), run('SUCCEEDED', 'checks-failed')], 3],
    ["an endpoint awaits its service's owner", [run('SUCCEEDED', 'awaiting-acceptance')], 3],
    ['a run failed', [run('SUCCEEDED', 'awaiting-acceptance'), run('FAILED')], 1],
  ])('is terraform’s when %s', (_what, runs, code) => {
    expect(exitForExecutions(runs)).toBe(code);
  });
});
