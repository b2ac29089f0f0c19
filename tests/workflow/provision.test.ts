import { OWNER_TAG } from '../../lib/domain/config';
import type { ExecutionResult } from '../../lib/workflow/result-document';
import { SimEc2 } from '../support/sim-ec2/api';
import { createHarness, manualInput, tagVpc } from '../support/workflow-harness';
import { mutatingCalls, statesEntered } from '../support/run-inspection';
import { createForeignGateway } from '../support/foreign-endpoints';

const EIGHT = 's3, dynamodb, ssm, ssmmessages, ec2messages, ecr.api, ecr.dkr, logs';
const STACK = 'privatelink-test';

function freshWorld(sim = new SimEc2()) {
  sim.addDefaultOffers();
  const vpc = sim.addVpc({ azs: 3 });
  return { sim, vpc, harness: createHarness(sim) };
}

const ownEndpoints = (sim: SimEc2) => [...sim.endpoints.values()].filter((e) => e.tags[OWNER_TAG] === STACK);
const managedGroups = (sim: SimEc2) =>
  [...sim.securityGroups.values()].filter((g) => g.tags[OWNER_TAG] === STACK);
const endpointGroups = (sim: SimEc2) => managedGroups(sim).filter((g) => g.groupName.includes('-endpoints-'));

describe('provisioning a fresh 3-AZ VPC with eight services', () => {
  it('creates every endpoint in one call each, with routes, one managed security group and passing checks', async () => {
    const { sim, vpc, harness } = freshWorld();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': EIGHT });

    const run = await harness.run(manualInput(vpc.vpcId));

    expect({ error: run.error, cause: run.cause }).toEqual({ error: undefined, cause: undefined });
    const result = run.output as ExecutionResult;
    expect(result.totals).toMatchObject({ created: 8, checksFailed: 0 });
    expect(sim.callCount((c) => c.command === 'CreateVpcEndpoint')).toBe(8);
    // The VPC has an internet path, so the cut-over is safe: private DNS of each of the six interface
    // endpoints turns on in one ModifyVpcEndpoint once it passed its checks (README, "Safe DNS cut-over").
    expect(sim.callCount((c) => c.command === 'ModifyVpcEndpoint')).toBe(6);
    const endpoints = ownEndpoints(sim);
    expect(endpoints.map((e) => e.state)).toEqual(Array(8).fill('available'));

    const [group, ...others] = endpointGroups(sim);
    expect(others).toHaveLength(0);
    expect(group?.ingress).toEqual([
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.10.0.0/16' },
    ]);
    for (const e of endpoints.filter((x) => x.type === 'Interface')) {
      expect(e.subnetIds.sort()).toEqual([...vpc.privateSubnets].sort());
      expect(e.privateDns).toBe(true);
      expect(e.groupIds).toEqual([group?.groupId]);
    }
    const allTables = [vpc.mainRouteTable, vpc.publicRouteTable, ...vpc.privateRouteTables];
    for (const e of endpoints.filter((x) => x.type === 'Gateway')) {
      const pl = sim.prefixLists.get(e.serviceName);
      for (const rtb of allTables) {
        expect(sim.routeTables.get(rtb)?.routes).toContainEqual(
          expect.objectContaining({ DestinationPrefixListId: pl, GatewayId: e.endpointId }),
        );
      }
    }
    expect(harness.events().map((e) => e.detailType)).toEqual(['PrivateLink Provisioning Succeeded']);
  });

  it('makes no mutating call at all when run again on the converged VPC', async () => {
    const { sim, vpc, harness } = freshWorld();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': EIGHT });
    await harness.run(manualInput(vpc.vpcId));
    const before = JSON.stringify([...sim.endpoints.values()]);

    const callsBefore = sim.calls.length;
    const again = await harness.run(manualInput(vpc.vpcId));

    expect(again.status).toBe('SUCCEEDED');
    expect(mutatingCalls(sim, callsBefore)).toEqual([]);
    expect(JSON.stringify([...sim.endpoints.values()])).toBe(before);
    expect((again.output as ExecutionResult).totals).toMatchObject({
      unchanged: 8,
      created: 0,
      checksFailed: 0,
    });
    // One read of the VPC (8 calls; the region's catalogues from Plan's warm container), its checks on it.
    expect(sim.calls.slice(callsBefore).map((c) => c.command)).toHaveLength(8);
    expect(statesEntered(again)).toEqual([
      'AcquireLock',
      'LockAcquired',
      'Plan',
      'ChooseMode',
      'UsePlanChecks',
      'ProbeWanted',
      'Report',
      'ReleaseLock',
      'Done',
    ]);
  });
});

