import { resolveFunctionArns } from '../../lib/operations/local/run-state-machine';
import { provisionStateMachine } from '../../lib/workflow/state-machine/provision';
import { withExecutionPacing, type EndpointPacing } from './baseline-pacing';
import { SimEc2, type SimOptions } from './sim-ec2/simulator';
import { askForRun } from './trigger';
import { createHarness, tagVpc, type Harness, type HarnessRun } from './workflow-harness';

export const EIGHT_SERVICES = 's3, dynamodb, ssm, ssmmessages, ec2messages, ecr.api, ecr.dkr, logs';

export interface FleetRun {
  sim: SimEc2;
  harness: Harness;
  runs: HarnessRun[];
  vpcIds: string[];
  /** Simulated ms from the tags to the last execution's end. */
  elapsedMs: number;
}

/**
 * `count` fresh VPCs in one account and region, tagged at once: each tag event reaches the trigger
 * function, which asks for a run through the lock, and every execution runs at the same time on one
 * simulated EC2 (its real buckets) and one timeline. `pacing` picks the state machine: what ships, or
 * 0.1's per-execution pacing (the benchmark's baseline).
 */
export async function tagFleetAtOnce(
  count: number,
  options: {
    pacing?: EndpointPacing;
    services?: string;
    sim?: SimOptions;
    tags?: Record<string, string>;
  } = {},
): Promise<FleetRun> {
  const sim = new SimEc2(options.sim);
  sim.addDefaultOffers();
  const vpcIds: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const cidr = `${10 + Math.floor(i / 256)}.${i % 256}.0.0/16`;
    vpcIds.push(sim.addVpc({ azs: 3, cidr }).vpcId);
  }
  const shipped = provisionStateMachine;
  const definition = resolveFunctionArns(
    options.pacing === 'execution' ? withExecutionPacing(shipped) : shipped,
  );
  const harness = createHarness(sim, definition);
  const start = sim.clock.now();
  for (const [i, vpcId] of vpcIds.entries()) {
    tagVpc(sim, vpcId, { 'privatelink:services': options.services ?? EIGHT_SERVICES, ...options.tags });
    await askForRun(vpcId, `tag-event-${i}`);
  }
  const runs = await harness.runTogether();
  return { sim, harness, runs, vpcIds, elapsedMs: sim.clock.now() - start };
}
