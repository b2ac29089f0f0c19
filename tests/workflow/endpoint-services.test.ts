/**
 * Endpoint services beyond AWS's own, through the real path (tag event → trigger → lock → execution) on
 * the simulated EC2: the allow-list by alias, by name and by owner, refusals before any change, the
 * owner's acceptance (awaiting-acceptance, the lock released, the next run finishing), rejection, and
 * private DNS only where the service's name is verified.
 */
const PAYMENTS = 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718';
const PARTNER_OWNER = '777788889999';
const DATABASE = 'com.amazonaws.vpce.us-east-1.vpce-svc-0d0d0d0d0d0d0d0d0';
const WEST_LEDGER = 'com.amazonaws.vpce.us-west-2.vpce-svc-0e0e0e0e0e0e0e0e0';
const LEDGER_DB = 'arn:aws:vpc-lattice:us-east-1:444455556666:resourceconfiguration/rcfg-0123456789abcdef0';
const DATA_OWNER = '555566667777';
process.env.PRIVATELINK_CONFIG = JSON.stringify({
  endpointServices: [
    { name: PAYMENTS, alias: 'payments' },
    { owner: PARTNER_OWNER },
    { name: DATABASE, alias: 'orders-db', ports: [5432], tls: false },
    { name: WEST_LEDGER, alias: 'ledger' },
  ],
  serviceRegions: ['us-west-2'],
  resourceConfigurations: [
    { arn: LEDGER_DB, alias: 'ledger-db', ports: [5432], tls: false },
    { owner: DATA_OWNER },
  ],
  acceptanceDeadlineHours: 24,
});

import { OWNER_TAG } from '../../lib/domain/config';
import type { ExecutionResult } from '../../lib/workflow/result-document';
import type { SimEc2 } from '../support/sim-ec2/api';
import { askForRun, taggedWorld } from '../support/trigger';
import { tagVpc } from '../support/workflow-harness';
import { checkDrift } from '../support/drift-check';

const ours = (sim: SimEc2) => [...sim.endpoints.values()].filter((e) => e.tags[OWNER_TAG]);
const resultOf = (run: { output?: unknown } | undefined) => run?.output as ExecutionResult;
const serviceOf = (run: { output?: unknown } | undefined, name: string) =>
  resultOf(run).services.find((s) => s.service === name);

/** A world whose region also offers the payments service and a partner's, and a VPC tagged for `services`. */
function world(services: string, payments: Parameters<SimEc2['addEndpointService']>[0] = {}) {
  const w = taggedWorld('ssm');
  w.sim.addEndpointService({
    id: 'vpce-svc-0a1b2c3d4e5f60718',
    privateDnsName: 'pay.example.com',
    ...payments,
  });
  const partner = w.sim.addEndpointService({ owner: PARTNER_OWNER });
  const stranger = w.sim.addEndpointService({ owner: '121212121212' });
  w.sim.addEndpointService({ id: 'vpce-svc-0d0d0d0d0d0d0d0d0' });
  tagVpc(w.sim, w.vpc.vpcId, {
    'privatelink:services': services.replace('PARTNER', partner).replace('STRANGER', stranger),
  });
  return { ...w, partner, stranger };
}

/** What the live probe is asked to test, each target kept; every check it runs passes. */
function recordProbes(w: ReturnType<typeof world>) {
  const probed: { service: string; serviceName: string; type: string; ports?: number[]; tls?: boolean }[] =
    [];
  w.harness.lambda.responder = (payload) => {
    probed.push(...payload.targets);
    return payload.targets.map((t) => ({
      service: t.service,
      type: t.type,
      checks: [{ name: 'tcp', status: 'pass', detail: 'simulated', ms: 1 }],
    }));
  };
  return probed;
}

let eventId = 0;
const runFor = async (w: ReturnType<typeof world>) => {
  await askForRun(w.vpc.vpcId, `endpoint-services-${(eventId += 1)}`);
  const runs = await w.harness.runQueued();
  expect(runs).toHaveLength(1);
  return runs[0];
};

