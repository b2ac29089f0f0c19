import { roleClients } from '../lib/aws/clients/accounts';
import { cloudWatchClient, cloudWatchClientWith } from '../lib/aws/clients/cloudwatch';
import { logsClient, logsClientWith } from '../lib/aws/clients/logs';
import { Ec2Api } from '../lib/aws/ec2-api';
import { LogEvents } from '../lib/aws/traffic-reads';
import { ATTRIBUTION_TEXT, PATH_TEXT, RECOMMENDATION_TEXT } from '../lib/domain/advice/wording';
import { pricesOf, usd } from '../lib/domain/cost';
import { advise, type AdviseDeps, type FleetAdvice } from '../lib/operations/advise';
import { FlowLogObjects } from '../lib/aws/flow-log-objects';
import { s3Client, s3ClientWith } from '../lib/aws/clients/s3';
import { checkVpcId, EXIT, UsageError, type CommandEnv, type ExecutionReport } from './context';
import { parseSince } from './progress';
import { readJsonFile } from './json-file';
import { parseIpRanges } from '../lib/domain/advice/ip-ranges';
import { cliSessionName, ownAccountOf, vpcClients, vpcRefFor } from './vpc-clients';
import { readVpcTags, setVpcTags } from '../lib/aws/vpc-tags';
import { requestRun } from '../lib/operations/request-run';
import { runLocalExecutions } from './local-backing';
import type { RunMachinery } from '../functions/_shared/compose';

export interface AdviseOptions {
  all?: boolean;
  since?: string;
  resolverLogs?: string;
  /** AWS's ip-ranges.json, downloaded: the region of an address flow logs call only `AMAZON`. */
  ipRanges?: string;
  /** Propose the tag changes that would carry the advice. */
  tag?: boolean;
  /** Apply them (with --tag), then ask a run of each VPC through the one-writer path. */
  yes?: boolean;
  /** With --yes: run those executions in-process against --endpoint-url. */
  local?: boolean;
}

/** The log group name CloudWatch Logs accepts (1–512 of these characters). */
const LOG_GROUP = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/** Checks the command line before anything is read: the VPCs (or --all), --since and --resolver-logs. */
export function checkAdviseInput(vpcIds: string[], opts: AdviseOptions) {
  if (opts.all && vpcIds.length > 0) throw new UsageError('advise takes VPC ids or --all, not both');
  if (opts.yes && !opts.tag) throw new UsageError('--yes applies what --tag proposes: add --tag');
  if (opts.local && !opts.yes)
    throw new UsageError('--local runs the executions --tag --yes asks for: add --tag --yes');
  if (!opts.all && vpcIds.length === 0)
    throw new UsageError('advise needs VPC ids (such as vpc-0123456789abcdef0) or --all');
  vpcIds.forEach(checkVpcId);
  const sinceMs = parseSince(opts.since ?? '14d');
  if (opts.resolverLogs !== undefined && !LOG_GROUP.test(opts.resolverLogs))
    throw new UsageError(
      `--resolver-logs "${opts.resolverLogs}" is not a log group name; accepted: 1–512 of letters, digits and . - _ / #`,
    );
  return sinceMs;
}

/**
 * `advise`: the AWS-service traffic each VPC sends through NAT or an internet gateway, from its flow logs,
 * and the endpoints that would save (docs/advice.md). Reads only, unless `--tag --yes`. Exit 0; 1 on an
 * error, or with `--yes` when a tag did not read back or a run failed.
 */
export async function adviseCommand(
  vpcIds: string[],
  opts: AdviseOptions,
  env: CommandEnv,
  machinery: () => Promise<RunMachinery>,
): Promise<number> {
  const sinceMs = checkAdviseInput(vpcIds, opts);
  const deps = await adviseDepsFor(env, {
    sinceMs,
    resolverLogs: opts.resolverLogs,
    ipRanges: opts.ipRanges,
  });
  const report = await advise(opts.all ? 'all' : vpcIds, {
    ...deps,
    ...(opts.tag ? { propose: env.config } : {}),
    progress: (done, total) => {
      if (env.io.isTTY && !env.output.structured && (done % 10 === 0 || done === total))
        env.io.err(`read ${done}/${total} VPC(s)`);
    },
  });
  if (!opts.yes) {
    env.output.print(report, () => adviceText(report, env, opts.tag ? 'proposed' : undefined));
    return EXIT.ok;
  }
  const applied = await applyProposals(report, deps.api, opts, env, machinery);
  env.output.print({ ...report, ...applied }, () => adviceText(report, env, 'applied'));
  const failed =
    applied.tagged.some((t) => !t.readBack) || applied.executions.some((e) => e.status !== 'SUCCEEDED');
  return failed ? EXIT.failed : EXIT.ok;
}

