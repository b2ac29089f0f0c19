import { cloudWatchClient } from '../lib/aws/clients/cloudwatch';
import { logsClient } from '../lib/aws/clients/logs';
import { Ec2Api } from '../lib/aws/ec2-api';
import { LogEvents } from '../lib/aws/traffic-reads';
import { ATTRIBUTION_TEXT, PATH_TEXT, RECOMMENDATION_TEXT } from '../lib/domain/advice/wording';
import { pricesOf, usd } from '../lib/domain/cost';
import { advise, type FleetAdvice } from '../lib/operations/advise';
import { checkVpcId, EXIT, UsageError, type CommandEnv } from './context';
import { parseSince } from './progress';
import { vpcClients } from './vpc-clients';

export interface AdviseOptions {
  all?: boolean;
  since?: string;
  resolverLogs?: string;
}

/** The log group name CloudWatch Logs accepts (1–512 of these characters). */
const LOG_GROUP = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/** Checks the command line before anything is read: the VPCs (or --all), --since and --resolver-logs. */
export function checkAdviseInput(vpcIds: string[], opts: AdviseOptions, env: Pick<CommandEnv, 'target'>) {
  if (env.target)
    throw new UsageError(
      "advise reads the caller's own account: run it with that account's credentials (--account and --role-arn are not taken)",
    );
  if (opts.all && vpcIds.length > 0) throw new UsageError('advise takes VPC ids or --all, not both');
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
 * and the endpoints that would save (docs/advice.md). Reads only; exit 0, or 1 on an error.
 */
export async function adviseCommand(vpcIds: string[], opts: AdviseOptions, env: CommandEnv): Promise<number> {
  const sinceMs = checkAdviseInput(vpcIds, opts, env);
  const report = await advise(opts.all ? 'all' : vpcIds, {
    api: new Ec2Api(vpcClients(env).ec2),
    logs: new LogEvents(logsClient),
    cloudWatch: cloudWatchClient,
    region: env.region,
    prices: pricesOf(env.config.prices),
    ...(opts.resolverLogs ? { resolverLogGroup: opts.resolverLogs } : {}),
    now: new Date(),
    sinceMs,
    progress: (done, total) => {
      if (env.io.isTTY && !env.output.structured && (done % 10 === 0 || done === total))
        env.io.err(`read ${done}/${total} VPC(s)`);
    },
  });
  env.output.print(report, () => adviceText(report, env));
  return EXIT.ok;
}

const money = (v: number | null) => (v === null ? 'unknown' : usd(v));

export function adviceText(report: FleetAdvice, env: Pick<CommandEnv, 'terminal'>): string {
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
  const t = report.totals;
  return [
    table.toString(),
    ...notes,
    `${t.read} of ${t.vpcs} VPC(s) read since ${report.since.slice(0, 10)}: ${t.gbPerMonth.toLocaleString('en-US')} GB a month to AWS services through gateways; the advice saves ${usd(t.savingMonthly)} a month${t.savingUnknown ? ` (${t.savingUnknown} VPC(s) at unknown prices)` : ''}.`,
    `Prices of ${report.prices.takenOn}: ${report.prices.source}`,
  ].join('\n');
}
