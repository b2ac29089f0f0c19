import { CHILDREN_AT_ONCE, TARGETS_PER_BATCH } from '../lib/workflow/state-machine/org-drift';

/**
 * The Organization check over 100 to 8,000 account-regions: the Distributed Map that ships (batches of
 * TARGETS_PER_BATCH, CHILDREN_AT_ONCE children, each checking 4 targets at a time) beside the inline loop
 * it replaces (one Lambda, 4 targets at a time), on the same targets in the same run.
 *
 * Each target's time and calls are measured by running the real single-account check (runDriftCheck, its
 * batched reads) against the simulated EC2 for a target of that shape; the two schedules are then laid out
 * on one simulated clock from those durations. What AWS does not publish is assumed and said so in the
 * table's heading: a read's and an AssumeRole's latency, an Express child's start.
 */

export interface TargetShape {
  /** Opted-in VPCs in the account-region. */
  vpcs: number;
  calls: number;
  simulatedMs: number;
}

export const ASSUME_ROLE_MS = 200;
export const CHILD_START_MS = 250;
/** The inline loop's concurrency (lib/operations/fleet-drift.ts AT_ONCE) and a child's, the same code. */
const AT_ONCE = 4;
const LAMBDA_LIMIT_MS = 15 * 60_000;

/** An Organization's account-regions: 6 in 10 with no opted-in VPC, 3 with 5, 1 with 50. */
export const ORG_MIX = [0, 0, 0, 0, 0, 0, 5, 5, 5, 50];

/** When `durations`, taken `workers` at a time in order, are all done (ms). */
function makespan(durations: number[], workers: number, startEach = 0): number {
  const free = new Array<number>(Math.max(1, workers)).fill(0);
  for (const d of durations) {
    const i = free.indexOf(Math.min(...free));
    free[i] = (free[i] ?? 0) + startEach + d;
  }
  return Math.max(...free);
}

export interface OrgRow {
  targets: number;
  inlineMs: number;
  mapMs: number;
  children: number;
  /** The most calls one account-region's check makes (each account-region is a bucket of its own). */
  maxCallsPerTarget: number;
  transitions: number;
  costPerRun: number;
}

/** Step Functions and Lambda prices, us-east-1 (their pricing pages). */
const PRICE = {
  standardTransition: 0.000025,
  expressRequest: 0.000001,
  expressGbSecond: 0.00001667,
  lambdaGbSecond: 0.0000166667,
  lambdaRequest: 0.0000002,
};
/** The Express child's billed memory (64 MB blocks) and the Lambda's (serverless.yml: 256 MB). */
const EXPRESS_GB = 0.0625;
const LAMBDA_GB = 0.25;

export function orgRow(targets: number, shapes: Map<number, TargetShape>): OrgRow {
  const durations = Array.from({ length: targets }, (_, i) => {
    const shape = shapes.get(ORG_MIX[i % ORG_MIX.length] ?? 0);
    return ASSUME_ROLE_MS + (shape?.simulatedMs ?? 0);
  });
  const batches: number[] = [];
  for (let i = 0; i < durations.length; i += TARGETS_PER_BATCH)
    batches.push(makespan(durations.slice(i, i + TARGETS_PER_BATCH), AT_ONCE));
  const mapMs = makespan(batches, CHILDREN_AT_ONCE, CHILD_START_MS);
  const childSeconds = batches.reduce((a, b) => a + b, 0) / 1000;
  // The parent: ListOrgTargets, the Map, SummarizeOrgCheck, and one transition per child started.
  const transitions = 3 + batches.length;
  const costPerRun =
    transitions * PRICE.standardTransition +
    batches.length * PRICE.expressRequest +
    childSeconds * EXPRESS_GB * PRICE.expressGbSecond +
    childSeconds * LAMBDA_GB * PRICE.lambdaGbSecond +
    (batches.length + 2) * PRICE.lambdaRequest;
  return {
    targets,
    inlineMs: makespan(durations, AT_ONCE),
    mapMs,
    children: batches.length,
    maxCallsPerTarget: Math.max(...[...shapes.values()].map((s) => s.calls)),
    transitions,
    costPerRun,
  };
}

const minutes = (ms: number) => (ms / 60_000).toFixed(1);

/** The table, as `npm run bench` prints it. */
export function orgTable(rows: OrgRow[], readLatencyMs: number, shapes: Map<number, TargetShape>): string[] {
  const shapeText = [...shapes.values()]
    .map((s) => `${s.vpcs} VPCs: ${s.calls} calls, ${(s.simulatedMs / 1000).toFixed(1)} s`)
    .join('; ');
  return [
    `Organization drift check: account-regions ${ORG_MIX.filter((v) => v === 0).length} in 10 with no opted-in VPC, 3 with 5, 1 with 50. Each target measured by the real check on the simulated EC2 (${readLatencyMs} ms a read, read bucket 100 burst, 20/s): ${shapeText}. Assumed (AWS publishes none): AssumeRole ${ASSUME_ROLE_MS} ms, an Express child's start ${CHILD_START_MS} ms. Distributed Map: batches of ${TARGETS_PER_BATCH}, ${CHILDREN_AT_ONCE} children at once, 4 targets at a time in each; inline: one Lambda, 4 at a time. Cost: Step Functions (one transition per child started, Express children) and Lambda (256 MB), us-east-1 prices.\n`,
    '| account-regions | Distributed Map simulated min | inline loop simulated min | inline within Lambda 15 min | children | parent transitions | most calls per account-region | cost per run | cost per month (every 6 h) |',
    '|---:|---:|---:|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.targets.toLocaleString('en-US')} | ${minutes(r.mapMs)} | ${minutes(r.inlineMs)} | ${r.inlineMs <= LAMBDA_LIMIT_MS ? 'yes' : 'no: stops unfinished'} | ${r.children} | ${r.transitions} | ${r.maxCallsPerTarget} | $${r.costPerRun.toFixed(4)} | $${(r.costPerRun * 120).toFixed(2)} |`,
    ),
    '',
  ];
}
