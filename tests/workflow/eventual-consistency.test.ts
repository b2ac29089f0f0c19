import { OWNER_TAG } from '../../lib/domain/config';
import type { ExecutionResult } from '../../lib/workflow/result-document';
import type { SimEc2 } from '../support/sim-ec2/api';
import { askForRun, taggedWorld } from '../support/trigger';
import { manualInput, tagVpc } from '../support/workflow-harness';

/**
 * EC2 is eventually consistent (docs/architecture.md, "The simulated EC2"): a new endpoint can be missing
 * from describes for a while, and a pending endpoint refuses changes. The workflow stays correct.
 */
const EIGHT = 's3, dynamodb, ssm, ssmmessages, ec2messages, ecr.api, ecr.dkr, logs';
const ours = (sim: SimEc2) =>
  [...sim.endpoints.values()].filter((e) => e.tags[OWNER_TAG] && !['deleting', 'deleted'].includes(e.state));

describe('new endpoints that describes do not show yet', () => {
  it.each([45_000, 90_000])('are waited for, not declared ready while missing (lag %d ms)', async (lag) => {
    const { vpc, harness } = taggedWorld(EIGHT, { describeLagMs: lag }, 3);

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(run.status).toBe('SUCCEEDED');
    const result = run.output as ExecutionResult;
    expect(result.totals.checksFailed).toBe(0);
    expect(result.services.map((s) => s.state)).toEqual(Array(8).fill('available'));
  });

  it.each([
    ['off', 'false'],
    ['on', 'true'],
  ])(
    'give no duplicate when a run crashes after creating and the next starts at once (private DNS %s)',
    async (_dns, privateDns) => {
      const { sim, vpc, harness } = taggedWorld('ssm, logs', { describeLagMs: 60_000 }, 3);
      tagVpc(sim, vpc.vpcId, { 'privatelink:private-dns': privateDns });
      await askForRun(vpc.vpcId, 'first');
      const creates = () => sim.calls.filter((c) => c.command === 'CreateVpcEndpoint' && !c.throttled).length;
      // Crash right after the second endpoint is created: both exist, neither is visible yet.
      const [crashed] = await harness.runQueued({ crashAfter: 2 + 2 });
      expect(crashed?.status).toBe('ABORTED');
      expect(creates()).toBe(2);

      await askForRun(vpc.vpcId, 'again');
      const after = await harness.runQueued();

      expect(after.at(-1)?.status).toBe('SUCCEEDED');
      const services = ours(sim)
        .map((e) => e.serviceName)
        .sort();
      expect(services).toEqual([sim.serviceName('logs'), sim.serviceName('ssm')]);
      expect((after.at(-1)?.output as ExecutionResult).totals.checksFailed).toBe(0);
    },
  );
});

describe('an endpoint an interrupted run made, deleted by someone since', () => {
  it('is made anew: the repeated request answers the deleted one, which is forgotten, not waited for', async () => {
    const { sim, vpc, harness } = taggedWorld('ssm, logs', {}, 3);
    await askForRun(vpc.vpcId, 'first');
    const [crashed] = await harness.runQueued({ crashAfter: 2 + 2 });
    expect(crashed?.status).toBe('ABORTED');
    for (const e of ours(sim)) e.state = 'deleted'; // a person cleans up, minutes later

    await askForRun(vpc.vpcId, 'again');
    const after = await harness.runQueued();

    expect(after.at(-1)?.status).toBe('SUCCEEDED');
    expect(
      ours(sim)
        .map((e) => e.serviceName)
        .sort(),
    ).toEqual([sim.serviceName('logs'), sim.serviceName('ssm')]);
  });
});

describe('an endpoint still pending', () => {
  it('is modified once it may be: the refusal (IncorrectState) is retried while it settles', async () => {
    const { sim, vpc, harness } = taggedWorld('ssm', { describeLagMs: 0 }, 3);
    // Made with private DNS on, so that turning it off is a change to a still-pending endpoint.
    tagVpc(sim, vpc.vpcId, { 'privatelink:cutover': 'direct' });
    await askForRun(vpc.vpcId, 'first');
    const [crashed] = await harness.runQueued({ crashAfter: 3 }); // group, its rule, the endpoint
    expect(crashed?.status).toBe('ABORTED');
    tagVpc(sim, vpc.vpcId, { 'privatelink:private-dns': 'false' });

    await askForRun(vpc.vpcId, 'again');
    const [run] = await harness.runQueued();

    expect(run?.status).toBe('SUCCEEDED');
    expect(sim.calls.some((c) => c.command === 'ModifyVpcEndpoint')).toBe(true);
    expect(ours(sim).map((e) => [e.serviceName, e.privateDns, e.state])).toEqual([
      [sim.serviceName('ssm'), false, 'available'],
    ]);
  });
});

describe('a failure in the middle of the endpoint Map', () => {
  it('compensates away only what failed, never an endpoint that is merely still pending', async () => {
    const { sim, vpc, harness } = taggedWorld('ssm, logs, sts, kms, secretsmanager', { describeLagMs: 0 }, 3);
    sim.failingServices.add(sim.serviceName('kms'));

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(run.status).toBe('FAILED');
    expect(
      ours(sim)
        .map((e) => e.serviceName)
        .sort(),
    ).toEqual(['logs', 'secretsmanager', 'ssm', 'sts'].map((s) => sim.serviceName(s)).sort());
  });
});