describe('throttling', () => {
  it('retries throttled creates in the SDK, then sends them back to the pace queue until they succeed', async () => {
    const { sim, vpc, harness } = freshWorld();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm, logs, sts' });
    // More throttles in a row than the SDK's 5 attempts: the step itself fails and queues for a new permit.
    sim.failNext('CreateVpcEndpoint', 'RequestLimitExceeded', 11);

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(run.status).toBe('SUCCEEDED');
    const requeued = run.events.filter((e) => e.type === 'StateCaught' && e.state.name === 'ApplyEndpoint');
    expect(requeued.length).toBeGreaterThanOrEqual(2);
    const permits = run.events.filter((e) => e.type === 'StateEntered' && e.state.name === 'ReservePermit');
    expect(permits).toHaveLength(3 + requeued.length);
    expect(sim.callCount((c) => c.command === 'CreateVpcEndpoint')).toBeGreaterThanOrEqual(3 + 11);
    expect(ownEndpoints(sim)).toHaveLength(3);
  });

  /** 20 fresh 8-service runs, each on its own world, with 30 % of EC2 calls throttled at random. */
  async function failuresAtThirtyPercent(sdkRetries: boolean): Promise<number> {
    let failed = 0;
    for (let i = 0; i < 20; i += 1) {
      const sim = new SimEc2({ throttleRate: 0.3, sdkRetries });
      sim.addDefaultOffers();
      const vpc = sim.addVpc({ azs: 3 });
      const harness = createHarness(sim);
      tagVpc(sim, vpc.vpcId, { 'privatelink:services': EIGHT });
      if ((await harness.run(manualInput(vpc.vpcId))).status !== 'SUCCEEDED') failed += 1;
    }
    return failed;
  }

  it('survives 30 % of EC2 calls throttled: 20 of 20 fresh runs succeed with the SDK and the state machine retrying', async () => {
    expect(await failuresAtThirtyPercent(true)).toBe(0);
  });

  it('would not with the state machine retrying alone: the simulated throttling is heavy enough to matter', async () => {
    expect(await failuresAtThirtyPercent(false)).toBeGreaterThan(10);
  });

  it('paces endpoint mutations so the 4-burst, 0.3-per-second bucket never throttles a 12-service VPC', async () => {
    const { sim, vpc, harness } = freshWorld();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': `${EIGHT}, sts, kms, secretsmanager, s3:interface` });

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(run.status).toBe('SUCCEEDED');
    expect(sim.callCount((c) => c.throttled)).toBe(0);
    expect(sim.callCount((c) => c.command === 'CreateVpcEndpoint')).toBe(12);
  });

  it('survives a drained endpoint bucket: throttled calls are retried, not fatal', async () => {
    const { sim, vpc, harness } = freshWorld();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm, logs' });
    for (let i = 0; i < 4; i += 1) sim.admit('CreateVpcEndpoint'); // someone else used the burst

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(run.status).toBe('SUCCEEDED');
    expect(sim.callCount((c) => c.throttled && c.command === 'CreateVpcEndpoint')).toBeGreaterThan(0);
    expect(ownEndpoints(sim)).toHaveLength(2);
  });
});

describe('an endpoint that goes failed', () => {
  it('compensates, emits a Failed event, and leaves nothing half-made by this execution', async () => {
    const { sim, vpc, harness } = freshWorld();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 's3, ssm, logs' });
    sim.failingServices.add(sim.serviceName('ssm'));

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('EndpointFailedError');
    expect(run.cause).toMatch(/com\.amazonaws\.us-east-1\.ssm\) is failed/);
    expect(statesEntered(run)).toEqual(expect.arrayContaining(['Compensate', 'ReportFailure', 'Failed']));
    // The failed endpoint is gone; the others are correct, the still-pending one merely late: they stay
    // (the next run finds them as ours).
    sim.clock.advance(90_000);
    sim.settle();
    expect(ownEndpoints(sim).map((e) => [e.serviceName, e.state])).toEqual([
      [sim.serviceName('logs'), 'available'],
      [sim.serviceName('s3'), 'available'],
    ]);
    const failed = harness.events().find((e) => e.detailType === 'PrivateLink Provisioning Failed');
    expect(failed?.detail).toMatchObject({ error: 'EndpointFailedError', vpcId: vpc.vpcId });
    expect((failed?.detail.removedByCompensation as string[]).length).toBe(1);
  });
});

