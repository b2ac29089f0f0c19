import type { Context } from 'aws-lambda';
import { handler as driftCheck } from '../../functions/drift-check/handler';
import { OWNER_TAG } from '../../lib/domain/config';
import type { DriftKind } from '../../lib/domain/drift';
import type { DriftReport } from '../../lib/operations/drift-check';
import type { EventSink } from '../../lib/domain/events';
import { STACK } from '../support/config';
import { checkDrift } from '../support/drift-check';
import { SimEc2 } from '../support/sim-ec2/api';
import type { SimEndpoint } from '../support/sim-ec2/state';
import { createHarness, manualInput, tagVpc } from '../support/workflow-harness';

const SERVICES = 's3, ssm, logs';

class RecordingSink implements EventSink {
  readonly events: { detailType: string; detail: Record<string, unknown> }[] = [];
  async emit(detailType: string, detail: Record<string, unknown>) {
    this.events.push({ detailType, detail });
  }
  async emitAll(detailType: string, details: Record<string, unknown>[]) {
    details.forEach((d) => this.events.push({ detailType, detail: d }));
  }
}

/** Provisions `count` VPCs for real through the workflow, so drift starts from a converged fleet. */
async function convergedFleet(count = 1) {
  const sim = new SimEc2();
  sim.addDefaultOffers();
  const harness = createHarness(sim);
  const vpcs = [];
  for (let i = 0; i < count; i += 1) {
    const vpc = sim.addVpc({ azs: 2 });
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': SERVICES });
    const run = await harness.run(manualInput(vpc.vpcId));
    expect(run.status).toBe('SUCCEEDED');
    vpcs.push(vpc);
  }
  sim.clock.advance(60_000);
  return { sim, harness, vpcs };
}

async function check(
  mode: 'report' | 'remediate' = 'report',
): Promise<{ report: DriftReport; sink: RecordingSink }> {
  const sink = new RecordingSink();
  return { report: await checkDrift(mode, sink), sink };
}

const own = (sim: SimEc2, short: string): SimEndpoint => {
  const e = [...sim.endpoints.values()].find(
    (x) => x.tags[OWNER_TAG] === STACK && x.serviceName === sim.serviceName(short),
  );
  if (!e) throw new Error(`no managed ${short} endpoint`);
  return e;
};
const managedGroup = (sim: SimEc2) =>
  [...sim.securityGroups.values()].find((g) => g.tags[OWNER_TAG] === STACK);

