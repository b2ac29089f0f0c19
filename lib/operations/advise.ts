/**
 * `privatelink advise` (docs/advice.md): for each VPC, the AWS-service traffic that leaves through its NAT
 * gateways or an internet gateway, per service and GB a month, and the endpoint that would pay. Reads only
 * what the account already keeps — flow logs, Resolver query logs, NAT gateways' metrics — and of the flow
 * logs only the streams of the interfaces that can carry such traffic. Changes nothing.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { Ec2Api } from '../aws/ec2-api';
import {
  adviceVpcsOf,
  flowLogsOf,
  natBytesOf,
  natGatewaysOf,
  resolverQueriesOf,
  sharingVpcsOf,
  type AdviceVpc,
  type FlowLogSource,
  type LogEvents,
} from '../aws/traffic-reads';
import { adviceLines, gbPerMonth, savingOf, type AdviceLine } from '../domain/advice/advice';
import { namesByAddress } from '../domain/advice/attribution';
import type { IpRanges } from '../domain/advice/ip-ranges';
import { missingFields, recordParser, type FlowRecord } from '../domain/advice/flow-record';
import { internetInterfaces } from '../domain/advice/internet-path';
import { awsTraffic } from '../domain/advice/traffic';
import { flowLogAdvice, type FlowLogAdvice } from '../domain/advice/turn-on';
import { proposeTags, type TagProposal } from '../domain/advice/tag-proposal';
import type { OrchestratorConfig } from '../domain/config';
import { priceFor, round, type PriceTable } from '../domain/cost';
import { AwsInvalidParameterError, InvalidInputError, ResourceNotFoundError } from '../domain/errors';
import { s3LocationOf, type FlowLogObjects } from '../aws/flow-log-objects';
import { splitList, TAG_KEYS } from '../domain/tags';

export interface AdviseDeps {
  api: Ec2Api;
  logs: LogEvents;
  /** Flow logs delivered to S3, and the account their paths name (the caller's). */
  objects: FlowLogObjects;
  accountId: string;
  cloudWatch: CloudWatchClient;
  region: string;
  prices: PriceTable;
  /** A CloudWatch Logs group of Route 53 Resolver query logs, to name what flow logs call `AMAZON`. */
  resolverLogGroup?: string;
  /** AWS's published ranges (`--ip-ranges`): an `AMAZON` address of another region is said so. */
  ipRanges?: IpRanges;
  now: Date;
  /** With it, each VPC's tag changes that would carry the advice (`advise --tag`), checked by its rules. */
  propose?: OrchestratorConfig;
  /** How far back to read, in ms (the window may be shorter: a younger flow log). */
  sinceMs: number;
  progress?: (done: number, total: number) => void;
}

export interface VpcAdvice {
  vpcId: string;
  name?: string;
  /** `read`: advice from its records; otherwise why none, and how to get it. */
  status: 'read' | 'no-flow-log' | 'flow-log-unusable' | 'flow-log-unreadable';
  /** `flow-log-unreadable`: what AWS answered (its log group gone, access denied): the others are still read. */
  unreadable?: string;
  flowLog?: { flowLogId: string; destination: string };
  /** What to do instead of a guess (no flow log, or one without the fields the advice reads). */
  turnOn?: FlowLogAdvice;
  /** The window the records cover. */
  from?: string;
  to?: string;
  windowHours?: number;
  natGateways: number;
  /** GB a month the VPC's NAT gateways processed, both ways (CloudWatch), whatever the destination. */
  natGbPerMonth?: number;
  lines: AdviceLine[];
  /** USD a month the advice saves together; null when a line's saving is unknown. */
  savingMonthly: number | null;
  /** Whether Resolver query logs were read for it (otherwise `AMAZON` stays unattributed). */
  resolverLogs: boolean;
  /** `advise --tag`: the tag changes that would carry the advice, or why they are refused. */
  proposal?: TagProposal;
}

export interface FleetAdvice {
  region: string;
  since: string;
  prices: { takenOn: string; source: string };
  vpcs: VpcAdvice[];
  totals: { vpcs: number; read: number; gbPerMonth: number; savingMonthly: number; savingUnknown: number };
  /** What was read to make it: EC2 calls, and CloudWatch Logs calls, events and bytes. */
  reads: {
    ec2Calls: number;
    logsCalls: number;
    logsEvents: number;
    logsBytes: number;
    s3Calls: number;
    s3Objects: number;
    s3Bytes: number;
  };
}

