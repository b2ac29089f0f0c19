/**
 * Centralized endpoints through the real path (tag event → trigger → lock → execution) on the simulated
 * EC2 and Route 53: a central VPC's shared endpoints with private DNS off and our zones answering their
 * names, a spoke served through them (its CIDRs in the central group's list, the zones associated), refusals
 * before any change, and links kept clean both ways.
 */
process.env.PRIVATELINK_CONFIG = JSON.stringify({ central: {} });

import { DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CENTRAL_TAG, OWNER_TAG } from '../../lib/domain/config';
import { AwsTransientError } from '../../lib/domain/errors';
import type { ProbeTarget } from '../../lib/domain/probe-rules';
import type { ExecutionResult } from '../../lib/workflow/result-document';
import type { SimEc2 } from '../support/sim-ec2/api';
import { checkDrift } from '../support/drift-check';
import { routeTo } from '../support/central-routes';
import { askForRun } from '../support/trigger';
import { createHarness, tagVpc } from '../support/workflow-harness';
import { SimEc2 as Sim } from '../support/sim-ec2/api';

const REGION = 'us-east-1';
const SSM = `ssm.${REGION}.amazonaws.com`;
const LOGS = `logs.${REGION}.amazonaws.com`;

type Vpc = ReturnType<SimEc2['addVpc']>;

/** A central VPC sharing ssm and logs, and a spoke of it whose private subnets route to it through a transit gateway. */
function world(opts: { routed?: boolean } = {}) {
  const sim = new Sim();
  sim.addDefaultOffers();
  const central = sim.addVpc({ azs: 2, cidr: '10.10.0.0/16' });
  const spoke = sim.addVpc({ azs: 2, cidr: '10.20.0.0/16' });
  if (opts.routed ?? true) routeTo(sim, spoke, '10.10.0.0/16');
  const harness = createHarness(sim);
  tagVpc(sim, central.vpcId, { 'privatelink:services': 'ssm, logs', 'privatelink:share': 'all' });
  return { sim, central, spoke, harness };
}

let eventId = 0;
async function runFor(w: ReturnType<typeof world>, vpc: Vpc) {
  await askForRun(vpc.vpcId, `central-${(eventId += 1)}`);
  const runs = await w.harness.runQueued();
  expect(runs).toHaveLength(1);
  return runs[0]!;
}
const resultOf = (run: { output?: unknown }) => run.output as ExecutionResult;

const zonesNamed = (sim: SimEc2, name: string) =>
  [...sim.hostedZones.values()].filter((z) => z.name === name);
const localEndpoints = (sim: SimEc2, vpc: Vpc) =>
  [...sim.endpoints.values()].filter(
    (e) => e.vpcId === vpc.vpcId && e.tags[OWNER_TAG] && e.state !== 'deleted',
  );
const spokeList = (sim: SimEc2, central: Vpc) =>
  [...sim.managedLists.values()].find((l) => l.tags[CENTRAL_TAG] === central.vpcId);

/** The central VPC has run: its endpoints, zones and list are there. */
async function centralReady() {
  const w = world();
  const run = await runFor(w, w.central);
  expect(run.status).toBe('SUCCEEDED');
  return w;
}