describe('endpoint services of the allow-list', () => {
  it('makes an endpoint to an allow-listed service named by its alias, private DNS on for its verified name', async () => {
    const w = world('ssm, payments');

    const run = await runFor(w);

    expect(resultOf(run).status).toBe('succeeded');
    const endpoint = ours(w.sim).find((e) => e.serviceName === PAYMENTS);
    expect(endpoint).toMatchObject({ type: 'Interface', state: 'available', privateDns: true });
    expect(serviceOf(run, 'payments')).toMatchObject({ serviceName: PAYMENTS, action: 'created' });
    expect(serviceOf(run, 'payments')?.checks.filter((c) => c.status === 'fail')).toEqual([]);
  });

  it('makes one to a service an owner entry admits, named in full, with its own DNS names (it has no private name)', async () => {
    const w = world('PARTNER');

    const run = await runFor(w);

    expect(resultOf(run).status).toBe('succeeded');
    expect(ours(w.sim).map((e) => [e.serviceName, e.privateDns])).toEqual([[w.partner, false]]);
    expect(serviceOf(run, w.partner)?.reason).toMatch(/private DNS off: the service has no private DNS name/);
  });

  it.each([
    [
      'a service no entry names, of an owner no entry admits',
      'ssm, STRANGER',
      /owned by 121212121212, which no owner entry of endpointServices admits/,
    ],
    ['an alias the config does not have', 'ssm, billing', /"billing" is not offered/],
  ])('refuses %s with no change made', async (_what, services, reason) => {
    const w = world(services);

    const run = await runFor(w);

    expect(run?.status).toBe('FAILED');
    expect(run?.error).toBe('InvalidTagError');
    expect(run?.cause).toMatch(reason);
    expect(run?.mutations.filter((m) => !m.startsWith('Describe'))).toEqual([]);
    expect(ours(w.sim)).toEqual([]);
  });

  it('refuses a full name EC2 does not list to the account, saying what to check, with no change made', async () => {
    const w = world('ssm');
    const unlisted = 'com.amazonaws.vpce.us-east-1.vpce-svc-0fffffffffffffff0';
    tagVpc(w.sim, w.vpc.vpcId, { 'privatelink:services': `ssm, ${unlisted}` });

    const run = await runFor(w);

    expect(run?.status).toBe('FAILED');
    expect(run?.cause).toContain(
      `"${unlisted}" is not listed to this account in us-east-1: check the name, and that its owner allows this account`,
    );
    expect(ours(w.sim)).toEqual([]);
  });
});