describe('endpoints that never settle', () => {
  it('time out at the deadline and fail the execution with EndpointTimeoutError, the late endpoint kept', async () => {
    const sim = new SimEc2({ pendingMs: { Interface: 3_600_000, Gateway: 5_000 } });
    const { vpc, harness } = freshWorld(sim);
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm' });

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(run.error).toBe('EndpointTimeoutError');
    expect(run.cause).toMatch(/still not settled after 40 checks/);
    expect(statesEntered(run).filter((s) => s === 'CheckEndpoints')).toHaveLength(40);
    // Merely late, not failed: compensation leaves it; it becomes available, or the next run removes it.
    expect(ownEndpoints(sim).map((e) => e.state)).toEqual(['pending']);
  });
});

describe('invalid tags', () => {
  it('fail the execution before any mutation, naming the tag, the value and what is accepted', async () => {
    const { sim, vpc, harness } = freshWorld();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm', 'privatelink:private-dns': 'maybe' });

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('InvalidTagError');
    expect(run.cause).toContain('privatelink:private-dns="maybe"');
    expect(run.cause).toContain('accepted: true or false');
    expect(mutatingCalls(sim, 0)).toEqual([]);
    expect(statesEntered(run)).toEqual([
      'AcquireLock',
      'LockAcquired',
      'Plan',
      'ReportFailure',
      'ReleaseLockAfterFailure',
      'Failed',
    ]);
    expect(harness.events().map((e) => e.detailType)).toEqual(['PrivateLink Provisioning Failed']);
  });
});

describe('an existing endpoint someone else created', () => {
  it('is adopted, reported and left untouched byte for byte', async () => {
    const { sim, vpc, harness } = freshWorld();
    const theirs = createForeignEndpoint(sim, vpc.vpcId, vpc.privateSubnets);
    const before = JSON.stringify(sim.endpoints.get(theirs));
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm, logs' });

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(run.status).toBe('SUCCEEDED');
    expect(JSON.stringify(sim.endpoints.get(theirs))).toBe(before);
    const ssm = (run.output as ExecutionResult).services.find((s) => s.service === 'ssm');
    expect(ssm).toMatchObject({ action: 'adopted', endpointId: theirs });
    expect(ownEndpoints(sim).map((e) => e.serviceName)).toEqual([sim.serviceName('logs')]);
  });
});

describe('a gateway endpoint someone else created on some of the route tables', () => {
  it('is left untouched while ours covers the tables it leaves out, and ours goes when s3 leaves the tags', async () => {
    const { sim, vpc, harness } = freshWorld();
    const theirs = createForeignGateway(sim, vpc.vpcId, [vpc.publicRouteTable]);
    const before = JSON.stringify(sim.endpoints.get(theirs));
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 's3, ssm' });

    const run = await harness.run(manualInput(vpc.vpcId));

    const result = run.output as ExecutionResult;
    expect(result.status).toBe('succeeded');
    expect(JSON.stringify(sim.endpoints.get(theirs))).toBe(before);
    const ours = ownEndpoints(sim).find((e) => e.serviceName === sim.serviceName('s3'));
    expect(ours?.routeTableIds.sort()).toEqual([vpc.mainRouteTable, ...vpc.privateRouteTables].sort());
    const prefixList = sim.prefixLists.get(sim.serviceName('s3'));
    // Every table of the VPC has exactly one route to S3: theirs on theirs, ours on the rest.
    const routesPerTable = [...sim.routeTables.values()]
      .filter((rt) => rt.vpcId === vpc.vpcId)
      .map((rt) => rt.routes.filter((r) => r.DestinationPrefixListId === prefixList).length);
    expect(new Set(routesPerTable)).toEqual(new Set([1]));

    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm' });
    const optOut = await harness.run(manualInput(vpc.vpcId));
    sim.settle();

    expect((optOut.output as ExecutionResult).status).toBe('succeeded');
    expect(ownEndpoints(sim).map((e) => e.serviceName)).toEqual([sim.serviceName('ssm')]);
    expect(JSON.stringify(sim.endpoints.get(theirs))).toBe(before);
  });
});