/**
 * What `advise` reads with (`advise` and `report` alike): the caller's own account and region, or with
 * --account / --role-arn that account, every client through the role's one set of credentials.
 */
export async function adviseDepsFor(
  env: CommandEnv,
  opts: { sinceMs: number; resolverLogs?: string | undefined; ipRanges?: string | undefined },
): Promise<AdviseDeps> {
  // The file is read and checked before any AWS call.
  const ipRanges = opts.ipRanges
    ? parseIpRanges(readJsonFile(opts.ipRanges, 'ip-ranges file'), opts.ipRanges)
    : undefined;
  const role = env.target ? roleClients(env.target, env.region, cliSessionName()) : undefined;
  const clients = role
    ? {
        ec2: role.ec2,
        logs: logsClientWith(env.region, role.credentials),
        cloudWatch: cloudWatchClientWith(env.region, role.credentials),
        s3: s3ClientWith(env.region, role.credentials),
      }
    : { ec2: vpcClients(env).ec2, logs: logsClient, cloudWatch: cloudWatchClient, s3: s3Client };
  return {
    api: new Ec2Api(clients.ec2),
    logs: new LogEvents(clients.logs),
    objects: new FlowLogObjects(clients.s3),
    accountId: env.target?.accountId ?? (await ownAccountOf(env)).accountId,
    cloudWatch: clients.cloudWatch,
    region: env.region,
    prices: pricesOf(env.config.prices),
    ...(opts.resolverLogs ? { resolverLogGroup: opts.resolverLogs } : {}),
    ...(ipRanges ? { ipRanges } : {}),
    now: new Date(),
    sinceMs: opts.sinceMs,
  };
}

/**
 * `--tag --yes`: each proposal's tags set on its VPC and read back, then a run asked through the one-writer
 * path (the tag-change rule would ask the same), as `restore` does; `--local` runs them in-process.
 */
async function applyProposals(
  report: FleetAdvice,
  api: Ec2Api,
  opts: AdviseOptions,
  env: CommandEnv,
  machinery: () => Promise<RunMachinery>,
) {
  const runs = await machinery();
  const tagged: { vpcId: string; tags: Record<string, string>; readBack: boolean; executionArn?: string }[] =
    [];
  const started: string[] = [];
  for (const v of report.vpcs) {
    if (!v.proposal || !('changes' in v.proposal)) continue;
    const tags = Object.fromEntries(v.proposal.changes.map((c) => [c.key, c.to]));
    await setVpcTags(api, v.vpcId, tags);
    const now = (await readVpcTags(api, v.vpcId)) ?? {};
    const readBack = Object.entries(tags).every(([k, value]) => now[k] === value);
    if (!readBack) {
      env.io.err(`${v.vpcId}: the tags read back differ from those set; no run asked`);
      tagged.push({ vpcId: v.vpcId, tags, readBack });
      continue;
    }
    const outcome = await requestRun(
      await vpcRefFor(v.vpcId, env),
      { trigger: { source: 'manual', requestedBy: 'cli:advise' } },
      runs,
    );
    env.io.err(`${v.vpcId}: tagged; ${outcome.outcome} ${outcome.executionArn}`);
    if (outcome.outcome === 'started') started.push(outcome.executionArn.split(':').pop() ?? '');
    tagged.push({ vpcId: v.vpcId, tags, readBack, executionArn: outcome.executionArn });
  }
  const executions: ExecutionReport[] = opts.local
    ? await runLocalExecutions(runs.executions.stateMachineArn, env, started)
    : [];
  return { tagged, executions };
}

const money = (v: number | null) => (v === null ? 'unknown' : usd(v));

