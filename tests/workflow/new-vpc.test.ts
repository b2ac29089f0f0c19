import { lambdaContext } from '../../cli/local-handlers';
import { OWNER_TAG } from '../../lib/domain/config';
import { loadEvent } from '../support/fixtures';
import { SimEc2 } from '../support/sim-ec2/api';
import { createHarness } from '../support/workflow-harness';

/**
 * A VPC created without privatelink tags, with a default profile configured: the trigger tags it with the
 * profile (the tags stay the source of truth, and IAM lets endpoints only into VPCs that carry them),
 * then the run reads the tag. The functions read their config when loaded: this file loads them after.
 */
process.env.PRIVATELINK_CONFIG = JSON.stringify({ newVpcDefaultProfile: 'ssm' });

/** As Lambda gives it: the ARN names the functions' own account, as the harness's steps see it. */
const context = lambdaContext('onVpcEvent');

describe('a VPC created without privatelink tags, under a default profile', () => {
  it('is tagged with the profile by the trigger and provisioned from that tag', async () => {
    const sim = new SimEc2();
    sim.addDefaultOffers();
    const vpc = sim.addVpc({ azs: 2 });
    const harness = createHarness(sim);
    const event = loadEvent('cloudtrail-create-vpc-untagged');
    const detail = event.detail as { responseElements: { vpc: { vpcId: string } } };
    detail.responseElements.vpc.vpcId = vpc.vpcId;
    const { handler } = await import('../../functions/on-vpc-event/handler');

    await handler(event as never, context);
    const [run] = await harness.runQueued();

    expect(sim.vpcs.get(vpc.vpcId)?.tags['privatelink:profile']).toBe('ssm');
    expect(run?.status).toBe('SUCCEEDED');
    expect(JSON.parse(String(harness.sfn.executions.values().next().value?.input))).not.toHaveProperty(
      'desired',
    );
    const own = [...sim.endpoints.values()].filter((e) => e.tags[OWNER_TAG]).map((e) => e.serviceName);
    expect(own.sort()).toEqual(['ec2messages', 'ssm', 'ssmmessages'].map((s) => sim.serviceName(s)).sort());
  });

  it('of a member account (forwarded to a hub) is left alone: nothing tagged, no run', async () => {
    const sim = new SimEc2();
    sim.addDefaultOffers();
    const vpc = sim.addVpc({ azs: 2 });
    const harness = createHarness(sim);
    const event = loadEvent('cloudtrail-create-vpc-untagged');
    event.account = '444455556666';
    const detail = event.detail as { responseElements: { vpc: { vpcId: string } } };
    detail.responseElements.vpc.vpcId = vpc.vpcId;
    const { handler } = await import('../../functions/on-vpc-event/handler');

    const answer = (await handler(event as never, context)) as { runs: unknown[] };

    expect(answer.runs).toEqual([]);
    expect(sim.vpcs.get(vpc.vpcId)?.tags['privatelink:profile']).toBeUndefined();
    expect(harness.sfn.executions.size).toBe(0);
  });
});