describe("the owner's acceptance", () => {
  it('ends a run awaiting-acceptance without waiting, releases the VPC, and the run after the owner accepts finishes it', async () => {
    const w = world('ssm, payments', { acceptanceRequired: true });

    const first = await runFor(w);

    expect(first?.status).toBe('SUCCEEDED');
    expect(resultOf(first).status).toBe('awaiting-acceptance');
    const waiting = ours(w.sim).find((e) => e.serviceName === PAYMENTS);
    expect(waiting).toMatchObject({ state: 'pendingAcceptance', privateDns: false });
    expect(serviceOf(first, 'payments')?.checks).toEqual([
      expect.objectContaining({
        name: 'endpoint-available',
        status: 'skip',
        detail: expect.stringMatching(/awaits acceptance by the service's owner 444455556666/),
      }),
    ]);
    expect(serviceOf(first, 'ssm')?.checks.every((c) => c.status !== 'fail')).toBe(true);

    w.sim.acceptEndpoint(waiting?.endpointId ?? '');
    const second = await runFor(w);

    expect(resultOf(second).status).toBe('succeeded');
    expect(ours(w.sim).find((e) => e.serviceName === PAYMENTS)).toMatchObject({
      endpointId: waiting?.endpointId,
      state: 'available',
      privateDns: true,
    });
    expect(second?.mutations.filter((m) => m === 'CreateVpcEndpoint')).toEqual([]);
  });

  it('has the scheduled drift check, even in report mode, start the run that finishes an endpoint once its owner accepted', async () => {
    const w = world('ssm, payments', { acceptanceRequired: true });
    await runFor(w);
    const before = await checkDrift('report');
    w.sim.acceptEndpoint(ours(w.sim).find((e) => e.serviceName === PAYMENTS)?.endpointId ?? '');
    w.sim.clock.advance(120_000);

    const after = await checkDrift('report');
    const finishing = await w.harness.runQueued();
    const later = await checkDrift('report');

    expect(before.acceptances).toEqual([]);
    expect(after.acceptances).toEqual([expect.objectContaining({ vpcId: w.vpc.vpcId, outcome: 'started' })]);
    expect(finishing.map((r) => resultOf(r).status)).toEqual(['succeeded']);
    expect(ours(w.sim).find((e) => e.serviceName === PAYMENTS)).toMatchObject({
      state: 'available',
      privateDns: true,
    });
    expect(later.acceptances).toEqual([]);
  });

  it("removes an endpoint its service's owner rejected, and says so as a failure naming the owner, asking nothing new in that run", async () => {
    const w = world('ssm, payments', { acceptanceRequired: true });
    await runFor(w);
    const waiting = ours(w.sim).find((e) => e.serviceName === PAYMENTS);
    w.sim.rejectEndpoint(waiting?.endpointId ?? '');

    const run = await runFor(w);

    expect(resultOf(run).status).toBe('checks-failed');
    const rejected = resultOf(run).services.find((s) => s.endpointId === waiting?.endpointId);
    expect(rejected).toMatchObject({ action: 'deleted' });
    expect(rejected?.checks).toEqual([
      expect.objectContaining({
        name: 'acceptance',
        status: 'fail',
        detail: expect.stringContaining("rejected by the service's owner 444455556666"),
      }),
    ]);
    expect(run?.mutations.filter((m) => m.endsWith('VpcEndpoint') || m === 'DeleteVpcEndpoints')).toEqual([
      'DeleteVpcEndpoints',
    ]);
  });

  it('asks again in the run after a rejection, while the tags still name the service', async () => {
    const w = world('ssm, payments', { acceptanceRequired: true });
    await runFor(w);
    w.sim.rejectEndpoint(ours(w.sim).find((e) => e.serviceName === PAYMENTS)?.endpointId ?? '');
    await runFor(w);

    const again = await runFor(w);

    expect(resultOf(again).status).toBe('awaiting-acceptance');
    expect(again?.mutations.filter((m) => m === 'CreateVpcEndpoint')).toEqual(['CreateVpcEndpoint']);
  });

  it('reports as drift, in the scheduled check, an endpoint still waiting past the deadline, and not before', async () => {
    const w = world('ssm, payments', { acceptanceRequired: true });
    await runFor(w);
    const findings = async () =>
      (await checkDrift('report')).drifted
        .flatMap((d) => d.findings)
        .filter((f) => f.kind === 'awaiting-acceptance');

    w.sim.clock.advance(23 * 3_600_000);
    const early = await findings();
    w.sim.clock.advance(2 * 3_600_000);
    const late = await findings();

    expect(early).toEqual([]);
    expect(late).toEqual([
      expect.objectContaining({
        service: PAYMENTS,
        detail: expect.stringMatching(/444455556666.*past the 24 h deadline/),
      }),
    ]);
  });
});

describe('private DNS of an endpoint service', () => {
  it("stays off while the service name is not verified, said in the result, and the run succeeds on the endpoint's own names", async () => {
    const w = world('payments', { verification: 'pendingVerification' });

    const run = await runFor(w);

    expect(resultOf(run).status).toBe('succeeded');
    expect(ours(w.sim).map((e) => e.privateDns)).toEqual([false]);
    expect(serviceOf(run, 'payments')?.reason).toMatch(
      /private DNS off: the service's private DNS name pay.example.com is not verified \(pendingverification\)/,
    );
  });
});

describe("an endpoint service's ports", () => {
  /** Each group of ours (by its ports tag, the managed group as 443): the rules it has, and who is in it. */
  const groups = (sim: SimEc2) =>
    [...sim.securityGroups.values()]
      .filter((g) => ['endpoints', 'endpoint-ports'].includes(g.tags['privatelink:role'] ?? ''))
      .map((g) => ({
        ports: g.tags['privatelink:ports'] ?? '443',
        rules: g.ingress.map((r) => `${r.FromPort}-${r.ToPort} ${r.CidrIp}`).sort(),
        members: ours(sim)
          .filter((e) => e.groupIds.includes(g.groupId))
          .map((e) => e.serviceName)
          .sort(),
      }))
      .sort((a, b) => a.ports.localeCompare(b.ports));

  it('gives each endpoint a group that admits exactly its ports, checks and probes them, TLS only where it speaks it', async () => {
    const w = world('ssm, orders-db');
    const cidr = w.sim.vpcs.get(w.vpc.vpcId)?.cidrBlocks[0];
    const probed = recordProbes(w);

    const run = await runFor(w);

    expect(resultOf(run).status).toBe('succeeded');
    expect(groups(w.sim)).toEqual([
      { ports: '443', rules: [`443-443 ${cidr}`], members: [w.sim.serviceName('ssm')] },
      { ports: '5432', rules: [`5432-5432 ${cidr}`], members: [DATABASE] },
    ]);
    expect(serviceOf(run, 'orders-db')?.checks).toContainEqual(
      expect.objectContaining({
        name: 'security-group',
        status: 'pass',
        detail: expect.stringMatching(/^5432 allowed from/),
      }),
    );
    expect(probed).toContainEqual(
      expect.objectContaining({ service: 'orders-db', serviceName: DATABASE, ports: [5432], tls: false }),
    );
    expect(probed).toContainEqual(expect.not.objectContaining({ ports: expect.anything() }));
    // The probe's own group lets it out to both.
    const probeGroup = [...w.sim.securityGroups.values()].find((g) => g.tags['privatelink:role'] === 'probe');
    expect(
      probeGroup?.egress
        .filter((r) => r.CidrIp)
        .map((r) => r.FromPort)
        .sort(),
    ).toEqual([443, 5432]);
  });

  it('never admits 443 where only an endpoint service on other ports is wanted: no managed group at all', async () => {
    const w = world('orders-db');
    const cidr = w.sim.vpcs.get(w.vpc.vpcId)?.cidrBlocks[0];

    const run = await runFor(w);

    expect(resultOf(run).status).toBe('succeeded');
    expect(groups(w.sim)).toEqual([{ ports: '5432', rules: [`5432-5432 ${cidr}`], members: [DATABASE] }]);
  });

  it('reports a rule revoked by hand as drift naming the port, and the next run restores it', async () => {
    const w = world('orders-db');
    await runFor(w);
    const group = [...w.sim.securityGroups.values()].find((g) => g.tags['privatelink:ports'] === '5432');
    if (group) group.ingress = [];

    const drift = (await checkDrift('report')).drifted.flatMap((d) => d.findings);
    await runFor(w);

    expect(drift).toContainEqual(
      expect.objectContaining({
        kind: 'security-group-rules',
        detail: expect.stringMatching(/missing TCP 5432 from/),
      }),
    );
    expect(group?.ingress.map((r) => r.FromPort)).toEqual([5432]);
  });

  it('removes a port group once no endpoint of ours needs it', async () => {
    const w = world('ssm, orders-db');
    await runFor(w);
    tagVpc(w.sim, w.vpc.vpcId, { 'privatelink:services': 'ssm' });

    const run = await runFor(w);

    expect(resultOf(run).status).toBe('succeeded');
    expect(groups(w.sim).map((g) => g.ports)).toEqual(['443']);
    expect(run?.mutations).toContain('DeleteSecurityGroup');
  });
});

describe('services of another region (cross-region PrivateLink)', () => {
  it("reaches an AWS service of a region the config names, as EC2 offers it cross-region, with the service's region", async () => {
    const w = world('ssm');
    const westKms = w.sim.addRemoteOffer('us-west-2', 'kms');
    tagVpc(w.sim, w.vpc.vpcId, { 'privatelink:services': `ssm, ${westKms}` });

    const run = await runFor(w);

    expect(resultOf(run).status).toBe('succeeded');
    // The simulated EC2 makes it only with ServiceRegion us-west-2: without, the name "does not exist".
    expect(ours(w.sim).find((e) => e.serviceName === westKms)).toMatchObject({
      state: 'available',
      privateDns: true,
    });
    expect(serviceOf(run, westKms)?.checks.filter((c) => c.status === 'fail')).toEqual([]);
  });

  it('refuses one EC2 does not offer cross-region, naming the region, with no change made', async () => {
    const w = world('ssm');
    const westSsm = w.sim.addRemoteOffer('us-west-2', 'ssm', false);
    tagVpc(w.sim, w.vpc.vpcId, { 'privatelink:services': `ssm, ${westSsm}` });

    const run = await runFor(w);

    expect(run?.status).toBe('FAILED');
    expect(run?.cause).toContain(
      `"${westSsm}" is not offered cross-region to us-east-1: EC2 does not list it for service region us-west-2`,
    );
    expect(run?.mutations.filter((m) => !m.startsWith('Describe'))).toEqual([]);
  });

  it('reaches an allow-listed endpoint service of another region by its alias', async () => {
    const w = world('ssm');
    w.sim.offers.set(WEST_LEDGER, {
      serviceName: WEST_LEDGER,
      types: ['Interface'],
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      policySupported: false,
      owner: '444455556666',
      serviceRegion: 'us-west-2',
      crossRegion: true,
    });
    tagVpc(w.sim, w.vpc.vpcId, { 'privatelink:services': 'ssm, ledger' });

    const run = await runFor(w);

    expect(resultOf(run).status).toBe('succeeded');
    expect(ours(w.sim).find((e) => e.serviceName === WEST_LEDGER)?.state).toBe('available');
  });
});

describe('resource endpoints (privatelink:resources)', () => {
  /** A world with the ledger database shared with the account, and a VPC tagged for `resources`. */
  function resourceWorld(resources: string, extra: Record<string, string> = {}) {
    const w = world('ssm');
    w.sim.addResourceConfiguration({ id: 'rcfg-0123456789abcdef0' });
    tagVpc(w.sim, w.vpc.vpcId, {
      'privatelink:services': 'ssm',
      'privatelink:resources': resources,
      ...extra,
    });
    return w;
  }

  it('makes a resource endpoint to an allow-listed resource configuration by its alias, on its ports, checked and probed', async () => {
    const w = resourceWorld('ledger-db');
    const probed = recordProbes(w);

    const run = await runFor(w);

    expect(resultOf(run).status).toBe('succeeded');
    expect(ours(w.sim).find((e) => e.type === 'Resource')).toMatchObject({
      serviceName: LEDGER_DB,
      state: 'available',
    });
    const ledger = serviceOf(run, 'ledger-db');
    expect(ledger).toMatchObject({ type: 'Resource', action: 'created' });
    expect(ledger?.reason).toMatch(/a resource endpoint: reached by the resource's own DNS names/);
    expect(ledger?.checks.map((c) => `${c.name}:${c.status}`)).toEqual([
      'endpoint-available:pass',
      'dns-entries:pass',
      'private-dns:skip',
      'security-group:pass',
      'network-acl:pass',
      'live tcp:pass',
    ]);
    expect(probed).toContainEqual(expect.objectContaining({ type: 'Resource', ports: [5432] }));
  });

  it('admits an ARN an owner entry names by its account, and says a policy tag does not apply', async () => {
    const w = world('ssm');
    const owned = w.sim.addResourceConfiguration({ owner: DATA_OWNER });
    tagVpc(w.sim, w.vpc.vpcId, {
      'privatelink:services': 'ssm',
      'privatelink:resources': owned,
      'privatelink:policy': 'account',
    });

    const run = await runFor(w);

    expect(resultOf(run).status).toBe('succeeded');
    expect(serviceOf(run, owned)?.reason).toMatch(/no endpoint policy \(resource endpoints take none/);
    // The simulated EC2 refuses a policy on a resource endpoint: none was sent.
    expect(ours(w.sim).find((e) => e.type === 'Resource')?.state).toBe('available');
  });

  it('refuses an ARN no entry admits, with no change made', async () => {
    const stranger =
      'arn:aws:vpc-lattice:us-east-1:121212121212:resourceconfiguration/rcfg-0fffffffffffffff0';
    const w = resourceWorld(stranger);

    const run = await runFor(w);

    expect(run?.status).toBe('FAILED');
    expect(run?.cause).toContain(
      `"${stranger}" is not allow-listed: add it to the config (resourceConfigurations)`,
    );
    expect(run?.mutations.filter((m) => !m.startsWith('Describe'))).toEqual([]);
  });

  it("fails, saying EC2's reason and leaving nothing of its own, when the configuration is not shared with the account", async () => {
    const w = world('ssm');
    const unshared = w.sim.addResourceConfiguration({ owner: DATA_OWNER, shared: false });
    tagVpc(w.sim, w.vpc.vpcId, { 'privatelink:services': 'ssm', 'privatelink:resources': unshared });

    const run = await runFor(w);

    expect(run?.status).toBe('FAILED');
    expect(run?.cause).toMatch(/does not exist or is not shared with this account/);
    expect(ours(w.sim).filter((e) => e.type === 'Resource')).toEqual([]);
  });

  it('reports a resource endpoint deleted by hand as drift, and the next run makes it again', async () => {
    const w = resourceWorld('ledger-db');
    await runFor(w);
    const made = ours(w.sim).find((e) => e.type === 'Resource');
    if (made) w.sim.endpoints.delete(made.endpointId);

    const drift = (await checkDrift('report')).drifted.flatMap((d) => d.findings);
    const again = await runFor(w);

    expect(drift).toContainEqual(expect.objectContaining({ kind: 'missing-endpoint', service: 'ledger-db' }));
    expect(ours(w.sim).filter((e) => e.type === 'Resource')).toHaveLength(1);
    expect(serviceOf(again, 'ledger-db')?.action).toBe('created');
  });
});