describe('a central VPC', () => {
  it('makes its shared endpoints with private DNS off, a zone per name aliased to each, and a list its group admits', async () => {
    const w = world();

    const run = await runFor(w, w.central);

    expect(resultOf(run).status).toBe('succeeded');
    const endpoints = localEndpoints(w.sim, w.central);
    expect(endpoints.map((e) => [e.serviceName.split('.').pop(), e.privateDns]).sort()).toEqual([
      ['logs', false],
      ['ssm', false],
    ]);
    for (const [name, service] of [
      [SSM, 'ssm'],
      [LOGS, 'logs'],
    ] as const) {
      const [zone, ...twins] = zonesNamed(w.sim, name);
      expect(twins).toEqual([]);
      expect(zone?.vpcIds).toEqual([w.central.vpcId]);
      expect(zone?.tags).toMatchObject({ [OWNER_TAG]: expect.any(String), [CENTRAL_TAG]: w.central.vpcId });
      const endpoint = endpoints.find((e) => e.serviceName.endsWith(`.${service}`));
      expect([...(zone?.records?.entries() ?? [])]).toEqual([
        [
          name,
          {
            target: `${endpoint?.endpointId}.${service}.${REGION}.vpce.amazonaws.com`,
            targetZoneId: 'Z7HUB22UULQXV',
          },
        ],
      ]);
    }
    const list = spokeList(w.sim, w.central);
    expect(list).toMatchObject({ entries: [], tags: { [OWNER_TAG]: expect.any(String) } });
    const group = [...w.sim.securityGroups.values()].find(
      (g) => g.vpcId === w.central.vpcId && g.tags['privatelink:role'] === 'endpoints',
    );
    expect(group?.ingress).toContainEqual(
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        PrefixListId: list?.prefixListId,
      }),
    );
  });

  it('changes nothing on a second run: the links read back as wanted', async () => {
    const w = await centralReady();
    const before = w.sim.route53Calls.filter((c) => c.mutating).length;

    const run = await runFor(w, w.central);

    expect(resultOf(run).status).toBe('succeeded');
    expect(run.mutations).toEqual([]);
    expect(w.sim.route53Calls.filter((c) => c.mutating).length).toBe(before);
  });

  it('names the wildcard and reversed zones of ecr.dkr and ecr.api', async () => {
    const w = world();
    tagVpc(w.sim, w.central.vpcId, {
      'privatelink:services': 'ecr.api, ecr.dkr',
      'privatelink:share': 'all',
    });

    const run = await runFor(w, w.central);

    expect(resultOf(run).status).toBe('succeeded');
    const dkr = zonesNamed(w.sim, `dkr.ecr.${REGION}.amazonaws.com`)[0];
    expect([...(dkr?.records?.keys() ?? [])].sort()).toEqual([
      `*.dkr.ecr.${REGION}.amazonaws.com`,
      `dkr.ecr.${REGION}.amazonaws.com`,
    ]);
    expect(zonesNamed(w.sim, `api.ecr.${REGION}.amazonaws.com`)).toHaveLength(1);
  });
});

