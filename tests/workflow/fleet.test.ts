import { EIGHT_SERVICES, tagFleetAtOnce, type FleetRun } from '../support/fleet';
import { askForRun } from '../support/trigger';
import { tagVpc } from '../support/workflow-harness';
import { OWNER_TAG } from '../../lib/domain/config';
import { STACK } from '../support/config';
import { checkDrift } from '../support/drift-check';

/**
 * A fleet tagged at once, through the real trigger path, every execution at the same time on one
 * simulated EC2 and one timeline (tests/support/product-time.ts), with EC2's real buckets and the SDK's
 * retries: the endpoint bucket (4, 0.3 per second) is the account's, not each execution's.
 */
const ownEndpoints = (fleet: FleetRun) =>
  [...fleet.sim.endpoints.values()].filter((e) => e.tags[OWNER_TAG] === STACK && e.state === 'available');
const endpointCalls = (fleet: FleetRun) => fleet.sim.calls.filter((c) => c.category === 'endpoint');

describe('a fleet of VPCs tagged at once', () => {
  it('converges every VPC of 20 with 8 services each: no execution fails, every endpoint is made once', async () => {
    const fleet = await tagFleetAtOnce(20);

    expect(fleet.runs.map((r) => r.status)).toEqual(Array(20).fill('SUCCEEDED'));
    expect(ownEndpoints(fleet)).toHaveLength(160);
    // 160 creates, and the safe cut-over's 6 ModifyVpcEndpoint a VPC (its interface endpoints).
    expect(endpointCalls(fleet).filter((c) => !c.throttled)).toHaveLength(160 + 120);
  });

  it('keeps to the account pace: no EC2 call of any bucket is throttled, and endpoint calls come at 0.28 per second', async () => {
    const fleet = await tagFleetAtOnce(10);

    expect(fleet.sim.calls.filter((c) => c.throttled)).toEqual([]);
    const calls = endpointCalls(fleet);
    const first = calls[0]?.at ?? 0;
    const last = calls.at(-1)?.at ?? 0;
    // 80 creates and 60 cut-over modifies: 3 at once, then one every 1/0.28 s.
    expect(calls).toHaveLength(140);
    expect((last - first) / 1000).toBeGreaterThanOrEqual((140 - 3) / 0.28 - 1);
    expect((last - first) / 1000).toBeLessThan((140 - 3) / 0.28 + 60);
  });

  it('remediates a drifted fleet through the same queue: 20 VPCs missing an endpoint, all repaired, nothing throttled', async () => {
    const fleet = await tagFleetAtOnce(20);
    for (const e of fleet.sim.endpoints.values())
      if (e.tags[OWNER_TAG] === STACK && e.serviceName === fleet.sim.serviceName('ssm')) e.state = 'deleted';
    const throttledBefore = fleet.sim.callCount((c) => c.throttled);

    const found = await checkDrift('remediate');
    const repairs = await fleet.harness.runTogether();

    expect(found.drifted).toHaveLength(20);
    expect(found.remediations.map((r) => r.outcome)).toEqual(Array(20).fill('started'));
    expect(repairs.map((r) => r.status)).toEqual(Array(20).fill('SUCCEEDED'));
    expect((await checkDrift('report')).drifted).toEqual([]);
    expect(fleet.sim.callCount((c) => c.throttled)).toBe(throttledBefore);
  });

  it('paces deletions too: 20 VPCs dropping a service at once delete at the account pace, nothing throttled', async () => {
    const fleet = await tagFleetAtOnce(20);
    const throttledBefore = fleet.sim.callCount((c) => c.throttled);
    for (const [i, vpcId] of fleet.vpcIds.entries()) {
      tagVpc(fleet.sim, vpcId, { 'privatelink:services': EIGHT_SERVICES.replace(', logs', '') });
      await askForRun(vpcId, `drop-logs-${i}`);
    }

    const runs = await fleet.harness.runTogether();

    expect(runs.map((r) => r.status)).toEqual(Array(20).fill('SUCCEEDED'));
    expect(fleet.sim.callCount((c) => c.command === 'DeleteVpcEndpoints' && !c.throttled)).toBe(20);
    expect(fleet.sim.callCount((c) => c.throttled)).toBe(throttledBefore);
  });

  it('would fail without it: 0.1 paced each execution alone, and most of 20 executions failed', async () => {
    // As 0.1 made them: private DNS at creation, no cut-over.
    const fleet = await tagFleetAtOnce(20, {
      pacing: 'execution',
      tags: { 'privatelink:cutover': 'direct' },
    });

    expect(fleet.runs.filter((r) => r.status !== 'SUCCEEDED').length).toBeGreaterThan(5);
  });
});
