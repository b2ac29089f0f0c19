/**
 * Centralized endpoints converge from any crash point: a clean run names every mutating call it makes
 * (EC2, Route 53, Lambda); then, for each, a fresh world runs until that call took effect and the process
 * dies there (no Catch, no release). A tag event asks again through the real trigger path, and the end
 * state must be the clean run's: the same endpoints, zones (one per name, its aliases, its VPCs), spoke
 * list entries and rules, nothing twice.
 */
process.env.PRIVATELINK_CONFIG = JSON.stringify({ central: {}, probe: { enabled: false } });

import { CENTRAL_TAG, OWNER_TAG } from '../../lib/domain/config';
import { routeTo } from '../support/central-routes';
import { SimEc2 } from '../support/sim-ec2/api';
import { askForRun } from '../support/trigger';
import { createHarness, tagVpc, type Harness } from '../support/workflow-harness';

type Vpc = ReturnType<SimEc2['addVpc']>;

/** A central VPC sharing ssm and logs, and a spoke routed to it through a transit gateway, both tagged. */
function world() {
  const sim = new SimEc2();
  sim.addDefaultOffers();
  const central = sim.addVpc({ azs: 2, cidr: '10.10.0.0/16' });
  const spoke = sim.addVpc({ azs: 2, cidr: '10.20.0.0/16' });
  routeTo(sim, spoke, '10.10.0.0/16');
  const harness = createHarness(sim);
  tagVpc(sim, central.vpcId, { 'privatelink:services': 'ssm, logs', 'privatelink:share': 'all' });
  tagVpc(sim, spoke.vpcId, { 'privatelink:services': 'ssm, logs, s3', 'privatelink:use': 'central' });
  return { sim, central, spoke, harness };
}

/** The links and endpoints in roles rather than ids (ids differ between worlds). */
function endState(w: ReturnType<typeof world>) {
  const { sim } = w;
  sim.settle();
  const role = (vpcId: string) =>
    vpcId === w.central.vpcId ? 'central' : vpcId === w.spoke.vpcId ? 'spoke' : vpcId;
  const serviceOf = (target: string) => sim.endpoints.get(target.split('.')[0] ?? '')?.serviceName ?? target;
  const zones = [...sim.hostedZones.values()]
    .map((z) => ({
      name: z.name,
      ours: z.tags?.[OWNER_TAG] !== undefined && z.tags?.[CENTRAL_TAG] === w.central.vpcId,
      vpcs: z.vpcIds.map(role).sort(),
      records: [...(z.records?.entries() ?? [])]
        .map(([name, r]) => `${name} → ${serviceOf(r.target)}`)
        .sort(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const endpoints = [...sim.endpoints.values()]
    .filter((e) => e.tags[OWNER_TAG] && e.state !== 'deleted')
    .map((e) => `${role(e.vpcId)} ${e.serviceName} ${e.type} dns=${e.privateDns} ${e.state}`)
    .sort();
  const lists = [...sim.managedLists.values()].map((l) => ({
    central: role(l.tags[CENTRAL_TAG] ?? ''),
    entries: l.entries.map((e) => `${e.cidr} ${role(e.description ?? '')}`).sort(),
  }));
  const listRules = [...sim.securityGroups.values()].flatMap((g) =>
    g.ingress.filter((r) => r.PrefixListId).map((r) => `${role(g.vpcId)} ${r.FromPort}`),
  );
  return { zones, endpoints, lists, listRules };
}

async function runOf(harness: Harness, vpc: Vpc, id: string, crashAfter?: number) {
  await askForRun(vpc.vpcId, id);
  const runs = await harness.runQueued(crashAfter ? { crashAfter } : {});
  return runs.at(-1);
}

/** The central VPC's run (its endpoints, zones, list and rule), or the spoke's after the central converged. */
const SCENARIOS: [string, 'central' | 'spoke'][] = [
  ["the central VPC's first run", 'central'],
  ["a spoke's first run", 'spoke'],
];

describe.each(SCENARIOS)('a crash at any mutating call of %s', (_name, which) => {
  it('is finished by the next run: the same links and endpoints as a clean run, nothing twice', async () => {
    /** A fresh world; for the spoke's scenario, its central VPC converged first. */
    const prepare = async () => {
      const w = world();
      const before = which === 'spoke' ? await runOf(w.harness, w.central, 'central') : undefined;
      return { ...w, before: before?.status ?? 'none' };
    };
    const clean = await prepare();
    const cleanRun = await runOf(clean.harness, clean[which], 'clean');
    // The central VPC's scenario ends with its spoke served, so both sides of the links are compared.
    const spokeRun = which === 'central' ? await runOf(clean.harness, clean.spoke, 'spoke') : undefined;
    expect([clean.before, cleanRun?.status, spokeRun?.status ?? 'none']).toEqual(
      which === 'central' ? ['none', 'SUCCEEDED', 'SUCCEEDED'] : ['SUCCEEDED', 'SUCCEEDED', 'none'],
    );
    const wanted = endState(clean);
    const points = cleanRun?.mutations ?? [];
    expect(points).toEqual(
      expect.arrayContaining(which === 'central' ? ['CreateHostedZone'] : ['AssociateVPCWithHostedZone']),
    );

    const table = [];
    for (const [index, call] of points.entries()) {
      const w = await prepare();
      const crashed = await runOf(w.harness, w[which], 'first', index + 1);
      const again = await runOf(w.harness, w[which], 'again');
      const spokeAfter = which === 'central' ? await runOf(w.harness, w.spoke, 'spoke') : undefined;
      const state = endState(w);
      table.push({
        crashAfter: `${index + 1}: ${call}`,
        crashed: crashed?.status,
        rerun: [again?.status, spokeAfter?.status].filter(Boolean).join(','),
        converged: JSON.stringify(state) === JSON.stringify(wanted),
      });
    }
    expect(table.filter((row) => row.crashed !== 'ABORTED')).toEqual([]);
    expect(table.filter((row) => !row.converged || !/^SUCCEEDED(,SUCCEEDED)?$/.test(row.rerun))).toEqual([]);
  });
});
