import { OWNER_TAG } from '../../lib/domain/config';
import type { ExecutionResult } from '../../lib/workflow/result-document';
import { askForRun, taggedWorld } from '../support/trigger';
import { tagVpc } from '../support/workflow-harness';

/** `privatelink:azs` through the real path: tag → trigger → lock → execution, on the simulated EC2. */
describe('an AZ policy on a 3-AZ VPC', () => {
  it('places each interface endpoint in as many AZs as asked, reports the saving, and widens on a new tag', async () => {
    const { sim, vpc, harness } = taggedWorld('ssm, logs, s3', {}, 3);
    tagVpc(sim, vpc.vpcId, { 'privatelink:azs': 'ssm=1, logs=2' });
    const azsOf = () =>
      Object.fromEntries(
        [...sim.endpoints.values()]
          .filter((e) => e.tags[OWNER_TAG] && e.type === 'Interface')
          .map((e) => [e.serviceName.split('.').pop(), e.subnetIds.length]),
      );

    await askForRun(vpc.vpcId, 'azs-1');
    const [first] = await harness.runQueued();

    expect(first?.status).toBe('SUCCEEDED');
    expect(azsOf()).toEqual({ ssm: 1, logs: 2 });
    expect((first?.output as ExecutionResult).cost).toMatchObject({ monthlyAfter: 21.9, change: 21.9 });

    tagVpc(sim, vpc.vpcId, { 'privatelink:azs': 'all' });
    await askForRun(vpc.vpcId, 'azs-all');
    const [second] = await harness.runQueued();

    expect(second?.status).toBe('SUCCEEDED');
    expect(azsOf()).toEqual({ ssm: 3, logs: 3 });
    expect((second?.output as ExecutionResult).cost).toMatchObject({ monthlyAfter: 43.8, change: 21.9 });
  });
});