describe('a service removed from the tag', () => {
  it('deletes only our endpoint for it, never someone else’s', async () => {
    const { sim, vpc, harness } = freshWorld();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm, logs, s3' });
    await harness.run(manualInput(vpc.vpcId));
    const theirs = createForeignEndpoint(sim, vpc.vpcId, vpc.privateSubnets, 'sts');
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm, s3' });

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(run.status).toBe('SUCCEEDED');
    expect((run.output as ExecutionResult).totals).toMatchObject({ deleted: 1, unchanged: 2 });
    expect(sim.callCount((c) => c.command === 'DeleteVpcEndpoints')).toBe(1);
    sim.settle();
    expect(
      ownEndpoints(sim)
        .map((e) => e.serviceName)
        .sort(),
    ).toEqual([sim.serviceName('s3'), sim.serviceName('ssm')]);
    expect(sim.endpoints.get(theirs)?.state).toBe('available');
  });

  it('removes everything we made, security group included, when the VPC opts out', async () => {
    const { sim, vpc, harness } = freshWorld();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm, s3' });
    await harness.run(manualInput(vpc.vpcId));
    delete sim.vpcs.get(vpc.vpcId)?.tags['privatelink:services'];

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(run.status).toBe('SUCCEEDED');
    sim.settle();
    expect(ownEndpoints(sim)).toEqual([]);
    expect(managedGroups(sim)).toEqual([]);
    expect(sim.routeTables.get(vpc.mainRouteTable)?.routes.some((r) => r.DestinationPrefixListId)).toBe(
      false,
    );
  });

  it('reports a deleted gateway endpoint as a gateway, not an interface', async () => {
    const { sim, vpc, harness } = freshWorld();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm, s3' });
    await harness.run(manualInput(vpc.vpcId));
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm' });

    const run = await harness.run(manualInput(vpc.vpcId));

    const deleted = (run.output as ExecutionResult).services.filter((s) => s.action === 'deleted');
    expect(deleted.map((s) => ({ service: s.service, type: s.type }))).toEqual([
      { service: 's3', type: 'Gateway' },
    ]);
  });
});

describe('plan mode', () => {
  it('reports what would change and mutates nothing', async () => {
    const { sim, vpc, harness } = freshWorld();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': EIGHT, 'privatelink:mode': 'plan' });

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(run.status).toBe('SUCCEEDED');
    expect(mutatingCalls(sim, 0)).toEqual([]);
    const result = run.output as ExecutionResult;
    expect(result.mode).toBe('plan');
    expect(result.totals).toMatchObject({ planned: 8, created: 0 });
  });

  it('is forced by the execution input even when the tag says apply', async () => {
    const { sim, vpc, harness } = freshWorld();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm' });

    const run = await harness.run(manualInput(vpc.vpcId, { mode: 'plan' }));

    expect((run.output as ExecutionResult).totals.planned).toBe(1);
    expect(mutatingCalls(sim, 0)).toEqual([]);
  });
});

describe('a VPC whose settings cannot satisfy the tags', () => {
  it('fails before any mutation when private DNS is wanted but the VPC DNS attributes are off', async () => {
    const sim = new SimEc2();
    sim.addDefaultOffers();
    const vpc = sim.addVpc({ dns: false });
    const harness = createHarness(sim);
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm' });

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(run.error).toBe('UnsatisfiableRequestError');
    expect(run.cause).toContain('enableDnsSupport and enableDnsHostnames');
    expect(mutatingCalls(sim, 0)).toEqual([]);
  });
});

function createForeignEndpoint(sim: SimEc2, vpcId: string, subnets: string[], service = 'ssm'): string {
  const id = sim.id('vpce');
  sim.endpoints.set(id, {
    endpointId: id,
    vpcId,
    serviceName: sim.serviceName(service),
    type: 'Interface',
    state: 'available',
    settlesAt: 0,
    settlesTo: 'available',
    subnetIds: [...subnets],
    routeTableIds: [],
    groupIds: [],
    privateDns: true,
    policy: '{"Statement":[]}',
    networkInterfaceIds: [],
    tags: { Name: 'made-by-the-network-team' },
    createdAt: 0,
  });
  return id;
}