describe('a spoke of the central VPC', () => {
  it('gets no endpoint of its own for the shared services: its CIDR joins the list and the zones answer in it', async () => {
    const w = await centralReady();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm, logs, s3', 'privatelink:use': 'central' });

    const run = await runFor(w, w.spoke);

    expect(resultOf(run).status).toBe('succeeded');
    expect(localEndpoints(w.sim, w.spoke).map((e) => [e.serviceName.split('.').pop(), e.type])).toEqual([
      ['s3', 'Gateway'],
    ]);
    for (const name of [SSM, LOGS])
      expect(zonesNamed(w.sim, name)[0]?.vpcIds).toEqual([w.central.vpcId, w.spoke.vpcId]);
    expect(spokeList(w.sim, w.central)?.entries).toEqual([
      { cidr: '10.20.0.0/16', description: w.spoke.vpcId },
    ]);
    const served = resultOf(run).services.filter((x) => x.action === 'served');
    expect(served.map((x) => x.service)).toEqual(['logs', 'ssm']);
    // The central VPC's 2 endpoints × 2 AZs × $7.30 now; per VPC, the spoke's 2 × 2 AZ-months on top.
    expect((await checkDrift('report')).cost).toMatchObject({ monthly: 29.2, perVpcMonthly: 58.4 });
    for (const x of served)
      expect(x.checks.map((c) => [c.name, c.status])).toEqual([
        ['central-route', 'pass'],
        ['central-network-acl', 'pass'],
        ['central-list', 'pass'],
        ['central-zone', 'pass'],
        // The live probe, from inside the spoke, against the central endpoint.
        ['live dns', 'pass'],
      ]);
  });

  it("is probed from inside: each served name answers the central endpoint's addresses, its probe reaching 443 there only", async () => {
    const w = await centralReady();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm', 'privatelink:use': 'central' });
    const probed: { targets: ProbeTarget[]; egress: string[] }[] = [];
    const centralSsm = localEndpoints(w.sim, w.central).find((e) => e.serviceName.endsWith('.ssm'))!;
    const ips = await addressesOf(centralSsm.networkInterfaceIds);
    // The probe in the spoke: the name answers what the spoke's resolver answers, reached through its group.
    w.harness.lambda.responder = (payload) => {
      const { targets } = payload as unknown as { targets: ProbeTarget[] };
      const group = [...w.sim.securityGroups.values()].find(
        (g) => g.vpcId === w.spoke.vpcId && g.tags['privatelink:role'] === 'probe',
      );
      probed.push({
        targets,
        egress: (group?.egress ?? []).map((r) => `${r.FromPort} ${r.CidrIp ?? r.PrefixListId}`),
      });
      return targets.map((t) => {
        const answered = answerFor(w.sim, w.spoke, t.hostname) === 'endpoint';
        const reached = t.addresses.length > 0 && t.addresses.every((a) => ips.includes(a));
        return {
          service: t.service,
          type: t.type,
          checks: [
            { name: 'dns', status: answered ? 'pass' : 'fail', detail: t.hostname, ms: 1 },
            { name: 'tcp', status: reached ? 'pass' : 'fail', detail: t.addresses.join(' '), ms: 1 },
          ],
        };
      });
    };

    const run = await runFor(w, w.spoke);

    expect(probed).toHaveLength(1);
    expect(probed[0]?.targets).toEqual([
      expect.objectContaining({ service: 'ssm', hostname: SSM, privateDns: true, addresses: ips }),
    ]);
    expect(probed[0]?.egress).toContain('443 10.10.0.0/16');
    expect(probed[0]?.egress).not.toContain('443 0.0.0.0/0');
    const ssm = resultOf(run).services.find((x) => x.service === 'ssm');
    expect(ssm?.action).toBe('served');
    expect(ssm?.checks.filter((c) => c.name.startsWith('live')).map((c) => [c.name, c.status])).toEqual([
      ['live dns', 'pass'],
      ['live tcp', 'pass'],
    ]);
  });

  it('is refused, with nothing changed, when its subnets have no route to the central VPC', async () => {
    const w = world({ routed: false });
    expect((await runFor(w, w.central)).status).toBe('SUCCEEDED');
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm', 'privatelink:use': 'central' });
    const r53Before = w.sim.route53Calls.filter((c) => c.mutating).length;

    const run = await runFor(w, w.spoke);

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('CentralVpcError');
    expect(run.cause).toMatch(
      /cannot reach vpc-\w+: subnet-\w+ \(rtb-\w+\) has no route to 10\.10\.0\.0\/16/,
    );
    expect(run.mutations).toEqual([]);
    expect(w.sim.route53Calls.filter((c) => c.mutating).length).toBe(r53Before);
    expect(spokeList(w.sim, w.central)?.entries).toEqual([]);
  });

  it('is refused, with nothing changed, while the central VPC has not made its zones yet', async () => {
    const w = world();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm', 'privatelink:use': 'central' });

    const run = await runFor(w, w.spoke);

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('CentralVpcError');
    expect(run.cause).toMatch(/has no zone for ssm\.us-east-1\.amazonaws\.com \(ssm\) yet/);
    expect(run.mutations).toEqual([]);
    expect(localEndpoints(w.sim, w.spoke)).toEqual([]);
  });

  it('is refused when it names no central VPC there is', async () => {
    const w = await centralReady();
    tagVpc(w.sim, w.spoke.vpcId, {
      'privatelink:services': 'ssm',
      'privatelink:use': 'vpc-0000000000000000a',
    });

    const run = await runFor(w, w.spoke);

    expect(run.error).toBe('CentralVpcError');
    expect(run.cause).toMatch(
      /no VPC of account \d{12} in us-east-1 named vpc-0000000000000000a is tagged privatelink:share/,
    );
    expect(run.mutations).toEqual([]);
  });

  it('is linked again when its association was removed behind our back', async () => {
    const w = await centralReady();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm', 'privatelink:use': 'central' });
    expect((await runFor(w, w.spoke)).status).toBe('SUCCEEDED');
    const zone = zonesNamed(w.sim, SSM)[0]!;
    zone.vpcIds = zone.vpcIds.filter((id) => id !== w.spoke.vpcId);

    const run = await runFor(w, w.spoke);

    expect(resultOf(run).status).toBe('succeeded');
    // The run changed the spoke's links: its live probe checks the name from inside again.
    expect(run.mutations).toEqual([
      'AssociateVPCWithHostedZone',
      'CreateFunction',
      'Invoke',
      'DeleteFunction',
    ]);
    expect(zone.vpcIds).toContain(w.spoke.vpcId);
  });

  it('is unlinked when it stops using the central VPC: associations and its list entry removed', async () => {
    const w = await centralReady();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm, logs', 'privatelink:use': 'central' });
    expect((await runFor(w, w.spoke)).status).toBe('SUCCEEDED');
    delete w.sim.vpcs.get(w.spoke.vpcId)?.tags['privatelink:use'];
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 's3' });

    const run = await runFor(w, w.spoke);

    expect(resultOf(run).status).toBe('succeeded');
    for (const name of [SSM, LOGS]) expect(zonesNamed(w.sim, name)[0]?.vpcIds).toEqual([w.central.vpcId]);
    expect(spokeList(w.sim, w.central)?.entries).toEqual([]);
  });
});