export async function advise(vpcIds: string[] | 'all', deps: AdviseDeps): Promise<FleetAdvice> {
  const vpcs = await adviceVpcsOf(deps.api, vpcIds);
  const ids = vpcs.map((v) => v.vpcId);
  const missing = vpcIds === 'all' ? [] : vpcIds.filter((id) => !ids.includes(id));
  if (missing.length > 0)
    throw new ResourceNotFoundError(
      `no VPC ${missing.join(', ')} in ${deps.region} of account ${deps.accountId}: check the ids, --region and --role-arn`,
    );
  const [flowLogs, nats] = await Promise.all([flowLogsOf(deps.api, ids), natGatewaysOf(deps.api, ids)]);
  // The region's central VPCs, whether or not they are among the VPCs advised.
  const central = centralServices(vpcIds === 'all' ? vpcs : await sharingVpcsOf(deps.api));
  const out: VpcAdvice[] = [];
  for (const vpc of vpcs) {
    const natGateways = nats.get(vpc.vpcId) ?? [];
    out.push(await adviseVpc(vpc, flowLogs.get(vpc.vpcId) ?? [], natGateways, central, deps));
    deps.progress?.(out.length, vpcs.length);
  }
  return {
    region: deps.region,
    since: new Date(deps.now.getTime() - deps.sinceMs).toISOString(),
    prices: { takenOn: deps.prices.takenOn, source: deps.prices.source },
    vpcs: out,
    totals: totalsOf(out),
    reads: {
      ec2Calls: deps.api.calls.read,
      logsCalls: deps.logs.count.calls,
      logsEvents: deps.logs.count.events,
      logsBytes: deps.logs.count.bytes,
      s3Calls: deps.objects.count.calls,
      s3Objects: deps.objects.count.objects,
      s3Bytes: deps.objects.count.bytes,
    },
  };
}

/** service → the region's central VPC sharing it (`privatelink:share`, its `privatelink:services`). */
function centralServices(vpcs: Pick<AdviceVpc, 'vpcId' | 'tags'>[]): Map<string, string> {
  const served = new Map<string, string>();
  for (const v of vpcs.filter((x) => x.tags[TAG_KEYS.share]?.trim()))
    for (const s of splitList(v.tags[TAG_KEYS.services] ?? '')) if (!served.has(s)) served.set(s, v.vpcId);
  return served;
}

/**
 * The flow log the advice can read: active, accepted traffic in it, every field there, in CloudWatch Logs
 * (whose streams are per interface: preferred) or in S3 as plain text.
 */
function usableFlowLog(sources: FlowLogSource[]) {
  const live = sources.filter((s) => s.active && s.trafficType !== 'REJECT');
  const readable = live.filter(
    (s) =>
      s.destinationType === 'cloud-watch-logs' ||
      (s.destinationType === 's3' && s.fileFormat === 'plain-text'),
  );
  const complete = readable.filter((s) => missingFields(s.fields).length === 0);
  const usable = complete.find((s) => s.destinationType === 'cloud-watch-logs') ?? complete[0];
  return { usable, live, readable };
}

