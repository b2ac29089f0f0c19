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
const paceRecords = (fleet: FleetRun) =>
  [...fleet.harness.dynamo.table(process.env.LOCK_TABLE_NAME ?? '').values()]
    .map((item) => item.vpcId?.S ?? '')
    .filter((key) => key.startsWith('pace#'));
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

  it('keeps one pace for the account whatever starts its runs: 10 VPCs tagged while the drift check remediates 10 others, nothing throttled', async () => {
    const fleet = await tagFleetAtOnce(10);
    for (const e of fleet.sim.endpoints.values())
      if (e.tags[OWNER_TAG] === STACK && e.serviceName === fleet.sim.serviceName('ssm')) e.state = 'deleted';
    const throttledBefore = fleet.sim.callCount((c) => c.throttled);
    const found = await checkDrift('remediate');
    const fresh = Array.from(
      { length: 10 },
      (_, i) => fleet.sim.addVpc({ azs: 3, cidr: `10.${100 + i}.0.0/16` }).vpcId,
    );
    for (const [i, vpcId] of fresh.entries()) {
      tagVpc(fleet.sim, vpcId, { 'privatelink:services': EIGHT_SERVICES });
      await askForRun(vpcId, `fresh-${i}`);
    }

    const runs = await fleet.harness.runTogether();

    expect(found.remediations.map((r) => r.outcome)).toEqual(Array(10).fill('started'));
    expect(runs.map((r) => r.status)).toEqual(Array(20).fill('SUCCEEDED'));
    expect(fleet.sim.callCount((c) => c.throttled)).toBe(throttledBefore);
    expect(paceRecords(fleet).sort()).toEqual([
      'pace#endpoint#123456789012#us-east-1',
      'pace#read#123456789012#us-east-1',
    ]);
  });

  it('paces route repairs too: 30 VPCs whose gateway routes vanished as they gained a service repair every route, nothing throttled', async () => {
    const fleet = await tagFleetAtOnce(30, { services: 's3, dynamodb' });
    const throttledBefore = fleet.sim.callCount((c) => c.throttled);
    for (const rt of fleet.sim.routeTables.values())
      rt.routes = rt.routes.filter((r) => !r.DestinationPrefixListId);
    for (const [i, vpcId] of fleet.vpcIds.entries()) {
      tagVpc(fleet.sim, vpcId, { 'privatelink:services': 's3, dynamodb, ssm' });
      await askForRun(vpcId, `add-ssm-${i}`);
    }

    const runs = await fleet.harness.runTogether();

    expect(runs.map((r) => r.status)).toEqual(Array(30).fill('SUCCEEDED'));
    expect(fleet.sim.callCount((c) => c.throttled)).toBe(throttledBefore);
    const prefixRoutes = [...fleet.sim.routeTables.values()].flatMap((rt) =>
      rt.routes.filter((r) => r.DestinationPrefixListId),
    );
    expect(prefixRoutes).toHaveLength(fleet.sim.routeTables.size * 2);
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
