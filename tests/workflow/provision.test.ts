import { OWNER_TAG } from '../../lib/config';
import type { ExecutionResult } from '../../lib/workflow/report-step';
import { SimEc2 } from '../support/sim-ec2/api';
import { createHarness, manualInput, tagVpc } from '../support/workflow-harness';

const EIGHT = 's3, dynamodb, ssm, ssmmessages, ec2messages, ecr.api, ecr.dkr, logs';

function freshWorld() {
  const sim = new SimEc2();
  sim.addDefaultOffers();
  const vpc = sim.addVpc({ azs: 3 });
  return { sim, vpc, harness: createHarness(sim) };
}

describe('provisioning a fresh VPC', () => {
  it('creates eight endpoints with routes, one managed security group and passing checks', async () => {
    const { sim, vpc, harness } = freshWorld();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': EIGHT });

    const run = await harness.run(manualInput(vpc.vpcId));

    expect({ error: run.error, cause: run.cause }).toEqual({ error: undefined, cause: undefined });
    expect(run.status).toBe('SUCCEEDED');
    const result = run.output as ExecutionResult;
    console.log(
      run.events
        .filter((e) => e.type === 'StateEntered')
        .map((e) => (e as { state: { name: string } }).state.name)
        .join(' '),
    );
    expect(result.totals.created).toBe(8);
    expect(result.totals.checksFailed).toBe(0);
    const endpoints = [...sim.endpoints.values()];
    expect(endpoints).toHaveLength(8);
    expect(endpoints.every((e) => e.state === 'available' && e.tags[OWNER_TAG] === 'privatelink-test')).toBe(
      true,
    );
    const interfaces = endpoints.filter((e) => e.type === 'Interface');
    expect(interfaces).toHaveLength(6);
    for (const e of interfaces) {
      expect(e.subnetIds.sort()).toEqual([...vpc.privateSubnets].sort());
      expect(e.privateDns).toBe(true);
    }
    console.log(JSON.stringify({ transitions: run.transitions, apiCalls: result.apiCalls }));
  });
});