describe("a spoke's run that has only links to do", () => {
  /** The spoke's run, each step's EC2 reads counted as it goes. */
  async function runCounted(w: ReturnType<typeof world>) {
    const reads: Record<string, number> = {};
    await askForRun(w.spoke.vpcId, `central-${(eventId += 1)}`);
    const [run] = await w.harness.runQueued({
      intercept: async (fn, _event, invoke) => {
        const before = w.sim.calls.filter((c) => c.category === 'read').length;
        try {
          return await invoke();
        } finally {
          reads[fn] = (reads[fn] ?? 0) + w.sim.calls.filter((c) => c.category === 'read').length - before;
        }
      },
    });
    return { run: run!, reads };
  }

  it('goes from Plan to LinkCentral, no endpoint step reading the VPC again', async () => {
    const w = await centralReady();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm, logs', 'privatelink:use': 'central' });

    const { run, reads } = await runCounted(w);

    expect(resultOf(run).status).toBe('succeeded');
    expect(Object.keys(reads)).not.toEqual(
      expect.arrayContaining(['configureSecurityGroup', 'checkEndpoints', 'updateRoutes']),
    );
    expect(Object.keys(reads)).toEqual(expect.arrayContaining(['plan', 'linkCentral', 'checkConnectivity']));
  });

  it("acts on Plan's decision and reads back only the spoke list: its VPC, endpoints and central VPC as Plan read them", async () => {
    const w = await centralReady();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm, logs', 'privatelink:use': 'central' });

    const { run, reads } = await runCounted(w);

    expect(resultOf(run).status).toBe('succeeded');
    // The spoke lists and the one list's entries (one page).
    expect(reads.linkCentral).toBe(2);
    for (const name of [SSM, LOGS])
      expect(zonesNamed(w.sim, name)[0]?.vpcIds).toEqual([w.central.vpcId, w.spoke.vpcId]);
  });

  it("checks its VPC on what Plan read and its links on LinkCentral's read-back: CheckConnectivity reads no EC2", async () => {
    const w = await centralReady();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm, logs', 'privatelink:use': 'central' });

    const { run, reads } = await runCounted(w);

    const result = resultOf(run);
    expect(result.status).toBe('succeeded');
    expect(reads.checkConnectivity).toBe(0);
    // Plan saw the zones unassociated: their checks pass on what LinkCentral read back after associating.
    const served = result.services.filter((s) => s.servedBy === w.central.vpcId);
    expect(served.map((s) => s.service).sort()).toEqual(['logs', 'ssm']);
    for (const s of served)
      expect(s.checks.filter((c) => c.name.startsWith('central-')).map((c) => [c.name, c.status])).toEqual([
        ['central-route', 'pass'],
        ['central-network-acl', 'pass'],
        ['central-list', 'pass'],
        ['central-zone', 'pass'],
      ]);
  });

  it("reserves the read pace once, at its start, for Plan's reads and the links' read-back and probe after it", async () => {
    const w = await centralReady();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm, logs', 'privatelink:use': 'central' });
    let step = '';
    const readReservations: string[] = [];
    w.harness.dynamo.beforeUpdate = async (input) => {
      if (JSON.stringify(input.Key).includes('pace#read#')) readReservations.push(step);
    };
    await askForRun(w.spoke.vpcId, `central-${(eventId += 1)}`);
    const [run] = await w.harness.runQueued({
      intercept: (fn, _event, invoke) => {
        step = fn;
        return invoke();
      },
    });

    expect(resultOf(run!).status).toBe('succeeded');
    // Reserved later, LinkCentral's reads would queue behind every run that started after this one.
    expect([...new Set(readReservations)]).toEqual(['acquireLock']);
  });

  it("probes on what Plan read: its CIDRs and the central endpoints' interfaces, of which only the addresses are read", async () => {
    const w = await centralReady();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm, logs', 'privatelink:use': 'central' });

    const { run, reads } = await runCounted(w);

    expect(resultOf(run).status).toBe('succeeded');
    // PrepareProbe looks for its group; RunProbe reads the interfaces' addresses.
    expect([reads.prepareProbe, reads.runProbe]).toEqual([1, 1]);
  });

  it('probes the central endpoints as they are when an interface Plan saw is gone', async () => {
    const w = await centralReady();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm', 'privatelink:use': 'central' });
    const described: string[] = [];
    await askForRun(w.spoke.vpcId, `central-${(eventId += 1)}`);
    const [run] = await w.harness.runQueued({
      intercept: async (fn, _event, invoke) => {
        if (fn !== 'runProbe') return invoke();
        // The central ssm endpoint's interfaces replaced since Plan read them.
        for (const e of w.sim.endpoints.values())
          if (e.vpcId === w.central.vpcId && e.serviceName.endsWith('.ssm'))
            e.networkInterfaceIds = e.networkInterfaceIds.map((id) => `${id}0`);
        const before = w.sim.calls.length;
        try {
          return await invoke();
        } finally {
          described.push(...w.sim.calls.slice(before).map((c) => c.command));
        }
      },
    });

    expect(resultOf(run!).status).toBe('succeeded');
    expect(described).toEqual([
      'DescribeNetworkInterfaces',
      'DescribeVpcEndpoints',
      'DescribeNetworkInterfaces',
    ]);
  });

  it('reads first after its associations were throttled mid-turn: no zone is associated twice', async () => {
    const w = await centralReady();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm, logs', 'privatelink:use': 'central' });
    // The first association goes through; the second is throttled through every SDK retry.
    let associations = 0;
    w.sim.watchers.push((command) => {
      if (command === 'AssociateVPCWithHostedZone' && (associations += 1) === 1)
        w.sim.failNext('AssociateVPCWithHostedZone', 'Throttling', 5);
    });

    const { run } = await runCounted(w);

    expect(resultOf(run).status).toBe('succeeded');
    const answered = w.sim.route53Calls.filter(
      (c) => c.command === 'AssociateVPCWithHostedZone' && !c.throttled,
    );
    // Two zones, two associations that took; the five refused ones; none asked again of a linked zone.
    expect(answered).toHaveLength(2 + 5);
    expect(associations).toBe(2);
  });

  it('reads first when the state machine retries in place a turn that acted: no zone is associated twice', async () => {
    const w = await centralReady();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm, logs', 'privatelink:use': 'central' });
    let failed = false;
    await askForRun(w.spoke.vpcId, `central-${(eventId += 1)}`);
    const [run] = await w.harness.runQueued({
      intercept: async (fn, _event, invoke) => {
        const out = await invoke();
        const acted = (out as { status?: string }).status === 'done';
        if (fn !== 'linkCentral' || !acted || failed) return out;
        // The Lambda dies after acting and before answering: Step Functions retries it with the same input.
        failed = true;
        throw new AwsTransientError('the connection was reset after the turn acted');
      },
    });

    expect(failed).toBe(true);
    expect(resultOf(run!).status).toBe('succeeded');
    const associations = w.sim.route53Calls.filter((c) => c.command === 'AssociateVPCWithHostedZone');
    expect(associations).toHaveLength(2);
    for (const name of [SSM, LOGS])
      expect(zonesNamed(w.sim, name)[0]?.vpcIds).toEqual([w.central.vpcId, w.spoke.vpcId]);
  });

  it('reads again and links what is there when a zone Plan saw was made anew before LinkCentral acted', async () => {
    const w = await centralReady();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm', 'privatelink:use': 'central' });
    await askForRun(w.spoke.vpcId, `central-${(eventId += 1)}`);
    const [run] = await w.harness.runQueued({
      intercept: (fn, _event, invoke) => {
        if (fn === 'linkCentral') remakeZone(w.sim, SSM);
        return invoke();
      },
    });

    expect(resultOf(run!).status).toBe('succeeded');
    const zones = zonesNamed(w.sim, SSM);
    expect(zones).toHaveLength(1);
    expect(zones[0]?.vpcIds).toEqual([w.central.vpcId, w.spoke.vpcId]);
  });
});