export function adviceText(
  report: FleetAdvice,
  env: Pick<CommandEnv, 'terminal'>,
  proposals?: 'proposed' | 'applied',
): string {
  const table = env.terminal.table([
    'vpc',
    'service',
    'through',
    'GB a month',
    'NAT now',
    'advice',
    'endpoint',
    'saves a month',
    'break-even GB',
    'how sure',
  ]);
  const notes: string[] = [];
  for (const v of report.vpcs) {
    const label = v.name ? `${v.vpcId}\n${v.name}` : v.vpcId;
    if (v.unreadable) {
      notes.push(`${v.vpcId}: no advice: its ${v.unreadable}`);
      continue;
    }
    if (v.turnOn) {
      notes.push(
        `${v.vpcId}: no advice: ${v.turnOn.reason}.\n  Turn one on: ${v.turnOn.command}\n  Cost: ${v.turnOn.cost}`,
      );
      continue;
    }
    if (v.lines.length === 0)
      table.push([
        label,
        { colSpan: 9, content: 'no AWS-bound traffic through NAT or an internet gateway' },
      ] as never);
    for (const l of v.lines)
      table.push([
        label,
        l.service,
        PATH_TEXT[l.path],
        l.gbPerMonth.toLocaleString('en-US'),
        money(l.nowMonthly),
        l.centralVpcId
          ? `${RECOMMENDATION_TEXT.central} (${l.centralVpcId})`
          : RECOMMENDATION_TEXT[l.recommendation],
        money(l.endpointMonthly),
        money(l.savingMonthly),
        l.breakEvenGb === undefined ? '' : l.breakEvenGb.toLocaleString('en-US'),
        ATTRIBUTION_TEXT[l.attribution],
      ]);
  }
  // A month told from less than a day of records says so: a young flow log's hour is not a month's.
  for (const v of report.vpcs.filter((x) => x.windowHours !== undefined && x.windowHours < 24))
    notes.push(
      `${v.vpcId}: only ${v.windowHours} h of records (its flow log is that young): each month above is extrapolated from them.`,
    );
  for (const v of report.vpcs.filter((x) => x.natGbPerMonth !== undefined)) {
    const aws = v.lines.filter((l) => l.path === 'nat-gateway').reduce((sum, l) => sum + l.gbPerMonth, 0);
    notes.push(
      `${v.vpcId}: its NAT gateways processed ${v.natGbPerMonth?.toLocaleString('en-US')} GB a month (CloudWatch), ${Math.round(aws).toLocaleString('en-US')} GB of it to the AWS services above (${v.windowHours} h of records).`,
    );
  }
  const t = report.totals;
  return [
    table.toString(),
    ...notes,
    ...(proposals ? proposalLines(report, proposals) : []),
    `${t.read} of ${t.vpcs} VPC(s) read (records since ${report.since.slice(0, 10)}, or since a younger flow log began): ${t.gbPerMonth.toLocaleString('en-US')} GB a month to AWS services through gateways; the advice saves ${usd(t.savingMonthly)} a month${t.savingUnknown ? ` (${t.savingUnknown} VPC(s) at unknown prices)` : ''}.`,
    `Prices of ${report.prices.takenOn}: ${report.prices.source}`,
  ].join('\n');
}

/** The tag changes, as `plan` shows changes: one line per key, `from` → `to`. */
function proposalLines(report: FleetAdvice, mode: 'proposed' | 'applied'): string[] {
  const lines = report.vpcs.flatMap((v) => {
    if (!v.proposal) return [];
    if ('refused' in v.proposal) return [`  ${v.vpcId}: not proposed: ${v.proposal.refused}`];
    return v.proposal.changes.map(
      (c) => `  ${v.vpcId}: ${c.key} ${c.from === undefined ? '(none)' : `"${c.from}"`} → "${c.to}"`,
    );
  });
  if (lines.length === 0) return ['No tag change would carry more of the advice.'];
  return [
    mode === 'proposed'
      ? 'Tag changes that would carry the advice (add --yes to set them; a run then provisions each VPC):'
      : 'Tags set (a run provisions each VPC; privatelink progress follows them):',
    ...lines,
  ];
}
