import { lambdaContext } from '../../cli/local-handlers';
import { handler as onVpcEvent } from '../../functions/on-vpc-event/handler';
import { loadEvent } from './fixtures';
import { SimEc2 } from './sim-ec2/api';
import { createHarness, tagVpc } from './workflow-harness';

/** As Lambda gives it: the ARN names the functions' own account, as the harness's steps see it. */
const context = lambdaContext('onVpcEvent');

/**
 * A person changed the VPC's privatelink tags: the real-shaped tag event reaches the trigger function,
 * as on AWS, which asks for a run through the lock. Each event id is its own event.
 */
export function askForRun(vpcId: string, eventId: string) {
  const event = loadEvent('tag-change-vpc');
  event.resources = [`arn:aws:ec2:us-east-1:123456789012:vpc/${vpcId}`];
  event.id = eventId;
  return onVpcEvent(event as never, context);
}

/** A simulated account with one VPC tagged for `services`, and the harness around it. */
export function taggedWorld(
  services: string,
  options: ConstructorParameters<typeof SimEc2>[0] = {},
  azs = 2,
) {
  const sim = new SimEc2(options);
  sim.addDefaultOffers();
  const vpc = sim.addVpc({ azs });
  const harness = createHarness(sim);
  tagVpc(sim, vpc.vpcId, { 'privatelink:services': services });
  return { sim, vpc, harness };
}