/** The zone of `name` deleted and made again as the central VPC's run makes it (a new id). */
function remakeZone(sim: SimEc2, name: string) {
  const old = zonesNamed(sim, name)[0];
  if (!old || !sim.hostedZones.delete(old.zoneId)) return;
  const zoneId = sim.addHostedZone(name, old.vpcIds);
  Object.assign(sim.hostedZones.get(zoneId)!, { tags: old.tags, records: old.records });
}

describe('the central tags', () => {
  it.each([
    [
      'share and use together',
      { 'privatelink:share': 'all', 'privatelink:use': 'central' },
      /a central VPC serves its own names/,
    ],
    [
      'a shared service the VPC does not name',
      { 'privatelink:share': 'kms' },
      /not interface AWS services this VPC's privatelink:services names: kms/,
    ],
    [
      'a use that is neither central nor a VPC id',
      { 'privatelink:use': 'hub' },
      /central, or the central VPC's id/,
    ],
  ])('refuse %s, naming what is accepted, with nothing changed', async (_what, tags, reason) => {
    const w = world();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm', ...tags });

    const run = await runFor(w, w.spoke);

    expect(run.error).toBe('InvalidTagError');
    expect(run.cause).toMatch(reason);
    expect(run.mutations).toEqual([]);
  });
});