async function adviseVpc(
  vpc: AdviceVpc,
  sources: FlowLogSource[],
  natGateways: { natGatewayId: string; interfaceIds: string[] }[],
  central: Map<string, string>,
  deps: AdviseDeps,
): Promise<VpcAdvice> {
  const name = vpc.tags.Name;
  const base = { vpcId: vpc.vpcId, ...(name ? { name } : {}), natGateways: natGateways.length, lines: [] };
  const { usable, live, readable } = usableFlowLog(sources);
  const resolverLogs = Boolean(deps.resolverLogGroup);
  if (!usable) {
    const status = live.length === 0 ? 'no-flow-log' : 'flow-log-unusable';
    return {
      ...base,
      status,
      turnOn: flowLogAdvice(vpc.vpcId, live, readable),
      savingMonthly: 0,
      resolverLogs,
    };
  }
  const asked = new Date(deps.now.getTime() - deps.sinceMs);
  const from = usable.createdAt && usable.createdAt > asked ? usable.createdAt : asked;
  const windowHours = (deps.now.getTime() - from.getTime()) / 3_600_000;
  const natInterfaces = new Set(natGateways.flatMap((g) => g.interfaceIds));
  // A NAT gateway sits in a public subnet: its interface is read once, as the NAT's.
  const viaInternet = internetInterfaces(vpc.routeTables, vpc.interfaces).filter(
    (id) => !natInterfaces.has(id),
  );
  const streams = [...natInterfaces, ...viaInternet];
  let records: FlowRecord[];
  try {
    records = await readRecords(usable, streams, from, deps);
  } catch (err) {
    // One VPC's flow log AWS refuses to give (its group deleted, no access) does not stop the fleet's advice.
    if (!(err instanceof AwsInvalidParameterError || err instanceof ResourceNotFoundError)) throw err;
    const unreadable = `flow log ${usable.flowLogId} (${usable.destination}) could not be read: ${err.message}`;
    return { ...base, status: 'flow-log-unreadable', unreadable, savingMonthly: 0, resolverLogs };
  }
  const names = deps.resolverLogGroup
    ? namesByAddress(await resolverQueriesOf(deps.logs, deps.resolverLogGroup, vpc.vpcId, from, deps.now))
    : new Map<string, string>();
  const traffic = awsTraffic(records, {
    region: deps.region,
    vpcCidrs: vpc.cidrs,
    natInterfaces,
    names,
    ...(deps.ipRanges ? { ranges: deps.ipRanges } : {}),
  });
  const price = priceFor(deps.region, deps.prices);
  const lines = adviceLines(
    {
      traffic,
      windowHours,
      azs: new Set(vpc.subnets.map((s) => s.availabilityZone)).size,
      endpointServices: new Set(vpc.endpointServices),
      central: new Map([...central].filter(([, v]) => v !== vpc.vpcId)),
    },
    'unknown' in price ? undefined : price,
  );
  const natBytes = await natBytesOf(
    deps.cloudWatch,
    natGateways.map((g) => g.natGatewayId),
    from,
    deps.now,
  );
  const proposal = deps.propose
    ? proposeTags(vpc.tags, lines, { region: deps.region, config: deps.propose, vpcCidrs: vpc.cidrs })
    : undefined;
  return {
    ...base,
    ...(proposal ? { proposal } : {}),
    status: 'read',
    flowLog: { flowLogId: usable.flowLogId, destination: usable.destination },
    from: from.toISOString(),
    to: deps.now.toISOString(),
    windowHours: Math.round(windowHours * 10) / 10,
    ...(natBytes !== undefined
      ? { natGbPerMonth: Math.round(gbPerMonth(natBytes, windowHours) * 10) / 10 }
      : {}),
    lines,
    savingMonthly: savingOf(lines),
    resolverLogs,
  };
}

/**
 * The records of the given interfaces in the window. In CloudWatch Logs, only their streams are read; in
 * S3, the flow log's files of the window's days are read whole and the other interfaces' records left.
 */
async function readRecords(
  source: FlowLogSource,
  interfaceIds: string[],
  from: Date,
  deps: AdviseDeps,
): Promise<FlowRecord[]> {
  const records: FlowRecord[] = [];
  if (source.destinationType === 's3') {
    const location = s3LocationOf(source.destination);
    if (!location)
      throw new InvalidInputError(`flow log ${source.flowLogId}: "${source.destination}" is not an S3 ARN`);
    const wanted = new Set(interfaceIds);
    const inWindow = (r: FlowRecord) =>
      r.start === undefined || (r.start * 1000 >= from.getTime() && r.start * 1000 < deps.now.getTime());
    const files = deps.objects.files(
      {
        flowLogId: source.flowLogId,
        location,
        accountId: deps.accountId,
        region: deps.region,
        hiveCompatible: source.hiveCompatible,
      },
      from,
      deps.now,
    );
    for await (const file of files) {
      const parse = recordParser(file.fields);
      for (const line of file.lines) {
        const record = parse(line);
        if (record && wanted.has(record.interfaceId) && inWindow(record)) records.push(record);
      }
    }
    return records;
  }
  const parse = recordParser(source.fields);
  for (const id of interfaceIds)
    for await (const line of deps.logs.messages(source.destination, from, deps.now, { streamPrefix: id })) {
      const record = parse(line);
      if (record) records.push(record);
    }
  return records;
}

function totalsOf(vpcs: VpcAdvice[]): FleetAdvice['totals'] {
  const lines = vpcs.flatMap((v) => v.lines);
  return {
    vpcs: vpcs.length,
    read: vpcs.filter((v) => v.status === 'read').length,
    gbPerMonth: Math.round(lines.reduce((s, l) => s + l.gbPerMonth, 0) * 10) / 10,
    savingMonthly: round(vpcs.reduce((s, v) => s + (v.savingMonthly ?? 0), 0)),
    savingUnknown: vpcs.filter((v) => v.savingMonthly === null).length,
  };
}
