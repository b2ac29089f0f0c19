import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { lambdaContext } from '../../cli/local-handlers';
import { SIM_ACCOUNT } from '../support/sim-sts';
import outputSchema from '../../schemas/cli-output.schema.json';
import { OWNER_TAG } from '../../lib/domain/config';
import { manualInput, tagVpc } from '../support/workflow-harness';

import { cli, cliWith, world } from '../support/cli';

/** Each service's checks as `name:status`, in order. */
const verdicts = (rows: { checks: { name: string; status: string }[] }[]) =>
  rows.map((r) => r.checks.map((c) => `${c.name}:${c.status}`));

/** What `status --json` and the workflow's CheckConnectivity say of the VPC now, check by check. */
async function statusAndWorkflow(vpcId: string) {
  const status = await cli('--json', 'status', vpcId);
  const workflow = await workflowChecks(vpcId);
  return {
    status: { code: status.code, checks: verdicts((JSON.parse(status.out) as { endpoints: [] }).endpoints) },
    workflow: verdicts(workflow.services),
  };
}

/** The checks the workflow's CheckConnectivity step makes of the VPC as it is now, through its deployed handlers. */
async function workflowChecks(vpcId: string) {
  const vpc = { accountId: SIM_ACCOUNT, region: 'us-east-1', vpcId, own: true };
  const executionId = 'arn:aws:states:us-east-1:123456789012:execution:privatelink-test-provision:agree';
  // Loaded here, not above: the functions read the config set at the top of this file when first loaded.
  const { handler: planHandler } = await import('../../functions/plan/handler');
  const { handler: checkConnectivityHandler } = await import('../../functions/check-connectivity/handler');
  const plan = await planHandler(
    { vpc, mode: 'plan', desired: null, executionId } as never,
    lambdaContext('plan'),
  );
  return (await checkConnectivityHandler(
    { vpc, plan, probeRequested: false, executionId } as never,
    lambdaContext('checkConnectivity'),
  )) as { services: { checks: { name: string; status: string }[] }[] };
}

