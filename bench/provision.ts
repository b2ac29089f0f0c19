/**
 * The cost of one provisioning execution over the simulated EC2: a fresh 3-AZ VPC asking for eight
 * services, then the same execution again on the converged VPC. EC2 calls are the simulator's own count
 * (read and mutating); state transitions are the StateEntered events of the real ASL run locally.
 */
import { SimEc2 } from '../tests/support/sim-ec2/simulator';
import { createHarness, manualInput, tagVpc } from '../tests/support/workflow-harness';

export interface ProvisionRow {
  run: string;
  read: number;
  mutating: number;
  transitions: number;
  simulatedSeconds: number;
  status: string;
}

export async function measureProvisioning(): Promise<ProvisionRow[]> {
  const sim = new SimEc2({ latencyMs: 50 });
  sim.addDefaultOffers();
  const vpc = sim.addVpc({ azs: 3 });
  tagVpc(sim, vpc.vpcId, {
    'privatelink:services': 's3, dynamodb, ssm, ssmmessages, ec2messages, ecr.api, ecr.dkr, logs',
  });
  const harness = createHarness(sim);
  const rows: ProvisionRow[] = [];
  for (const label of ['fresh VPC, 8 services', 'converged re-run']) {
    const calls = sim.calls.length;
    const start = sim.clock.now();
    const run = await harness.run(manualInput(vpc.vpcId));
    const made = sim.calls.slice(calls);
    rows.push({
      run: label,
      read: made.filter((c) => c.category === 'read').length,
      mutating: made.filter((c) => c.category !== 'read').length,
      transitions: run.transitions,
      simulatedSeconds: (sim.clock.now() - start) / 1000,
      status: run.status,
    });
  }
  return rows;
}
