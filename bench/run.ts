/**
 * npm run bench — the drift check over simulated fleets of 10 to 5,000 opted-in VPCs (8 services each):
 * batched reads (what ships) against a naive one-VPC-at-a-time check, in the same run, on the same fleet.
 * EC2 calls are counted by the simulator; simulated time is each call's latency plus any wait for EC2's
 * published throttling buckets (non-mutating: 100 burst, 20/s), with calls taken one after another.
 */
import './function-env';
import { EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { Ec2Api } from '../lib/aws/ec2-api';
import { parseConfig } from '../lib/domain/config';
import { readVpc, readVpcSnapshot } from '../lib/aws/discovery';
import { detectDrift } from '../lib/domain/drift';
import { runDriftCheck } from '../lib/operations/drift-check';
import { readOptedInVpcs } from '../lib/aws/fleet-reads';
import { silentEvents } from '../lib/domain/events';
import { parseDesiredState } from '../lib/domain/tags';
import { vpcIn } from '../lib/domain/vpc-ref';
import { installSimEc2 } from '../tests/support/sim-ec2/api';
import type { SimEc2 } from '../tests/support/sim-ec2/simulator';
import { convergedFleet } from './fleet';
import { FRESH_FLOOR, measureProvisioning } from './provision';
import { measureArtifacts } from './artifacts';
import { measureFleet, type FleetRow } from './fleet-pace';
import { measureCentral, measurePerVpc } from './central-pace';
import { SIX_INTERFACE_SERVICES } from '../tests/support/central-fleet';
import { ORG_MIX, orgRow, orgTable, type TargetShape } from './org-drift';
import { measureAdvice, measureReport } from './advice';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const FLEET_SIZES = (process.env.BENCH_FLEET_SIZES ?? '10,50,100,500').split(',').map(Number);
const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000,5000').split(',').map(Number);
const ORG_SIZES = (process.env.BENCH_ORG_SIZES ?? '100,1000,8000').split(',').map(Number);
const CENTRAL_SIZES = (process.env.BENCH_CENTRAL_SIZES ?? '10,100,500').split(',').map(Number);
/** Tables to print (all by default): BENCH_ONLY=central,fleet prints those two. */
const ONLY = process.env.BENCH_ONLY?.split(',');
const wanted = (table: string) => !ONLY || ONLY.includes(table);
/** A read's latency for the Organization check's targets: nearer a real account than the 50 ms above. */
const ORG_READ_MS = 150;
const STACK = 'privatelink-bench';
const REGION = 'us-east-1';
const HERE = { accountId: '123456789012', region: REGION, own: true };
const config = parseConfig(undefined, STACK);
const mock = mockClient(EC2Client);
const client = new EC2Client({
  region: REGION,
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
});

interface Measure {
  calls: number;
  simulatedMs: number;
  drifted: number;
  wallMs: number;
}

async function measure(sim: SimEc2, check: () => Promise<number>): Promise<Measure> {
  installSimEc2(sim, mock);
  const calls = sim.calls.length;
  const start = sim.clock.now();
  const wall = performance.now();
  const drifted = await check();
  return {
    calls: sim.calls.length - calls,
    simulatedMs: sim.clock.now() - start,
    drifted,
    wallMs: performance.now() - wall,
  };
}

const batched = async () =>
  (await runDriftCheck({ api: new Ec2Api(client), config, where: HERE, events: silentEvents })).drifted
    .length;

/** The naive way: list opted-in VPCs, then the provisioning reader once per VPC. */
async function naive(): Promise<number> {
  const api = new Ec2Api(client);
  const vpcs = await readOptedInVpcs(api);
  let drifted = 0;
  for (const vpc of vpcs) {
    const header = await readVpc(api, vpcIn(HERE, vpc.VpcId ?? ''));
    const services = parseDesiredState(header.tags, { region: REGION, config }).services;
    const snapshot = await readVpcSnapshot(
      api,
      header,
      services.map((s) => s.serviceName),
    );
    if (detectDrift(snapshot, config).length > 0) drifted += 1;
  }
  return drifted;
}

const seconds = (ms: number) =>
  (ms / 1000).toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

const fleetCells = (r: FleetRow) =>
  `${r.failed} | ${r.made}/${r.wanted} | ${r.convergeSeconds.toFixed(0)} | ${(r.achievedShare * 100).toFixed(0)} % | ${r.throttledEndpointCalls} / ${r.throttledOtherCalls}`;

async function fleetTable(): Promise<void> {
  const rows: string[] = [];
  for (const vpcs of FLEET_SIZES) {
    const ours = await measureFleet(vpcs, 'account');
    const baseline = await measureFleet(vpcs, 'execution');
    rows.push(
      `| ${vpcs} | ${fleetCells(ours)} | ${fleetCells(baseline)} | ${ours.idealSeconds.toFixed(0)} | ${ours.wallSeconds.toFixed(0)} / ${baseline.wallSeconds.toFixed(0)} |`,
    );
    process.stderr.write(`measured a fleet of ${vpcs} VPCs\n`);
  }
  console.log(
    'Fleet tagged at once: N fresh VPCs × 8 services, one simulated EC2 and one timeline for every execution, EC2 buckets as published, SDK retries modelled, 50 ms per call.',
  );
  console.log(
    "Account-wide pace (what ships, with the safe DNS cut-over these VPCs get by default: 8 creates and 6 ModifyVpcEndpoint each) vs per-execution pacing (0.1, private DNS at creation), same run. Achieved share: endpoint calls that went through, per second from the tags to the last of them, over EC2's 0.3/s.\n",
  );
  console.log(
    '| VPCs | failed | endpoints made | simulated s to converge | achieved share | throttled calls (endpoint / other) | failed (0.1) | endpoints made (0.1) | simulated s (0.1) | achieved share (0.1) | throttled (0.1) | ideal s (14N / 0.3: 8 creates, 6 cut-overs) | wall s (ours / 0.1) |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  rows.forEach((r) => console.log(r));
  console.log('');
}

const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

async function centralTable(): Promise<void> {
  const rows: string[] = [];
  const calls: string[] = [];
  for (const spokes of CENTRAL_SIZES) {
    const c = await measureCentral(spokes, STACK);
    const p = await measurePerVpc(spokes);
    const floor = Math.max(c.route53FloorSeconds, c.ec2ReadFloorSeconds);
    rows.push(
      `| ${spokes} | ${c.failed} | ${c.served}/${spokes} | ${thousands(c.convergeSeconds)} | ${thousands(c.route53FloorSeconds)} / ${thousands(c.ec2ReadFloorSeconds)} | ${(c.convergeSeconds / floor).toFixed(2)}× | ${c.throttledRoute53} / ${c.throttledEc2} | $${thousands(c.monthlyUsd)} | ${p.failed} | ${thousands(p.convergeSeconds)} | ${p.throttled} | $${thousands(p.monthlyUsd)} | ${c.wallSeconds.toFixed(0)} / ${p.wallSeconds.toFixed(0)} |`,
    );
    calls.push(
      `| ${spokes} | ${Object.entries(c.route53Calls)
        .map(([command, n]) => `${command} ${n}`)
        .join(', ')} |`,
    );
    process.stderr.write(`measured ${spokes} spokes of a central VPC\n`);
  }
  console.log(
    `Centralized endpoints: N spokes (3 AZs) tagged privatelink:use=central at once, a converged central VPC sharing ${SIX_INTERFACE_SERVICES}; every execution through the lock on one simulated account (EC2 and Route 53 with their published buckets, SDK retries, 50 ms a call) and one timeline; beside the same N VPCs with endpoints of their own for the same services, same run. Floors: Route 53 (associations at 5/s, every call at 10/s) and EC2 reads (20/s) for the calls made. Monthly: interface endpoint hours (us-east-1, $0.01 per AZ-hour) plus $0.50 a private zone; data processing apart.\n`,
  );
  console.log(
    '| spokes | failed | served | simulated s to converge | floor s (Route 53 / EC2 reads) | against the floor | throttled (Route 53 / EC2, SDK-retried) | monthly | failed (per-VPC) | simulated s (per-VPC) | throttled (per-VPC) | monthly (per-VPC) | wall s (central / per-VPC) |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  rows.forEach((r) => console.log(r));
  console.log('\nRoute 53 calls that went through, by action:\n');
  console.log('| spokes | calls |');
  console.log('|---:|---|');
  calls.forEach((r) => console.log(r));
  console.log('');
}

async function artifactTable(): Promise<void> {
  const rows = await measureArtifacts();
  console.log(
    "Lambda artifacts, bundled as serverless.yml's custom.esbuild says; cold init = loading the bundle in a fresh Node, against a bare require('@aws-sdk/client-ec2'), paired rounds in alternating order (median).\n",
  );
  console.log('| function | zip KB | init ms | bare SDK ms | init / bare SDK |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows)
    console.log(
      `| ${r.fn} | ${r.zipKb.toFixed(0)} | ${r.initMs.toFixed(0)} | ${r.bareMs.toFixed(0)} | ${r.ratio.toFixed(2)} |`,
    );
  console.log('');
}

/** Each target shape of the Organization's mix, measured once by the real check (runDriftCheck). */
async function orgDriftTable(): Promise<void> {
  const shapes = new Map<number, TargetShape>();
  for (const vpcs of new Set(ORG_MIX)) {
    const options = {
      latencyMs: ORG_READ_MS,
      throttling: true,
      throttleMode: 'wait' as const,
      pageSize: 1000,
    };
    const m = await measure(convergedFleet(vpcs, STACK, options), batched);
    if (m.drifted !== 0) throw new Error(`a converged target of ${vpcs} VPCs showed drift`);
    shapes.set(vpcs, { vpcs, calls: m.calls, simulatedMs: m.simulatedMs });
  }
  const rows = ORG_SIZES.map((n) => orgRow(n, shapes));
  for (const line of orgTable(rows, ORG_READ_MS, shapes)) console.log(line);
}

const ADVICE_VPCS = Number(process.env.BENCH_ADVICE_VPCS ?? 100);

async function adviceTable() {
  const rows = await measureAdvice(ADVICE_VPCS);
  console.log(
    `advise --all over ${ADVICE_VPCS} VPCs with 14 days of flow logs (${rows[0]?.records.toLocaleString('en-US')} records in one group; simulated CloudWatch Logs: 50 ms a call + 10 MB/s, FilterLogEvents at 5 a second, pages of 10,000 events or 1 MB):\n`,
  );
  console.log(
    '| approach | FilterLogEvents calls | events read | MB read | simulated s | wall ms | GB a month found |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows)
    console.log(
      `| ${r.approach} | ${r.calls} | ${r.events.toLocaleString('en-US')} | ${r.mb} | ${r.simulatedS} | ${r.wallMs} | ${r.gbPerMonth.toLocaleString('en-US')} |`,
    );
  const [shipped, naive] = rows;
  if (shipped && naive && shipped.gbPerMonth !== naive.gbPerMonth)
    throw new Error(`the two ways found different traffic: ${shipped.gbPerMonth} and ${naive.gbPerMonth} GB`);
  console.log('');
  const pages = await measureReport([100, 1000]);
  console.log('The fleet report (report --html) in Chromium from the distribution, median of 3 loads:\n');
  console.log('| VPCs | page KB | render ms (navigation to load) |');
  console.log('|---:|---:|---:|');
  for (const p of pages) console.log(`| ${p.vpcs} | ${p.kb} | ${p.renderMs} |`);
  console.log('');
}

async function main() {
  if (wanted('advice')) await adviceTable();
  if (wanted('central')) await centralTable();
  if (wanted('artifacts')) await artifactTable();
  if (wanted('org')) await orgDriftTable();
  if (wanted('fleet')) await fleetTable();
  if (!wanted('provision')) return;
  const provisioning = measureProvisioning();
  console.log(
    'Provisioning one VPC (simulated EC2, 50 ms per call, interface endpoints pending 90 s, gateways 5 s); the live probe off and on:\n',
  );
  console.log(
    '| execution | EC2 reads | EC2 writes | state transitions | simulated s | against the floor | status |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---|');
  for (const r of provisioning) {
    const fresh = r.run.startsWith('fresh');
    const floor = fresh
      ? `${(r.simulatedSeconds / FRESH_FLOOR.seconds).toFixed(2)}× of ${FRESH_FLOOR.seconds.toFixed(1)} s; writes ${r.mutating}/${FRESH_FLOOR.writes}`
      : 'writes 0/0';
    console.log(
      `| ${r.run} | ${r.read} | ${r.mutating} | ${r.transitions} | ${r.simulatedSeconds.toFixed(1)} | ${floor} | ${r.status} |`,
    );
  }
  console.log('\nEC2 reads by function:\n');
  console.log('| execution | reads by function |');
  console.log('|---|---|');
  for (const r of provisioning) {
    const by = Object.entries(r.readsByFunction).map(([fn, n]) => `${fn} ${n}`);
    console.log(`| ${r.run} | ${by.join(', ')} |`);
  }
  console.log('');
  const rows: string[] = [];
  for (const size of SIZES) {
    const fleetOptions = {
      latencyMs: LATENCY_MS,
      throttling: true,
      throttleMode: 'wait' as const,
      pageSize: 1000,
    };
    const b = await measure(convergedFleet(size, STACK, fleetOptions), batched);
    const n = await measure(convergedFleet(size, STACK, fleetOptions), naive);
    if (b.drifted !== 0 || n.drifted !== 0)
      throw new Error(`a converged fleet showed drift (batched ${b.drifted}, naive ${n.drifted})`);
    rows.push(
      `| ${size.toLocaleString('en-US')} | ${b.calls.toLocaleString('en-US')} | ${seconds(b.simulatedMs)} | ${n.calls.toLocaleString('en-US')} | ${seconds(n.simulatedMs)} | ${(n.calls / b.calls).toFixed(1)}× | ${(n.simulatedMs / b.simulatedMs).toFixed(1)}× | ${seconds(b.wallMs)} / ${seconds(n.wallMs)} |`,
    );
    process.stderr.write(`measured ${size} VPCs\n`);
  }
  console.log(
    `Drift check, converged fleets, 8 services per VPC; ${LATENCY_MS} ms per EC2 call; EC2 read bucket 100 burst, 20/s.\n`,
  );
  console.log(
    '| VPCs | batched calls | batched simulated s | naive calls | naive simulated s | calls ratio | time ratio | wall s (batched / naive) |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  rows.forEach((r) => console.log(r));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
