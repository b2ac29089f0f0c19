/**
 * One process's provisioning rows (bench/provision.ts runs it once per config: the functions read their
 * config once, at cold start, as on Lambda). Prints the rows as JSON.
 */
import './function-env';
import { SimEc2 } from '../tests/support/sim-ec2/simulator';
import { createHarness, manualInput, tagVpc } from '../tests/support/workflow-harness';

const SERVICES = 's3, dynamodb, ssm, ssmmessages, ec2messages, ecr.api, ecr.dkr, logs';

async function rows(label: string) {
  const sim = new SimEc2({ latencyMs: 50 });
  sim.addDefaultOffers();
  const vpc = sim.addVpc({ azs: 3 });
  // The floor (bench/provision.ts) is for private DNS from the start; the safe cut-over is measured apart.
  tagVpc(sim, vpc.vpcId, {
    'privatelink:services': SERVICES,
    'privatelink:cutover': process.env.BENCH_CUTOVER ?? 'direct',
  });
  const harness = createHarness(sim);
  const out = [];
  for (const run of [`fresh VPC, 8 services, ${label}`, `converged re-run, ${label}`]) {
    const calls = sim.calls.length;
    const start = sim.clock.now();
    const readsByFunction: Record<string, number> = {};
    const result = await harness.run(manualInput(vpc.vpcId), {
      intercept: async (fn, _event, invoke) => {
        const before = sim.calls.length;
        const answer = await invoke();
        const reads = sim.calls.slice(before).filter((c) => c.category === 'read').length;
        if (reads) readsByFunction[fn] = (readsByFunction[fn] ?? 0) + reads;
        return answer;
      },
    });
    const made = sim.calls.slice(calls);
    out.push({
      run,
      read: made.filter((c) => c.category === 'read').length,
      mutating: made.filter((c) => c.category !== 'read').length,
      transitions: result.transitions,
      simulatedSeconds: (sim.clock.now() - start) / 1000,
      status: result.status,
      readsByFunction,
    });
  }
  return out;
}

void rows(process.env.BENCH_PROBE_LABEL ?? 'probe on').then((r) => process.stdout.write(JSON.stringify(r)));
