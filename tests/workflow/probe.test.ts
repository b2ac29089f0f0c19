import { main } from '../../cli/main';
import { OWNER_TAG } from '../../lib/domain/config';
import { STATE_MACHINE_ARN } from '../support/sim-sfn';
import type { ExecutionResult } from '../../lib/workflow/result-document';
import { statesEntered } from '../support/run-inspection';
import { SimEc2 } from '../support/sim-ec2/api';
import { createHarness, manualInput, tagVpc } from '../support/workflow-harness';

/**
 * The live probe's placement in the workflow: a copy of the deployed probe created in the VPC, waited on
 * until Active, invoked, and removed — over the simulated EC2 and Lambda (aws-sdk-client-mock). The probe's
 * own network checks are tested against real local servers in tests/unit/probe.
 */
const STACK = 'privatelink-test';

function world(options: ConstructorParameters<typeof SimEc2>[0] = {}) {
  const sim = new SimEc2(options);
  sim.addDefaultOffers();
  const vpc = sim.addVpc({ azs: 2 });
  const harness = createHarness(sim);
  tagVpc(sim, vpc.vpcId, { 'privatelink:services': 's3, ssm' });
  return { sim, vpc, harness };
}

/** A probe answer where the named service's one check fails and the others pass. */
const failingFor =
  (failing: string, name: string, detail: string) =>
  (payload: { targets: { service: string; type: string }[] }) =>
    payload.targets.map((t) => ({
      service: t.service,
      type: t.type,
      checks: [
        { name, status: t.service === failing ? 'fail' : 'pass', detail, ms: t.service === failing ? 4 : 2 },
      ],
    }));

const probeCopies = (harness: ReturnType<typeof createHarness>) =>
  [...harness.lambda.functions.values()].filter((f) => f.name.includes('-probe-'));
const probeGroups = (sim: SimEc2) =>
  [...sim.securityGroups.values()].filter(
    (g) => g.groupName.includes('-probe-') && g.tags[OWNER_TAG] === STACK,
  );