describe('the drift check', () => {
  it('finds no drift on a converged VPC', async () => {
    await convergedFleet();
    const { report, sink } = await check();
    expect(report).toMatchObject({ vpcsChecked: 1, drifted: [] });
    expect(sink.events).toEqual([]);
  });

  it.each<[string, DriftKind, (sim: SimEc2, vpc: { vpcId: string; mainRouteTable: string }) => void]>([
    ['a deleted endpoint', 'missing-endpoint', (sim) => sim.endpoints.delete(own(sim, 'ssm').endpointId)],
    ['a failed endpoint', 'failed-endpoint', (sim) => (own(sim, 'logs').state = 'failed')],
    [
      'a prefix-list route removed from a route table',
      'missing-route',
      (sim, vpc) => {
        const rt = sim.routeTables.get(vpc.mainRouteTable);
        if (rt) rt.routes = rt.routes.filter((r) => !r.DestinationPrefixListId);
      },
    ],
    [
      'a route table dissociated from the gateway endpoint',
      'route-table-association',
      (sim, vpc) => {
        const s3 = own(sim, 's3');
        sim.removeRoutes(s3, [vpc.mainRouteTable]);
        s3.routeTableIds = s3.routeTableIds.filter((r) => r !== vpc.mainRouteTable);
      },
    ],
    [
      'an extra security-group rule',
      'security-group-rules',
      (sim) =>
        managedGroup(sim)?.ingress.push({
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          CidrIp: '0.0.0.0/0',
        }),
    ],
    [
      'a missing security-group rule',
      'security-group-rules',
      (sim) => {
        const g = managedGroup(sim);
        if (g) g.ingress = [];
      },
    ],
    ['private DNS turned off', 'private-dns', (sim) => (own(sim, 'ssm').privateDns = false)],
    [
      'a changed endpoint policy',
      'policy',
      (sim) =>
        (own(sim, 'logs').policy =
          '{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}'),
    ],
    [
      'managed resources left in a VPC that opted out',
      'orphaned-resources',
      (sim, vpc) => delete sim.vpcs.get(vpc.vpcId)?.tags['privatelink:services'],
    ],
  ])('detects %s as %s', async (_name, kind, breakIt) => {
    const { sim, vpcs } = await convergedFleet();
    const vpc = vpcs[0];
    if (!vpc) throw new Error('no vpc');
    breakIt(sim, vpc);

    const { report, sink } = await check();

    expect(report.drifted.map((d) => d.vpcId)).toEqual([vpc.vpcId]);
    expect(report.drifted[0]?.findings.map((f) => f.kind)).toContain(kind);
    expect(sink.events).toEqual([
      {
        detailType: 'PrivateLink Drift Detected',
        detail: expect.objectContaining({ vpcId: vpc.vpcId, mode: 'report' }),
      },
    ]);
    expect(report.remediations).toEqual([]);
  });

  it('remediates by starting exactly one execution per drifted VPC, and the executions repair them', async () => {
    const { sim, harness, vpcs } = await convergedFleet(3);
    sim.endpoints.delete(own(sim, 'ssm').endpointId);
    const second = vpcs[1];
    const g = [...sim.securityGroups.values()].find(
      (x) => x.tags[OWNER_TAG] === STACK && x.vpcId === second?.vpcId,
    );
    g?.ingress.push({ IpProtocol: '-1', CidrIp: '0.0.0.0/0' });
    const startsBefore = harness.sfn.starts;

    const { report } = await check('remediate');

    expect(report.drifted).toHaveLength(2);
    expect(report.remediations.map((r) => r.outcome)).toEqual(['started', 'started']);
    expect(harness.sfn.starts - startsBefore).toBe(2);
    const runs = await harness.runQueued();
    expect(runs.map((r) => r.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    sim.clock.advance(120_000);
    expect((await check()).report.drifted).toEqual([]);
  });

  it('repairs route-only drift: gateway routes gone while their associations stayed are restored by remediation', async () => {
    const { sim, harness } = await convergedFleet(3);
    const prefixRoutes = () =>
      [...sim.routeTables.values()].flatMap((rt) => rt.routes.filter((r) => r.DestinationPrefixListId));
    const before = prefixRoutes().length;
    for (const rt of sim.routeTables.values())
      rt.routes = rt.routes.filter((r) => !r.DestinationPrefixListId);

    const found = await check('remediate');
    const runs = await harness.runQueued();

    expect(found.report.drifted).toHaveLength(3);
    expect(runs.map((r) => (r.output as { status?: string } | undefined)?.status)).toEqual(
      Array(3).fill('succeeded'),
    );
    expect(prefixRoutes()).toHaveLength(before);
    expect((await check()).report.drifted).toEqual([]);
  });

  it('reads the fleet in batches: the same calls for 1 VPC as for 12', async () => {
    const one = await convergedFleet(1);
    const before1 = one.sim.calls.length;
    await check();
    const callsForOne = one.sim.calls.length - before1;
    const many = await convergedFleet(12);
    const before12 = many.sim.calls.length;
    await check();
    expect(many.sim.calls.length - before12).toBe(callsForOne);
  });

  it('runs from the schedule through the deployed handler', async () => {
    await convergedFleet();
    const context = {
      functionName: 'driftCheck',
      awsRequestId: 'r',
      getRemainingTimeInMillis: () => 60_000,
    } as Context;
    const report = (await driftCheck(
      { source: 'aws.events', 'detail-type': 'Scheduled Event' } as never,
      context,
    )) as DriftReport;
    expect(report).toMatchObject({ vpcsChecked: 1, drifted: [], mode: 'report' });
  });
});
