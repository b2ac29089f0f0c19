import { parseConfig, type OrchestratorConfig } from '../../lib/domain/config';
import { deployment, useDeployment } from '../../functions/_shared/compose';
import { routeTo } from './central-routes';
import { SimEc2, type SimOptions } from './sim-ec2/simulator';
import { askForRun } from './trigger';
import { createHarness, tagVpc, type Harness, type HarnessRun } from './workflow-harness';

/** The interface services of the demo's eight: what a central VPC can share (gateways stay per VPC). */
export const SIX_INTERFACE_SERVICES = 'ssm, ssmmessages, ec2messages, ecr.api, ecr.dkr, logs';

const CENTRAL_CIDR = '100.64.0.0/16';

export interface CentralFleetRun {
  sim: SimEc2;
  harness: Harness;
  centralVpcId: string;
  spokeIds: string[];
  /** The spokes' executions, all started at once. */
  runs: HarnessRun[];
  /** Simulated ms from the spokes' tags to the last spoke execution's end. */
  elapsedMs: number;
}

/** Runs `work` with `config` as every function's deployed config, then gives the previous one back. */
export async function withConfig<T>(config: OrchestratorConfig, work: () => Promise<T>): Promise<T> {
  const previous = deployment();
  useDeployment({ ...previous, config });
  try {
    return await work();
  } finally {
    useDeployment(previous);
  }
}

/** The deployed config of a central fleet: the spoke list sized for `spokes` CIDRs, the probe as given. */
export const centralConfig = (spokes: number, stackName: string, extra: Record<string, unknown> = {}) =>
  parseConfig(JSON.stringify({ central: { maxSpokeCidrs: Math.max(50, spokes) }, ...extra }), stackName);

/**
 * A central VPC of one account and region sharing `services`, converged first; then `count` spoke VPCs
 * (3 AZs each, their private subnets routed to the central VPC through a transit gateway) tagged
 * `privatelink:use=central` at once: each tag event reaches the trigger, which asks for a run through the
 * lock, and every spoke's execution runs at the same time on one simulated account (EC2 and Route 53 with
 * their buckets as the simulator's options say) and one timeline.
 */
export async function centralFleetAtOnce(
  count: number,
  options: { services?: string; sim?: SimOptions } = {},
): Promise<CentralFleetRun> {
  const services = options.services ?? SIX_INTERFACE_SERVICES;
  const sim = new SimEc2(options.sim);
  sim.addDefaultOffers();
  const central = sim.addVpc({ azs: 3, cidr: CENTRAL_CIDR });
  const spokeIds: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const spoke = sim.addVpc({ azs: 3, cidr: `${10 + Math.floor(i / 256)}.${i % 256}.0.0/16` });
    routeTo(sim, spoke, CENTRAL_CIDR);
    spokeIds.push(spoke.vpcId);
  }
  const harness = createHarness(sim);
  tagVpc(sim, central.vpcId, { 'privatelink:services': services, 'privatelink:share': 'all' });
  await askForRun(central.vpcId, 'tag-event-central');
  const [centralRun] = await harness.runTogether();
  if (centralRun?.status !== 'SUCCEEDED')
    throw new Error(
      `the central VPC's run ended ${centralRun?.status}: ${JSON.stringify(centralRun?.output)}`,
    );
  const start = sim.clock.now();
  for (const [i, vpcId] of spokeIds.entries()) {
    tagVpc(sim, vpcId, { 'privatelink:services': services, 'privatelink:use': 'central' });
    await askForRun(vpcId, `tag-event-${i}`);
  }
  const runs = await harness.runTogether();
  return { sim, harness, centralVpcId: central.vpcId, spokeIds, runs, elapsedMs: sim.clock.now() - start };
}
