// Before the functions load (support/cli keeps a config set first): centralized endpoints on, the probe off.
process.env.PRIVATELINK_CONFIG = JSON.stringify({ probe: { enabled: false }, central: {} });

import Ajv from 'ajv';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import outputSchema from '../../schemas/cli-output.schema.json';
import { cli } from '../support/cli';
import { PCX, routeTo } from '../support/central-routes';
import { SimEc2 } from '../support/sim-ec2/api';
import { askForRun } from '../support/trigger';
import { createHarness, tagVpc } from '../support/workflow-harness';

const SSM = 'ssm.us-east-1.amazonaws.com';

/** A central VPC sharing ssm, a spoke routed to it; both have run. */
async function servedSpoke() {
  const sim = new SimEc2({ pendingMs: { Interface: 0, Gateway: 0 }, deletingMs: 0, workingAfterMs: 0 });
  sim.addDefaultOffers();
  const central = sim.addVpc({ azs: 2, cidr: '10.10.0.0/16' });
  const spoke = sim.addVpc({ azs: 2, cidr: '10.20.0.0/16' });
  routeTo(sim, spoke, '10.10.0.0/16', PCX);
  const harness = createHarness(sim);
  tagVpc(sim, central.vpcId, { 'privatelink:services': 'ssm', 'privatelink:share': 'all' });
  tagVpc(sim, spoke.vpcId, { 'privatelink:services': 'ssm', 'privatelink:use': 'central' });
  for (const [i, vpc] of [central, spoke].entries()) {
    await askForRun(vpc.vpcId, `cli-central-${i}`);
    const [run] = await harness.runQueued();
    expect(run?.status).toBe('SUCCEEDED');
  }
  return { sim, central, spoke };
}

describe('privatelink status of a spoke', () => {
  it('counts a shared service as served from the central VPC, and says when the spoke lost its link', async () => {
    const w = await servedSpoke();

    const healthy = await cli('status', w.spoke.vpcId);
    const zone = [...w.sim.hostedZones.values()].find((z) => z.name === SSM)!;
    zone.vpcIds = [w.central.vpcId];
    const lost = await cli('status', w.spoke.vpcId);

    expect(healthy.err).toBe('');
    expect(healthy.out).not.toMatch(/missing/);
    expect(healthy.code).toBe(0);
    // 2 AZs each: $14.60 of its own against half the central endpoint's (it and the central VPC share it).
    expect(healthy.out).toContain(
      `Served by ${w.central.vpcId}: $7.30/month as this VPC's share of the central endpoints (shared by 2 VPCs), against $14.60/month for endpoints of its own`,
    );
    expect(healthy.out).toContain(
      '  ssm: $7.30 against $14.60/month; a local endpoint is cheaper above 365 GB/month',
    );
    expect(lost.code).toBe(3);
    expect(lost.out).toMatch(/central-links/);
    expect(lost.out).toContain(`not associated with ${SSM}`);
  });
});

describe('privatelink progress with a central VPC', () => {
  it("shows the region's endpoint cost against what endpoints of their own in every spoke would cost", async () => {
    await servedSpoke();

    const progress = await cli('progress');
    const asJson = await cli('--json', 'progress');

    // One ssm endpoint in 2 AZs ($14.60); the spoke's own would take its 2 AZs too.
    expect(progress.out).toContain(
      'Cost: $14.60/month for 1 interface endpoint(s) in these VPCs (data processed not included; prices of 2026-11-26); with endpoints of their own in every spoke instead of the central ones: $29.20/month',
    );
    expect(JSON.parse(asJson.out).cost).toEqual({
      monthly: 14.6,
      endpoints: 1,
      pricesTakenOn: '2026-11-26',
      perVpcMonthly: 29.2,
    });
  });
});

/** A served spoke whose association with the ssm zone was removed: its plan associates it again. */
async function unlinkedSpoke() {
  const w = await servedSpoke();
  const zone = [...w.sim.hostedZones.values()].find((z) => z.name === SSM)!;
  zone.vpcIds = [w.central.vpcId];
  return { w, zone };
}

describe('a saved plan with centralized endpoints on', () => {
  it('is applied while it holds: its central links are part of what was reviewed', async () => {
    const { w, zone } = await unlinkedSpoke();
    const file = join(mkdtempSync(join(tmpdir(), 'plo-')), 'spoke.plan');

    expect((await cli('plan', '--out', file, w.spoke.vpcId)).code).toBe(0);
    const applied = await cli('apply', '--local', '--plan', file, w.spoke.vpcId);

    expect(applied.err).not.toMatch(/is not a plan/);
    expect(applied.code).toBe(0);
    expect(zone.vpcIds).toEqual([w.central.vpcId, w.spoke.vpcId]);
  });

  it('is refused, starting nothing, when the links it planned changed since', async () => {
    const { w, zone } = await unlinkedSpoke();
    const file = join(mkdtempSync(join(tmpdir(), 'plo-')), 'spoke.plan');
    expect((await cli('plan', '--out', file, w.spoke.vpcId)).code).toBe(0);
    zone.vpcIds = [w.central.vpcId, w.spoke.vpcId];

    const refused = await cli('apply', '--local', '--plan', file, w.spoke.vpcId);

    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      `central links: planned spoke: associate ${SSM}, now spoke: links as wanted`,
    );
  });

  it("prints, with --json, the links' decisions as the file keeps them, not what Plan read", async () => {
    const { w } = await unlinkedSpoke();

    const { code, out } = await cli('--json', 'plan', w.spoke.vpcId);

    expect(code).toBe(0);
    const ajv = new Ajv();
    ajv.addSchema(outputSchema, 'cli');
    expect(ajv.validate('cli#/definitions/plan', JSON.parse(out)) || ajv.errorsText()).toBe(true);
    const central = JSON.parse(out).central;
    expect(Object.keys(central)).toEqual(['work']);
    expect(central.work).toMatchObject({ role: 'spoke', associate: [{ name: SSM }] });
  });
});