describe('the privatelink CLI', () => {
  it('prints the spoke template, the file a member account deploys', async () => {
    const { code, out } = await cli('spoke-template');
    expect(code).toBe(0);
    expect(out).toBe(readFileSync(join(__dirname, '../../spoke/spoke.yaml'), 'utf8').trimEnd());
    expect(out).toContain('AWS::IAM::Role');
  });

  it('plans without mutating anything and prints a table', async () => {
    const { sim, vpc } = world();
    const { code, out } = await cli('plan', vpc.vpcId);
    expect(code).toBe(0);
    expect(out).toContain('  + s3 (Gateway)');
    expect(out).toContain('  + ssm (Interface)');
    expect(out).toContain('  + security group (443 from 10.10.0.0/16)');
    expect(out).toContain('Plan: 2 to create, 0 to change, 0 to delete (0 unchanged).');
    expect(out).toContain('Cost: +$14.60/month → $14.60/month of interface endpoints in this VPC');
    expect(sim.callCount((c) => c.category !== 'read')).toBe(0);
  });

  it('shows what the endpoints cost in status and drift, and the change an apply made', async () => {
    const { vpc } = world();
    const applied = await cli('apply', '--yes', '--local', vpc.vpcId);
    expect(applied.out).toContain('Cost: +$14.60/month → $14.60/month');
    expect((await cli('status', vpc.vpcId)).out).toContain('Cost: $14.60/month for 1 interface endpoint(s)');
    expect((await cli('drift')).out).toContain(
      'Cost: $14.60/month for 1 interface endpoint(s) in these VPCs',
    );
  });

  it('shows what changes, attribute by attribute, and exits 2 under --detailed-exitcode only when something would', async () => {
    const { sim, vpc, harness } = world();
    expect((await cli('plan', '--detailed-exitcode', vpc.vpcId)).code).toBe(2);
    await harness.run(manualInput(vpc.vpcId));
    const converged = await cli('plan', '--detailed-exitcode', vpc.vpcId);
    expect(converged).toMatchObject({
      code: 0,
      out: expect.stringContaining('No changes. 2 endpoint(s) match the tags.'),
    });
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 's3, ssm, logs', 'privatelink:private-dns': 'false' });
    const changed = await cli('plan', '--detailed-exitcode', vpc.vpcId);
    expect(changed.code).toBe(2);
    expect(changed.out).toMatch(/ {2}~ ssm \(Interface\) vpce-\w+\n {6}private DNS: {2}on → off/);
    expect(changed.out).toContain('Plan: 1 to create, 1 to change, 0 to delete (1 unchanged).');
  });

  it('answers --detailed-exitcode as terraform does: 1 for an error (bad tags, a bad flag), 2 only for changes', async () => {
    const { sim, vpc } = world();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'sssm' });
    const badTags = await cli('plan', '--detailed-exitcode', vpc.vpcId);
    const badFlag = await cli('plan', '--detailed-exitcode', 'not-a-vpc');
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm' });
    const changes = await cli('plan', '--detailed-exitcode', vpc.vpcId);

    expect([badTags.code, badFlag.code, changes.code]).toEqual([1, 1, 2]);
    expect(badTags.err).toMatch(/^error: tag privatelink:services="sssm" is invalid/);
  });

  it('applies a saved plan while it holds, and refuses it, starting nothing, once the tags changed', async () => {
    const { sim, vpc, harness } = world();
    const file = join(mkdtempSync(join(tmpdir(), 'plo-')), 'vpc.plan');
    expect((await cli('plan', '--out', file, vpc.vpcId)).code).toBe(0);
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 's3, ssm, logs' });

    const refused = await cli('apply', '--local', '--plan', file, vpc.vpcId);

    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      `refusing to apply ${file}: ${vpc.vpcId} or its tags changed since the plan`,
    );
    expect(refused.err).toContain('logs (Interface): planned nothing, now create');
    expect(harness.sfn.executions.size).toBe(0);
    expect((await cli('plan', '--out', file, vpc.vpcId)).code).toBe(0);
    const applied = await cli('apply', '--local', '--plan', file, vpc.vpcId);
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('3 created');
  });

  it.each([
    [
      'a missing field',
      (p: Record<string, unknown>) => delete (p.plan as Record<string, unknown>).endpoints,
      'plan.endpoints',
    ],
    [
      'a field of the wrong type',
      (p: Record<string, unknown>) => ((p.plan as Record<string, unknown>).deletions = 'none'),
      'plan.deletions',
    ],
    [
      'an endpoint without its spec',
      (p: Record<string, unknown>) =>
        delete ((p.plan as { endpoints: Record<string, unknown>[] }).endpoints[0] ?? {}).spec,
      'plan.endpoints.0.spec',
    ],
  ])(
    'refuses a saved plan with %s, naming the file and the field, starting nothing',
    async (_what, tamper, field) => {
      const { vpc, harness } = world();
      const file = join(mkdtempSync(join(tmpdir(), 'plo-')), 'vpc.plan');
      expect((await cli('plan', '--out', file, vpc.vpcId)).code).toBe(0);
      const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      tamper(saved);
      writeFileSync(file, JSON.stringify(saved));

      const refused = await cli('apply', '--local', '--plan', file, vpc.vpcId);

      expect(refused.code).toBe(1);
      expect(refused.err).toContain(`${file} is not a plan privatelink plan --out wrote: ${field}:`);
      expect(harness.sfn.executions.size).toBe(0);
    },
  );

  it('prints the plan as JSON for machines', async () => {
    const { vpc } = world();
    const { code, out } = await cli('--json', 'plan', vpc.vpcId);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      vpcId: vpc.vpcId,
      noop: false,
      endpoints: [{ action: 'create' }, { action: 'create' }],
    });
  });

  it('applies locally with live progress of the steps that matter, then a result table', async () => {
    const { sim, vpc } = world();
    const { code, out, err } = await cli('apply', '--yes', '--local', vpc.vpcId);
    expect(code).toBe(0);
    expect(err).toMatch(/started arn:aws:states:.*:execution:provision:/);
    for (const state of ['Plan', 'ConfigureSecurityGroup', 'CheckEndpoints', 'UpdateRoutes', 'Report'])
      expect(err).toContain(`✓ ${state} (`);
    // The lock, the permits and the Choice, Pass and Wait states are plumbing: folded unless --verbose.
    for (const state of ['AcquireLock', 'ReservePermit', 'ChooseMode', 'WaitForPermit', 'ReleaseLock'])
      expect(err).not.toContain(`✓ ${state} (`);
    expect(err).toMatch(/✓ ApplyEndpoint: ssm created vpce-\w+ \(\d+ ms\)/);
    expect(out).toMatch(/apply succeeded: 2 created/);
    expect([...sim.endpoints.values()].filter((e) => e.tags[OWNER_TAG])).toHaveLength(2);
  });

  it('runs only its own execution with --local: two applies on two VPCs in parallel each run their own once', async () => {
    const { sim, vpc } = world('ssm');
    const other = sim.addVpc({ azs: 2 });
    tagVpc(sim, other.vpcId, { 'privatelink:services': 'logs' });

    const [a, b] = await Promise.all([
      cli('apply', '--yes', '--local', vpc.vpcId),
      cli('apply', '--yes', '--local', other.vpcId),
    ]);

    expect([a.code, b.code]).toEqual([0, 0]);
    const runsOf = (err: string) => err.split('\n').filter((l) => l.startsWith('▶ '));
    expect(runsOf(a.err)).toEqual([expect.stringContaining(vpc.vpcId)]);
    expect(runsOf(b.err)).toEqual([expect.stringContaining(other.vpcId)]);
    expect(a.out).toContain(vpc.vpcId);
    expect(a.out).not.toContain(other.vpcId);
    expect(b.out).toContain(other.vpcId);
    const own = [...sim.endpoints.values()].filter((e) => e.tags[OWNER_TAG] && e.state !== 'deleted');
    expect(own.map((e) => e.serviceName).sort()).toEqual([sim.serviceName('logs'), sim.serviceName('ssm')]);
  });

  it('stops a local apply on Ctrl-C, says so, and the next apply takes the VPC over and finishes', async () => {
    const { sim, vpc, harness } = world();
    const ctrlC = new AbortController();

    const { code, err } = await cliWith(['apply', '--yes', '--local', vpc.vpcId], {
      interrupt: ctrlC.signal,
      onErr: (line) => {
        if (line.includes('✓ ConfigureSecurityGroup')) ctrlC.abort();
      },
    });

    expect(code).toBe(1);
    expect(err).toMatch(/interrupted: .* was stopped midway and holds the VPC no more/);
    expect([...harness.sfn.executions.values()].map((e) => e.status)).toEqual(['ABORTED']);
    const again = await cli('apply', '--yes', '--local', vpc.vpcId);
    expect(again.code).toBe(0);
    const own = [...sim.endpoints.values()].filter((e) => e.tags[OWNER_TAG] && e.state !== 'deleted');
    expect(own).toHaveLength(2);
  });

  it('takes over a VPC whose local run was killed hard: its execution left RUNNING, nobody running it', async () => {
    const { sim, vpc, harness } = world('s3, ssm, logs');
    // `kill -9` of an apply --local: it held the VPC and made some endpoints; the emulator still says RUNNING.
    const killed = await harness.run(manualInput(vpc.vpcId), { name: 'killed', crashAfter: 3 });
    const execution = harness.sfn.executions.get('killed');
    if (execution) execution.status = 'RUNNING';
    expect(killed.status).toBe('ABORTED');

    const again = await cli('apply', '--yes', '--local', vpc.vpcId);

    expect(again.err).toMatch(
      /killed is RUNNING but no local run executes it .*: stopped it, taking the VPC over/,
    );
    expect(again.code).toBe(0);
    const own = [...sim.endpoints.values()].filter((e) => e.tags[OWNER_TAG] && e.state !== 'deleted');
    expect(own.map((e) => e.serviceName).sort()).toEqual(
      ['logs', 's3', 'ssm'].map((s) => sim.serviceName(s)),
    );
  });

  it.each([
    ['a VPC that does not exist', 'vpc-0123456789abcdef0', /VPC vpc-0123456789abcdef0 does not exist/],
    ['a VPC whose tags do not parse', undefined, /tag privatelink:services="sssm" is invalid/],
  ])('refuses to apply %s before any execution starts or any lock is written', async (_what, id, message) => {
    const { sim, vpc, harness } = world();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'sssm' });

    const refused = await cli('apply', '--yes', '--no-wait', id ?? vpc.vpcId);

    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(message);
    expect(harness.sfn.executions.size).toBe(0);
    expect(harness.dynamo.table(process.env.LOCK_TABLE_NAME ?? '').size).toBe(0);
  });

  it('shows what it is about to change before it starts the execution', async () => {
    const { vpc } = world();
    const { code, err } = await cli('apply', '--yes', '--no-wait', vpc.vpcId);
    expect(code).toBe(0);
    expect(err.indexOf('Plan: 2 to create')).toBeGreaterThanOrEqual(0);
    expect(err.indexOf('Plan: 2 to create')).toBeLessThan(err.indexOf('started arn:aws:states:'));
  });

  it('starts a deployed execution and returns at once with --no-wait', async () => {
    const { vpc, harness } = world();
    const { code, err } = await cli('apply', '--yes', '--no-wait', vpc.vpcId);
    expect(code).toBe(0);
    expect(err).toMatch(/^started arn:aws:states:/m);
    expect(harness.sfn.executions.size).toBe(1);
  });

  it('says a tagged VPC that was never provisioned differs from its tags, exit 3', async () => {
    const { vpc } = world();
    const { code, out } = await cli('status', vpc.vpcId);
    expect(code).toBe(3);
    expect(out).toMatch(/missing-endpoint +│ s3/);
    expect(out).toMatch(/missing-endpoint +│ ssm/);
    expect(out).not.toContain('all checks pass');
  });

  it('compares like drift: a group opened to the internet and a service added to the tags, exit 3', async () => {
    const { sim, vpc, harness } = world();
    await harness.run(manualInput(vpc.vpcId));
    const group = [...sim.securityGroups.values()].find(
      (g) => g.tags[OWNER_TAG] && g.groupName.includes('-endpoints-'),
    );
    group?.ingress.push({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' });
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 's3, ssm, logs' });

    const { code, out } = await cli('--json', 'status', vpc.vpcId);

    expect(code).toBe(3);
    const kinds = (JSON.parse(out) as { differences: { kind: string }[] }).differences.map((d) => d.kind);
    expect(kinds).toEqual(expect.arrayContaining(['missing-endpoint', 'security-group-rules']));
  });

  it('shows status with checks, and exits 3 when a check fails', async () => {
    const { sim, vpc, harness } = world();
    await harness.run(manualInput(vpc.vpcId));
    const healthy = await cli('status', vpc.vpcId);
    expect(healthy.code).toBe(0);
    expect(healthy.out).toContain('opted in (s3, ssm)');
    expect(healthy.out).toContain('all checks pass');
    const group = [...sim.securityGroups.values()].find((g) => g.tags[OWNER_TAG]);
    if (group) group.ingress = [];
    const broken = await cli('status', vpc.vpcId);
    expect(broken.code).toBe(3);
    expect(broken.out).toMatch(/✗ security-group: 443 not allowed from 10\.10\.0\.0\/16/);
  });

  it('agrees with the workflow on a dual-stack VPC: the same checks, service by service, IPv6 blocks included', async () => {
    const { sim, harness } = world('ssm');
    sim.addOffer('logs', ['Interface'], undefined, true, ['ipv4', 'ipv6']);
    const vpc = sim.addVpc({ ipv6: true });
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'logs' });
    await harness.run(manualInput(vpc.vpcId));
    const group = [...sim.securityGroups.values()].find((g) => g.vpcId === vpc.vpcId && g.tags[OWNER_TAG]);
    if (group) group.ingress = group.ingress.filter((r) => !r.CidrIpv6);

    const { status, workflow } = await statusAndWorkflow(vpc.vpcId);

    expect(status.checks).toEqual(workflow);
    expect(workflow.flat()).toContain('security-group:fail');
    expect(status.code).toBe(3);
  });

  it('agrees with the workflow on a failed endpoint of ours: the same checks, service by service', async () => {
    const { sim, vpc, harness } = world('ssm, s3');
    await harness.run(manualInput(vpc.vpcId));
    for (const e of sim.endpoints.values()) if (e.serviceName === sim.serviceName('ssm')) e.state = 'failed';

    const { status, workflow } = await statusAndWorkflow(vpc.vpcId);

    expect(status.checks).toEqual(workflow);
    expect(workflow.flat()).toContain('endpoint-available:fail');
    expect(status.code).toBe(3);
  });

  it('says a VPC whose tags do not parse is opted in with invalid tags, as drift counts it, with every tag error', async () => {
    const { sim, vpc } = world('sssm');
    tagVpc(sim, vpc.vpcId, { 'privatelink:polcy': 'account' });

    const status = await cli('status', vpc.vpcId);
    const statusJson = JSON.parse((await cli('--json', 'status', vpc.vpcId)).out) as {
      optedIn: boolean;
      differences: { detail: string }[];
    };
    const drift = JSON.parse((await cli('--json', 'drift')).out) as {
      drifted: { findings: { detail: string }[] }[];
    };

    expect(status.code).toBe(3);
    expect(status.out).toContain(`${vpc.vpcId}: opted in, but its tags are invalid (see the differences)`);
    expect(statusJson.optedIn).toBe(true);
    expect(statusJson.differences.map((d) => d.detail)).toEqual(
      drift.drifted[0]?.findings.map((f) => f.detail),
    );
    for (const error of ['did you mean privatelink:policy?', '"sssm" is not offered'])
      expect(statusJson.differences[0]?.detail).toContain(error);
  });

  it('reports drift with exit 3 and none with exit 0', async () => {
    const { sim, vpc, harness } = world();
    await harness.run(manualInput(vpc.vpcId));
    const clean = await cli('drift');
    expect(clean).toMatchObject({ code: 0, out: expect.stringContaining('No drift in 1 opted-in VPC(s)') });
    const ssm = [...sim.endpoints.values()].find((e) => e.type === 'Interface');
    if (ssm) ssm.privateDns = false;
    const drifted = await cli('drift');
    expect(drifted.code).toBe(3);
    expect(drifted.out).toMatch(/private-dns/);
  });

  it.each([
    [
      ['plan', 'my-vpc'],
      'error: vpc-id "my-vpc" is not a VPC id; accepted: vpc- and 8 or 17 hex digits, such as vpc-0123456789abcdef0',
    ],
    [
      ['--region', 'mars-1', 'plan', 'vpc-0123456789abcdef0'],
      'error: --region "mars-1" is not an AWS region name; accepted: such as us-east-1 or eu-west-1',
    ],
    [
      ['--endpoint-url', 'notaurl', 'plan', 'vpc-0123456789abcdef0'],
      'error: --endpoint-url "notaurl" is not an http(s) URL; accepted: such as http://127.0.0.1:5000',
    ],
    [
      ['apply', '--yes', '--local', '--no-wait', 'vpc-0123456789abcdef0'],
      "error: option '--local' cannot be used with option '--no-wait'",
    ],
    [
      ['drift', '--local'],
      'error: drift --local runs the executions --remediate starts in-process: add --remediate',
    ],
    [
      ['--account', '1234', 'plan', 'vpc-0123456789abcdef0'],
      'error: --account "1234" is not an account id; accepted: 12 digits such as 111122223333',
    ],
    [
      ['--role-arn', 'arn:aws:iam::1:user/x', 'plan', 'vpc-0123456789abcdef0'],
      'error: --role-arn "arn:aws:iam::1:user/x" is not an IAM role ARN; accepted: such as arn:aws:iam::111122223333:role/privatelink-spoke',
    ],
    [
      [
        '--account',
        '111122223333',
        '--role-arn',
        'arn:aws:iam::444455556666:role/privatelink-spoke',
        'plan',
        'vpc-0123456789abcdef0',
      ],
      'error: --account 111122223333 and --role-arn (account 444455556666) name different accounts',
    ],
    [
      ['drift', '--all-accounts'],
      'error: drift --all-accounts needs "hub" with "accounts" or "organizationalUnits" in the config (README, "Hub and spokes")',
    ],
    [
      ['--profile', 'bad profile', 'plan', 'vpc-0123456789abcdef0'],
      'error: --profile "bad profile" is not a profile name; accepted: a name from ~/.aws/config',
    ],
  ])('explains %j and exits 1, changing nothing', async (args, message) => {
    const { sim } = world();
    const { code, err } = await cli(...args);
    expect({ code, err: err.split('\n')[0] }).toEqual({ code: 1, err: message });
    expect(sim.callCount((c) => c.category !== 'read')).toBe(0);
  });

  it('names the config file, not an environment variable, when the config is wrong', async () => {
    world();
    const file = join(mkdtempSync(join(tmpdir(), 'plo-')), 'bad.json');
    writeFileSync(file, '{"profiles": {"ssm": []}}');
    const { code, err } = await cli('--config', file, 'plan', 'vpc-0123456789abcdef0');
    expect(code).toBe(1);
    expect(err).toContain(`error: config file ${file} is invalid: profiles.ssm:`);
    expect(err).not.toContain('PRIVATELINK_CONFIG');
  });

  it('prints one JSON document for apply --local --json, progress on stderr only', async () => {
    const { vpc } = world();
    const { code, out, err } = await cli('--json', 'apply', '--yes', '--local', vpc.vpcId);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      request: { outcome: 'started' },
      executions: [{ status: 'SUCCEEDED', result: { vpcId: vpc.vpcId, totals: { created: 2 } } }],
    });
    expect(err).toContain('✓ Plan');
  });

  it('prints one JSON document for drift --remediate --local --json: the report and the executions it ran', async () => {
    const { sim, vpc, harness } = world();
    await harness.run(manualInput(vpc.vpcId));
    const ssm = [...sim.endpoints.values()].find((e) => e.type === 'Interface');
    if (ssm) ssm.privateDns = false;
    const { code, out } = await cli('--json', 'drift', '--remediate', '--local');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      drifted: [{ vpcId: vpc.vpcId }],
      remediations: [{ vpcId: vpc.vpcId, outcome: 'started', verdict: 'repaired' }],
      executions: [{ status: 'SUCCEEDED', result: { totals: { modified: 1 } } }],
    });
  });

  it('tells a VPC drift --remediate could not repair from one it did, read back after the runs, exit 3', async () => {
    const { sim, vpc, harness } = world('ssm');
    await harness.run(manualInput(vpc.vpcId));
    for (const e of [...sim.endpoints.values()]) sim.endpoints.delete(e.endpointId);
    sim.failingServices.add(sim.serviceName('ssm'));

    const { code, out } = await cli('drift', '--remediate', '--local');

    expect(code).toBe(3);
    expect(out).toContain(`Remediation: ${vpc.vpcId} started, still drifted`);
  });

  it('says the runs it started in the deployed stack have not repaired anything yet, exit 3', async () => {
    const { sim, vpc, harness } = world('ssm');
    await harness.run(manualInput(vpc.vpcId));
    for (const e of [...sim.endpoints.values()]) sim.endpoints.delete(e.endpointId);

    const { code, out } = await cli('drift', '--remediate');

    expect(code).toBe(3);
    expect(out).toContain(`Remediation: ${vpc.vpcId} started, not yet repaired`);
  });

  describe('under --json, one document of the shape schemas/cli-output.schema.json documents', () => {
    const ajv = new Ajv({ allErrors: true });
    ajv.addSchema(outputSchema, 'cli');
    const shapeOf = (command: string, out: string) => {
      const valid = ajv.validate(`cli#/definitions/${command}`, JSON.parse(out));
      return valid ? 'valid' : ajv.errorsText();
    };

    it.each([
      ['plan', (vpcId: string) => ['plan', vpcId]],
      ['status', (vpcId: string) => ['status', vpcId]],
      ['apply', (vpcId: string) => ['apply', '--yes', '--local', vpcId]],
      ['drift', () => ['drift', '--remediate', '--local']],
      [
        'uninstall',
        () => [
          'uninstall',
          '--local',
          '--yes',
          '--tags-file',
          join(mkdtempSync(join(tmpdir(), 'plo-')), 't.json'),
        ],
      ],
      ['progress', () => ['progress']],
    ])('%s', async (command, args) => {
      const { sim, vpc, harness } = world();
      if (command === 'drift') {
        await harness.run(manualInput(vpc.vpcId));
        const group = [...sim.securityGroups.values()].find((g) => g.tags[OWNER_TAG]);
        if (group) group.ingress = [];
      }
      const { out } = await cli('--json', ...args(vpc.vpcId));
      expect(shapeOf(command, out)).toBe('valid');
    });

    it.each([
      ['a bad VPC id', ['plan', 'my-vpc'], 'UsageError', /vpc-id "my-vpc" is not a VPC id/],
      [
        'a VPC that does not exist',
        ['status', 'vpc-0123456789abcdef0'],
        'ResourceNotFoundError',
        /does not exist/,
      ],
    ])('an error: %s, as one JSON document on stdout, exit 1', async (_what, args, name, message) => {
      world();
      const { code, out } = await cli('--json', ...args);
      expect(code).toBe(1);
      expect(shapeOf('error', out)).toBe('valid');
      expect(JSON.parse(out)).toMatchObject({ error: { name, message: expect.stringMatching(message) } });
    });
  });

  it('reports local runs by what they did: an applied VPC is done, a failed one failed with its error', async () => {
    const { sim, vpc } = world();
    const broken = sim.addVpc({ azs: 2 });
    tagVpc(sim, broken.vpcId, { 'privatelink:services': 'ssm' });
    sim.failingServices.add(sim.serviceName('ssm'));
    expect((await cli('apply', '--yes', '--local', broken.vpcId)).code).toBe(1);
    sim.failingServices.clear();
    expect((await cli('apply', '--yes', '--local', vpc.vpcId)).code).toBe(0);

    const progress = await cli('progress');

    expect(progress.code).toBe(3);
    expect(progress.out).toContain('1/2 VPC(s) done, 0 running, 1 failed, 0 not started');
    expect(progress.out).toMatch(new RegExp(`${broken.vpcId}.*failed.*Endpoint(Failed|Timeout)Error`));
  });

  it('shows a rollout’s progress: each opted-in VPC by its latest execution, exit 3 until all are done', async () => {
    const { sim, vpc, harness } = world();
    const other = sim.addVpc({ azs: 2 });
    tagVpc(sim, other.vpcId, { 'privatelink:services': 'logs' });
    // Loaded here: the trigger's module loads the functions, which must see this file's config first.
    const { askForRun } = await import('../support/trigger');
    await askForRun(vpc.vpcId, 'tag-1');
    await harness.runQueued();

    const midway = await cli('progress');
    expect(midway.code).toBe(3);
    expect(midway.out).toContain('1/2 VPC(s) done, 0 running, 0 failed, 1 not started');
    expect(midway.out).toMatch(new RegExp(`${other.vpcId}.*not started`));

    await askForRun(other.vpcId, 'tag-2');
    await harness.runQueued();
    expect(await cli('progress')).toMatchObject({
      code: 0,
      out:
        '2/2 VPC(s) done, 0 running, 0 failed, 0 not started\n' +
        'Cost: $29.20/month for 2 interface endpoint(s) in these VPCs (data processed not included; prices of 2026-11-26)',
    });
  });

  it('refuses a --since it cannot read, naming what it accepts', async () => {
    world();
    expect(await cli('progress', '--since', '5x')).toMatchObject({
      code: 1,
      err: 'error: --since "5x" is not a duration; accepted: such as 30m, 6h or 2d',
    });
  });

  it('uninstalls: asks for --yes and changes nothing without it, then opts every VPC out and removes ours', async () => {
    const { sim, vpc, harness } = world();
    const other = sim.addVpc({ azs: 2 });
    tagVpc(sim, other.vpcId, { 'privatelink:services': 'logs' });
    await harness.run(manualInput(vpc.vpcId));
    await harness.run(manualInput(other.vpcId));
    const ours = () =>
      [...sim.endpoints.values()].filter(
        (e) => e.tags[OWNER_TAG] && !['deleting', 'deleted'].includes(e.state),
      );
    expect(ours()).toHaveLength(3);
    const since = sim.calls.length;

    const asked = await cli('uninstall', '--local');
    expect(asked.code).toBe(1);
    expect(asked.err).toContain('run it again with --yes');
    expect(sim.calls.slice(since).filter((c) => c.category !== 'read')).toEqual([]);

    const tagsFile = join(mkdtempSync(join(tmpdir(), 'plo-')), 'tags.json');
    const done = await cli('uninstall', '--local', '--yes', '--tags-file', tagsFile);

    expect(done.code).toBe(0);
    expect(done.out).toContain('2 VPC(s) opted out and their runs finished: remove the stack');
    expect(ours()).toEqual([]);
    expect(sim.vpcs.get(vpc.vpcId)?.tags['privatelink:services']).toBeUndefined();
  });

  it('uninstall keeps the tags it removes in a file, says the runs are done, and restore puts the VPC back', async () => {
    const { sim, vpc, harness } = world('s3, ssm');
    tagVpc(sim, vpc.vpcId, { 'privatelink:azs': '2' });
    await harness.run(manualInput(vpc.vpcId));
    const file = join(mkdtempSync(join(tmpdir(), 'plo-')), 'tags.json');
    const ours = () =>
      [...sim.endpoints.values()].filter(
        (e) => e.tags[OWNER_TAG] && !['deleting', 'deleted'].includes(e.state),
      );

    const removed = await cli('uninstall', '--local', '--yes', '--tags-file', file);

    expect(removed.code).toBe(0);
    expect(removed.err).toContain(
      `the privatelink tags of 1 VPC(s) saved to ${file}: privatelink restore ${file}`,
    );
    expect(removed.out).toContain('1 VPC(s) opted out and their runs finished: remove the stack');
    expect(ours()).toEqual([]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      vpcs: [{ vpcId: vpc.vpcId, tags: { 'privatelink:services': 's3, ssm', 'privatelink:azs': '2' } }],
    });

    const restored = await cli('restore', '--local', file);

    expect(restored.code).toBe(0);
    expect(sim.vpcs.get(vpc.vpcId)?.tags).toMatchObject({
      'privatelink:services': 's3, ssm',
      'privatelink:azs': '2',
    });
    expect(ours()).toHaveLength(2);
  });

  it('says when a VPC’s endpoints carry another stack’s ownership tag: plan and status never call that converged', async () => {
    const { vpc, harness } = world('s3, ssm');
    await harness.run(manualInput(vpc.vpcId));
    const elsewhere = ['--stack-name', 'privatelink-other'];

    const plan = await cli(...elsewhere, 'plan', vpc.vpcId);
    const status = await cli(...elsewhere, 'status', vpc.vpcId);

    const warning =
      'carries privatelink:managed-by=privatelink-test, not privatelink-other: is --stack-name right?';
    expect(plan.out).toContain(warning);
    expect(status.out).toContain(warning);
    expect(status.code).toBe(3);
    expect(status.out).not.toContain('all checks pass');
  });

  it('prints its version', async () => {
    const { code, out } = await cli('--version');
    expect({ code, out }).toEqual({ code: 0, out: '0.1.0' });
  });

  it('lists the global options once, in the main help', async () => {
    const { out } = await cli('--help');
    for (const option of [
      '--endpoint-url <url>',
      '--output <format>',
      '--query <jmespath>',
      '--no-color',
      '--debug',
    ])
      expect(out).toContain(option);
  });

  it.each(['plan', 'apply', 'status', 'drift'])(
    "points to the main help from %s's help instead of repeating the global options",
    async (command) => {
      const { out } = await cli(command, '--help');
      expect(out).not.toContain('--endpoint-url <url>');
      expect(out).toContain('Global options (--region, --output, --query, …): privatelink --help');
    },
  );

  it('shows every state of a run with --verbose, the plumbing included', async () => {
    const { vpc } = world();
    const { code, err } = await cli('--verbose', 'apply', '--yes', '--local', vpc.vpcId);
    expect(code).toBe(0);
    for (const state of ['AcquireLock', 'ReservePermit', 'ChooseMode', 'WaitForPermit', 'ReleaseLock'])
      expect(err).toContain(`✓ ${state} (`);
  });

  it('names the missing VPC and hints at the fix, exit 1', async () => {
    world();
    const { code, err } = await cli('status', 'vpc-0123456789abcdef0');
    expect(code).toBe(1);
    expect(err).toContain('VPC vpc-0123456789abcdef0 does not exist in us-east-1');
    expect(err).toContain('hint: check the VPC id and --region');
  });

  it.each(['plan', 'apply', 'status', 'drift'])('has --help for %s', async (command) => {
    const { code, out } = await cli(command, '--help');
    expect(code).toBe(0);
    expect(out).toContain(`Usage: privatelink ${command}`);
  });

  it('rejects an unknown command with exit 1', async () => {
    const { code, err } = await cli('destroy');
    expect(code).toBe(1);
    expect(err).toContain("unknown command 'destroy'");
  });
});