describe('links kept clean', () => {
  it('removes, in the central VPC’s run, an association of a VPC that never opted in and the entry of a deleted spoke', async () => {
    const w = await centralReady();
    const stranger = w.sim.addVpc({ azs: 1, cidr: '10.30.0.0/16' });
    const zone = zonesNamed(w.sim, SSM)[0]!;
    zone.vpcIds.push(stranger.vpcId);
    const list = spokeList(w.sim, w.central)!;
    list.entries.push({ cidr: '10.40.0.0/16', description: 'vpc-0000000000000dead' });
    list.version += 1;

    const drift = await checkDrift('report');
    expect(drift.drifted.find((d) => d.vpcId === w.central.vpcId)?.findings).toEqual([
      expect.objectContaining({
        kind: 'central-links',
        detail: expect.stringMatching(
          new RegExp(
            `${SSM} is associated with ${stranger.vpcId}, which is not its spoke; 10\\.40\\.0\\.0/16 in the spoke list is no spoke's`,
          ),
        ),
      }),
    ]);
    const run = await runFor(w, w.central);

    expect(resultOf(run).status).toBe('succeeded');
    expect(zone.vpcIds).toEqual([w.central.vpcId]);
    expect(list.entries).toEqual([]);
    expect((await checkDrift('report')).drifted).toEqual([]);
  });

  it('reports a subscribed spoke that lost its association on the spoke, and remediation links it again', async () => {
    const w = await centralReady();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm', 'privatelink:use': 'central' });
    expect((await runFor(w, w.spoke)).status).toBe('SUCCEEDED');
    const zone = zonesNamed(w.sim, SSM)[0]!;
    zone.vpcIds = [w.central.vpcId];

    const drift = await checkDrift('report');
    expect(drift.drifted).toEqual([
      {
        vpcId: w.spoke.vpcId,
        findings: [
          expect.objectContaining({
            kind: 'central-links',
            detail: `spoke of ${w.central.vpcId}: not associated with ${SSM}`,
          }),
        ],
      },
    ]);
    await checkDrift('remediate');
    await w.harness.runQueued();

    expect(zone.vpcIds).toEqual([w.central.vpcId, w.spoke.vpcId]);
    expect((await checkDrift('report')).drifted).toEqual([]);
  });
});

