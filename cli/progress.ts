import { sfnClient } from '../lib/aws/clients/sfn';
import { accountRegionFor, vpcClients } from './vpc-clients';
import { fleetCostNow } from '../lib/operations/fleet-view';
import { fleetCostLine } from './render';
import { Ec2Api } from '../lib/aws/ec2-api';
import { readOptedInVpcs } from '../lib/aws/fleet-reads';
import { SfnExecutions } from '../lib/aws/sfn-executions';
import { rolloutOf, type ExecutionSummary, type Rollout } from '../lib/domain/rollout';
import { dynamoClient } from '../lib/aws/clients/dynamodb';
import { LocalLeases } from './local-lease';
import { EXIT, findStateMachineArn, UsageError, type CommandEnv } from './context';
import type { Terminal } from './terminal';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Seconds between two looks with --watch: a fleet moves at 0.3 endpoints a second, no need for more. */
const WATCH_SECONDS = 15;

/** `30m`, `6h`, `2d` → ms; anything else is a usage error naming what is accepted. */
export function parseSince(value: string): number {
  const match = /^(\d+)([mhd])$/.exec(value);
  const ms = match ? Number(match[1]) * (UNITS[match[2] ?? ''] ?? 0) : 0;
  if (!ms) throw new UsageError(`--since "${value}" is not a duration; accepted: such as 30m, 6h or 2d`);
  return ms;
}

/**
 * `progress`: where a fleet rollout stands — every opted-in VPC of the region by its latest execution
 * started within --since: done, running, failed, not started. With --watch, looks again every 15 s
 * (one line on stderr each time) until none runs. Exit 0 when every VPC is done, 3 otherwise.
 */
export async function progressCommand(
  opts: { since?: string; watch?: boolean },
  env: CommandEnv,
  sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<number> {
  const since = Date.now() - parseSince(opts.since ?? '24h');
  const runs = await runsOf(env);
  if (!runs) throw new UsageError(`no state machine ${env.stackName}-provision: give --state-machine-arn`);
  const clients = vpcClients(env);
  const api = new Ec2Api(clients.ec2);
  const look = async (): Promise<Rollout> => {
    const vpcIds = (await readOptedInVpcs(api)).map((v) => v.VpcId ?? '');
    return rolloutOf(vpcIds, await runs.since(since));
  };
  let rollout = await look();
  while (opts.watch && rollout.counts.running > 0 && !env.signal?.aborted) {
    env.io.err(summary(rollout));
    await sleep(WATCH_SECONDS * 1000);
    rollout = await look();
  }
  // What the region's endpoints cost now (and, with central endpoints, what per-VPC ones would).
  const cost = await fleetCostNow({
    api,
    route53: clients.route53,
    config: env.config,
    where: await accountRegionFor(env),
  });
  env.output.print({ ...rollout, cost }, () => `${render(rollout, env.terminal)}\n${fleetCostLine(cost)}`);
  return rollout.counts.done === rollout.rows.length ? EXIT.ok : EXIT.attention;
}

/**
 * The stack's executions, each as it ended (a local run's by its recorded outcome), or undefined when
 * the stack has no state machine here.
 */
export async function runsOf(env: CommandEnv) {
  const arn = await findStateMachineArn(sfnClient, env.stackName, env.stateMachineArn);
  if (!arn) return undefined;
  const executions = new SfnExecutions(sfnClient, arn);
  const leases = new LocalLeases(dynamoClient, env.lockTable);
  return {
    since: async (since: number) =>
      Promise.all((await executions.listSince(since)).map((e) => asItEnded(e, executions, leases))),
  };
}

/**
 * An execution as it ended: one a local run executed is recorded ABORTED by the emulator (the local
 * executor stops it when done), so its local outcome says what it did; a failed one, with why.
 */
async function asItEnded(
  e: ExecutionSummary,
  executions: SfnExecutions,
  leases: LocalLeases,
): Promise<ExecutionSummary> {
  if (!e.executionArn || !['ABORTED', 'FAILED', 'TIMED_OUT'].includes(e.status)) return e;
  const local =
    e.status === 'ABORTED' ? await leases.outcomeOf(e.executionArn).catch(() => undefined) : undefined;
  if (local) return { ...e, status: local.status, ...(local.error ? { error: local.error } : {}) };
  const error = await executions.failureOf(e.executionArn).catch(() => undefined);
  return error ? { ...e, error } : e;
}

const summary = ({ counts, rows }: Rollout) =>
  `${counts.done}/${rows.length} VPC(s) done, ${counts.running} running, ${counts.failed} failed, ${counts['not started']} not started`;

function render(rollout: Rollout, terminal: Terminal): string {
  const open = rollout.rows.filter((r) => r.state !== 'done');
  if (open.length === 0) return summary(rollout);
  const table = terminal.table(['vpc', 'state', 'execution', 'started', 'why']);
  for (const r of open)
    table.push([
      r.vpcId,
      r.state,
      r.execution ?? '',
      r.startedAt ? new Date(r.startedAt).toISOString() : '',
      r.error ?? '',
    ]);
  return `${table.toString()}\n${summary(rollout)}`;
}
