import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import outputSchema from '../../schemas/cli-output.schema.json';
import type { FleetRow } from '../../lib/domain/fleet-row';
import { SIM_ACCOUNT } from '../support/sim-sts';
import { tagVpc } from '../support/workflow-harness';
import { cli, cliWith, world } from '../support/cli';

/** A fleet of three opted-in VPCs and one that is not: healthy, never run, and one whose endpoint went. */
async function fleet() {
  const { sim, vpc: healthy } = world('s3, ssm');
  const neverRun = sim.addVpc({ azs: 2 });
  tagVpc(sim, neverRun.vpcId, { 'privatelink:services': 'ssm' });
  const broken = sim.addVpc({ azs: 3 });
  tagVpc(sim, broken.vpcId, { 'privatelink:services': 'ssm, logs' });
  sim.addVpc({ azs: 2 });
  expect((await cli('apply', '--yes', '--local', healthy.vpcId)).code).toBe(0);
  expect((await cli('apply', '--yes', '--local', broken.vpcId)).code).toBe(0);
  const logs = [...sim.endpoints.values()].find(
    (e) => e.vpcId === broken.vpcId && e.serviceName.endsWith('.logs'),
  );
  if (logs) sim.endpoints.delete(logs.endpointId);
  return { sim, healthy, neverRun, broken };
}

const rowsOf = (out: string) => (JSON.parse(out) as { rows: FleetRow[] }).rows;

describe('privatelink fleet', () => {
  it('lists every opted-in VPC with its services, endpoints, AZs, cost, drift and last run; exit 3 when one needs attention', async () => {
    const { healthy, neverRun, broken } = await fleet();

    const { code, out } = await cli('--json', 'fleet');

    expect(code).toBe(3);
    const rows = rowsOf(out);
    expect(rows.map((r) => r.vpcId)).toEqual([healthy.vpcId, neverRun.vpcId, broken.vpcId].sort());
    const row = (vpcId: string) => rows.find((r) => r.vpcId === vpcId);
    expect(row(healthy.vpcId)).toMatchObject({
      accountId: SIM_ACCOUNT,
      region: 'us-east-1',
      services: ['s3', 'ssm'],
      endpoints: { ok: 2, missing: 0, failed: 0, pending: 0 },
      azs: 2,
      monthlyCost: 14.6,
      drift: 0,
      lastRun: { state: 'done' },
    });
    expect(row(neverRun.vpcId)).toMatchObject({
      endpoints: { ok: 0, missing: 1 },
      monthlyCost: 0,
      lastRun: { state: 'not started' },
    });
    expect(row(neverRun.vpcId)?.drift).toBeGreaterThan(0);
    expect(row(broken.vpcId)).toMatchObject({
      services: ['logs', 'ssm'],
      endpoints: { ok: 1, missing: 1 },
      azs: 3,
      lastRun: { state: 'done' },
    });
    expect(row(broken.vpcId)?.drift).toBeGreaterThan(0);
    expect(JSON.parse(out)).toMatchObject({ totals: { vpcs: 3, drifted: 2, attention: 2 } });
    // The report's matrix: each wanted service as it stands.
    expect(rows.map((r) => [r.vpcId, r.serviceStates])).toEqual(
      expect.arrayContaining([
        [healthy.vpcId, { s3: 'local', ssm: 'local' }],
        [neverRun.vpcId, { ssm: 'missing' }],
        [broken.vpcId, { logs: 'missing', ssm: 'local' }],
      ]),
    );
  });

  it('keeps only the drifted VPCs with --filter drifted, the dearest first with --sort cost', async () => {
    const { healthy, neverRun, broken } = await fleet();
    const drifted = rowsOf((await cli('--json', 'fleet', '--filter', 'drifted')).out);
    expect(drifted.map((r) => r.vpcId).sort()).toEqual([neverRun.vpcId, broken.vpcId].sort());
    const byCost = rowsOf((await cli('--json', 'fleet', '--sort', 'cost')).out);
    expect(byCost.map((r) => r.vpcId)).toEqual([broken.vpcId, healthy.vpcId, neverRun.vpcId]);
  });

  it('prints a table that fits the terminal, the same document as YAML, and a --query', async () => {
    const { broken } = await fleet();
    const table = await cliWith(['fleet'], { tty: { isTTY: true, columns: 100 } });
    expect(table.out).toContain(broken.vpcId);
    expect(table.out).toContain('3 opted-in VPC(s): 2 drifted, 2 need attention');
    for (const line of table.out.split('\n'))
      expect(stripVTControlCharacters(line).length).toBeLessThanOrEqual(100);
    const json = await cli('--json', 'fleet');
    expect(parseYaml((await cli('--output', 'yaml', 'fleet')).out)).toEqual(JSON.parse(json.out));
    const ids = await cli('--query', 'rows[?drift > `0`].vpcId', 'fleet');
    expect((JSON.parse(ids.out) as string[]).length).toBe(2);
  });

  it('prints one document of the documented shape', async () => {
    await fleet();
    const ajv = new Ajv();
    ajv.addSchema(outputSchema, 'cli');
    const document = JSON.parse((await cli('--json', 'fleet')).out);
    expect(ajv.validate('cli#/definitions/fleet', document) || ajv.errorsText()).toBe(true);
  });

  it('counts an endpoint EC2 reports failed as failed, and says so in the table', async () => {
    const { sim, vpc } = world('ssm');
    expect((await cli('apply', '--yes', '--local', vpc.vpcId)).code).toBe(0);
    for (const e of sim.endpoints.values()) e.state = 'failed';
    const { code, out } = await cli('--json', 'fleet', '--filter', 'failed');
    expect(code).toBe(3);
    expect(rowsOf(out)).toMatchObject([{ vpcId: vpc.vpcId, endpoints: { ok: 0, failed: 1 } }]);
    expect((await cli('fleet')).out).toContain('0 ok, 1 failed');
  });

  it('refuses --all-accounts without a hub in the config, naming what to add', async () => {
    world();
    const { code, err } = await cli('fleet', '--all-accounts');
    expect(code).toBe(1);
    expect(err).toContain(
      'fleet --all-accounts needs "hub" with "accounts" or "organizationalUnits" in the config',
    );
  });

  it('writes the same rows as one self-contained page with report --html, every AWS value escaped', async () => {
    const { sim, healthy, broken } = await fleet();
    sim.vpcs.get(healthy.vpcId)!.tags.Name = '<img src=x onerror=alert(1)>';
    const file = join(mkdtempSync(join(tmpdir(), 'report-')), 'fleet.html');

    const { code, out } = await cli('report', '--html', file, '--no-advice');

    expect(code).toBe(0);
    expect(out).toContain(`wrote ${file}: 3 VPC(s)`);
    const page = readFileSync(file, 'utf8');
    expect(page).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`,
    );
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('<img');
    expect(page.match(/<tr data-text=/g)).toHaveLength(3);
    expect(page).toMatch(
      new RegExp(`${broken.vpcId}.*<td class="s-missing" data-sort="missing">missing</td>`),
    );
    expect(page).toContain('Not asked for (--no-advice).');
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });

  it('refuses report without --html, writing nothing', async () => {
    world();
    const { code, err } = await cli('report');
    expect(code).toBe(1);
    expect(err).toContain('report needs --html <file>: where to write the page');
  });
});