/**
 * What answers `name` in `vpc` now, as its resolver would: a zone of that name associated with it (its
 * alias's endpoint), else an endpoint of the VPC with private DNS on, else the public name. `nothing`: an
 * alias to an endpoint that is not there; `drops`: an endpoint that does not pass traffic (not available).
 */
function answerFor(sim: SimEc2, vpc: Vpc, name: string): 'endpoint' | 'public' | 'nothing' | 'drops' {
  const zone = [...sim.hostedZones.values()].find((z) => z.name === name && z.vpcIds.includes(vpc.vpcId));
  const liveAnswer = (endpointId: string | undefined) => {
    const e = endpointId ? sim.endpoints.get(endpointId) : undefined;
    if (!e || e.state === 'deleted') return 'nothing';
    return e.state === 'available' ? 'endpoint' : 'drops';
  };
  if (zone) {
    const target = zone.records?.get(name)?.target;
    return target ? liveAnswer(target.split('.')[0]) : 'nothing';
  }
  const local = [...sim.endpoints.values()].find(
    (e) =>
      e.vpcId === vpc.vpcId &&
      e.privateDns &&
      e.state !== 'deleted' &&
      sim.offers.get(e.serviceName)?.privateDnsName === name,
  );
  return local ? liveAnswer(local.endpointId) : 'public';
}

/** The private addresses EC2 reports for network interfaces. */
async function addressesOf(eniIds: string[]): Promise<string[]> {
  const got = await new EC2Client({ region: REGION }).send(
    new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: eniIds }),
  );
  return (got.NetworkInterfaces ?? []).map((n) => n.PrivateIpAddress ?? '');
}

/** Every call that takes effect from now on, and what answers `name` in `vpc` right after it. */
function watchAnswers(sim: SimEc2, vpc: Vpc, name: string) {
  const seen = { answers: [] as string[], calls: [] as string[] };
  sim.watchers.push((command) => {
    seen.calls.push(command);
    seen.answers.push(answerFor(sim, vpc, name));
  });
  return seen;
}