describe('the live probe in the workflow', () => {
  it('is created in the endpoint subnets, waited on until Active, invoked with every endpoint, and removed', async () => {
    const { sim, vpc, harness } = world();
    const created: unknown[] = [];
    const run = await harness.run(manualInput(vpc.vpcId), {
      intercept: async (fn, event, invoke) => {
        const out = await invoke();
        if (fn === 'prepareProbe')
          created.push(...probeCopies(harness).map((f) => ({ ...f.config, Code: undefined })));
        return out;
      },
    });

    expect(run.status).toBe('SUCCEEDED');
    const states = statesEntered(run);
    expect(states).toEqual(
      expect.arrayContaining(['PrepareProbe', 'WaitForProbe', 'CheckProbe', 'RunProbe', 'RemoveProbe']),
    );
    expect(states.filter((s) => s === 'CheckProbe').length).toBeGreaterThan(1);
    expect(created).toEqual([
      expect.objectContaining({
        FunctionName: `${STACK}-probe-${vpc.vpcId}`,
        VpcConfig: { SubnetIds: vpc.privateSubnets, SecurityGroupIds: [probeGroups(sim)[0]?.groupId] },
        Tags: expect.objectContaining({ [OWNER_TAG]: STACK }),
      }),
    ]);
    expect(probeCopies(harness)).toEqual([]);
    const result = run.output as ExecutionResult;
    for (const s of result.services) expect(s.checks.map((c) => c.name)).toContain('live dns');
    const invoked = harness.invocations.find((i) => i.fn === 'runProbe');
    expect(invoked).toBeDefined();
  });

  it('allows the probe only HTTPS out to the VPC and the gateway prefix lists', async () => {
    const { sim, vpc, harness } = world();
    await harness.run(manualInput(vpc.vpcId));
    const [group] = probeGroups(sim);
    expect(group?.ingress).toEqual([]);
    expect(group?.egress).toEqual(
      expect.arrayContaining([{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.10.0.0/16' }]),
    );
    expect(
      group?.egress.every(
        (r) =>
          r.IpProtocol === 'tcp' &&
          r.FromPort === 443 &&
          (r.CidrIp === '10.10.0.0/16' || r.PrefixListId?.startsWith('pl-')),
      ),
    ).toBe(true);
  });

  it('tries the live checks again for 60 s: an endpoint passes traffic some time after it is available', async () => {
    // Slower than usual (20-30 s), so the probe's first try, ~25 s after available, still fails.
    const { vpc, harness } = world({ workingAfterMs: 45_000 });

    const run = await harness.run(manualInput(vpc.vpcId));

    const result = run.output as ExecutionResult;
    expect(result.totals.checksFailed).toBe(0);
    expect(statesEntered(run).filter((s) => s === 'RunProbe').length).toBeGreaterThan(1);
  });

  it('gives a check that keeps failing seven tries, 60 s, before it reports it', async () => {
    const { vpc, harness } = world();
    harness.lambda.responder = failingFor('ssm', 'tcp', 'connection timed out');

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(statesEntered(run).filter((s) => s === 'RunProbe')).toHaveLength(7);
    expect(statesEntered(run).filter((s) => s === 'WaitBeforeLiveChecks')).toHaveLength(6);
    expect((run.output as ExecutionResult).totals.checksFailed).toBe(1);
  });

  it('reports a failed live check, emits Connectivity Check Failed, and still removes the copy', async () => {
    const { vpc, harness } = world();
    harness.lambda.responder = failingFor('ssm', 'dns', 'ssm.us-east-1.amazonaws.com resolves to 52.94.1.1');

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(run.status).toBe('SUCCEEDED');
    const ssm = (run.output as ExecutionResult).services.find((s) => s.service === 'ssm');
    expect(ssm?.checks).toContainEqual({
      name: 'live dns',
      status: 'fail',
      detail: 'ssm.us-east-1.amazonaws.com resolves to 52.94.1.1 (4 ms)',
    });
    expect(harness.events().map((e) => e.detailType)).toContain('PrivateLink Connectivity Check Failed');
    // Never reported as a success while a check fails.
    expect((run.output as ExecutionResult).status).toBe('checks-failed');
    expect(harness.events().map((e) => e.detailType)).not.toContain('PrivateLink Provisioning Succeeded');
    expect(probeCopies(harness)).toEqual([]);
  });

  it('removes the copy when it never becomes Active, and reports why', async () => {
    const { vpc, harness } = world();
    harness.lambda.failStart = true;

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(run.status).toBe('SUCCEEDED');
    const checks = (run.output as ExecutionResult).services.flatMap((s) =>
      s.checks.filter((c) => c.name === 'live'),
    );
    expect(checks[0]).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/failed to start: simulated ENI failure/),
    });
    expect(probeCopies(harness)).toEqual([]);
  });

  it('does not run on a converged VPC unless asked, and says why', async () => {
    const { vpc, harness } = world();
    await harness.run(manualInput(vpc.vpcId));
    const again = await harness.run(manualInput(vpc.vpcId));
    expect(statesEntered(again)).not.toContain('PrepareProbe');
    const live = (again.output as ExecutionResult).services[0]?.checks.find((c) => c.name === 'live');
    expect(live).toMatchObject({ status: 'skip', detail: expect.stringMatching(/nothing changed/) });
    const asked = await harness.run(manualInput(vpc.vpcId, { probe: true }));
    expect(statesEntered(asked)).toContain('RunProbe');
  });

  it('leaves no copy and no group behind when the VPC opts out, even one kept between runs', async () => {
    const { sim, vpc, harness } = world();
    await harness.run(manualInput(vpc.vpcId), {
      // As if keepBetweenRuns were on: the copy survives its run.
      intercept: (fn, event, invoke) => (fn === 'removeProbe' ? Promise.resolve({ kept: true }) : invoke()),
    });
    expect(probeCopies(harness)).toHaveLength(1);
    delete sim.vpcs.get(vpc.vpcId)?.tags['privatelink:services'];

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(statesEntered(run)).toContain('RemoveProbe');
    expect(statesEntered(run)).not.toContain('LiveProbe');
    expect(probeCopies(harness)).toEqual([]);
    expect(probeGroups(sim)).toEqual([]);
  });

  it('shows its last failed check in privatelink status, which exits 3', async () => {
    const { vpc, harness } = world();
    harness.lambda.responder = failingFor('ssm', 'tls 10.10.100.10', 'ECONNREFUSED');
    await harness.run(manualInput(vpc.vpcId));
    const out: string[] = [];
    const code = await main(
      [
        'node',
        'privatelink',
        '--stack-name',
        STACK,
        '--state-machine-arn',
        STATE_MACHINE_ARN,
        'status',
        vpc.vpcId,
      ],
      { out: (t) => out.push(t), err: () => undefined },
    );
    expect(code).toBe(3);
    expect(out.join('\n')).toMatch(/last live probe .*: ✗ ssm tls 10\.10\.100\.10: ECONNREFUSED/);
  });
});