describe('moving a spoke’s own endpoints to the central VPC', () => {
  it('never leaves the name unanswered or answered by an endpoint that drops traffic, and ends with no local endpoint', async () => {
    const w = await centralReady();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm' });
    expect((await runFor(w, w.spoke)).status).toBe('SUCCEEDED');
    const [local] = localEndpoints(w.sim, w.spoke);
    expect(local?.privateDns).toBe(true);
    const { answers, calls } = watchAnswers(w.sim, w.spoke, SSM);
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:use': 'central' });

    const run = await runFor(w, w.spoke);

    expect(resultOf(run).status).toBe('succeeded');
    expect(resultOf(run).services.map((x) => [x.service, x.action, x.endpointId ?? x.servedBy])).toEqual([
      ['ssm', 'deleted', local?.endpointId],
      ['ssm', 'served', w.central.vpcId],
    ]);
    expect(answers.filter((a) => a === 'nothing' || a === 'drops')).toEqual([]);
    expect(answerFor(w.sim, w.spoke, SSM)).toBe('endpoint');
    expect(zonesNamed(w.sim, SSM)[0]?.vpcIds).toContain(w.spoke.vpcId);
    // Private DNS off, then the zone, then the endpoint goes: Route 53 refuses the zone while DNS is on.
    const order = ['ModifyVpcEndpoint', 'AssociateVPCWithHostedZone', 'DeleteVpcEndpoints'].map((c) =>
      calls.indexOf(c),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(localEndpoints(w.sim, w.spoke).filter((e) => e.state !== 'deleting')).toEqual([]);
  });
});

describe('moving a spoke back to endpoints of its own', () => {
  it('never leaves the name unanswered or answered by an endpoint that drops traffic, and ends with its own endpoint answering', async () => {
    const w = await centralReady();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm', 'privatelink:use': 'central' });
    expect((await runFor(w, w.spoke)).status).toBe('SUCCEEDED');
    const { answers, calls } = watchAnswers(w.sim, w.spoke, SSM);
    delete w.sim.vpcs.get(w.spoke.vpcId)?.tags['privatelink:use'];

    const run = await runFor(w, w.spoke);

    expect(resultOf(run).status).toBe('succeeded');
    const [local, ...more] = localEndpoints(w.sim, w.spoke);
    expect(more).toEqual([]);
    expect(local).toMatchObject({ privateDns: true, state: 'available' });
    expect(resultOf(run).services.map((x) => [x.service, x.action])).toEqual([['ssm', 'created']]);
    expect(answers.filter((a) => a === 'nothing' || a === 'drops')).toEqual([]);
    expect(answerFor(w.sim, w.spoke, SSM)).toBe('endpoint');
    expect(zonesNamed(w.sim, SSM)[0]?.vpcIds).toEqual([w.central.vpcId]);
    expect(spokeList(w.sim, w.central)?.entries).toEqual([]);
    // The endpoint first (private DNS off), then the zone goes, then private DNS on: EC2 refuses it while
    // the zone answers the name.
    const order = ['CreateVpcEndpoint', 'DisassociateVPCFromHostedZone', 'ModifyVpcEndpoint'].map((c) =>
      calls.indexOf(c),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('a central VPC that shares less', () => {
  it('moves its spokes back before the zone goes, then deletes the zone and answers the name itself', async () => {
    const w = await centralReady();
    tagVpc(w.sim, w.spoke.vpcId, { 'privatelink:services': 'ssm, logs', 'privatelink:use': 'central' });
    expect((await runFor(w, w.spoke)).status).toBe('SUCCEEDED');
    const { answers } = watchAnswers(w.sim, w.spoke, LOGS);
    tagVpc(w.sim, w.central.vpcId, { 'privatelink:share': 'ssm' });

    const first = await runFor(w, w.central);
    const spokeRun = await runFor(w, w.spoke);
    const last = await runFor(w, w.central);

    expect([first, spokeRun, last].map((r) => resultOf(r)?.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    expect(answers.filter((a) => a === 'nothing' || a === 'drops')).toEqual([]);
    expect(zonesNamed(w.sim, LOGS)).toEqual([]);
    expect(answerFor(w.sim, w.spoke, LOGS)).toBe('endpoint');
    expect(answerFor(w.sim, w.central, LOGS)).toBe('endpoint');
    expect(zonesNamed(w.sim, SSM)[0]?.vpcIds).toEqual([w.central.vpcId, w.spoke.vpcId]);
  });
});
