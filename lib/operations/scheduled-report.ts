/**
 * The drift schedule's fleet report (README, "The fleet report"; config `drift.report`, off by default):
 * the page `privatelink report --html` writes, of this account and region, without the advice (it reads
 * flow logs), put to S3 and read back — written only when S3 says the object has the page's size.
 */
import {
  HeadObjectCommand,
  PutObjectCommand,
  type HeadObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { AwsApi } from '../aws/ec2-api';
import type { OrchestratorConfig } from '../domain/config';
import { fleetTotalsOf, type FleetRow, type LastRun } from '../domain/fleet-row';
import { latestRunsOf, type ExecutionSummary } from '../domain/rollout';
import type { AccountRegion } from '../domain/vpc-ref';
import { fleetReportHtml } from './report/fleet-report';

/** The last runs the report shows: executions started within this long. */
const RUNS_WINDOW_MS = 30 * 86_400_000;

export interface ScheduledReportDeps {
  config: OrchestratorConfig;
  where: AccountRegion;
  s3: S3Client;
  /** The fleet's rows from what the drift check read, each with its last run. */
  rowsOf: (lastRunOf: (vpcId: string) => LastRun) => FleetRow[];
  /** This stack's executions started since a time (the state machine's ListExecutions). */
  runsSince: (since: number) => Promise<ExecutionSummary[]>;
  now: Date;
}

export interface ScheduledReport {
  bucket: string;
  key: string;
  bytes: number;
  vpcs: number;
}

export async function writeScheduledReport(
  target: { bucket: string; key: string },
  deps: ScheduledReportDeps,
): Promise<ScheduledReport> {
  const runs = latestRunsOf(await deps.runsSince(deps.now.getTime() - RUNS_WINDOW_MS));
  const rows = deps.rowsOf((vpcId) => runs.get(vpcId) ?? { state: 'not started' });
  const html = fleetReportHtml({
    generatedAt: deps.now,
    stackName: deps.config.stackName,
    scope: `${deps.where.accountId} ${deps.where.region} (the drift schedule)`,
    rows,
    totals: fleetTotalsOf(rows),
    unreachable: [],
    advice: {
      omitted:
        'The scheduled report leaves the advice out (it reads flow logs): run privatelink advise --all, or privatelink report --html.',
    },
  });
  const body = Buffer.from(html);
  const s3 = new AwsApi(deps.s3);
  await s3.send(
    new PutObjectCommand({
      Bucket: target.bucket,
      Key: target.key,
      Body: body,
      ContentType: 'text/html; charset=utf-8',
    }),
  );
  const { ContentLength } = await s3.send<HeadObjectCommandOutput>(
    new HeadObjectCommand({ Bucket: target.bucket, Key: target.key }),
  );
  if (ContentLength !== body.length)
    throw new Error(
      `s3://${target.bucket}/${target.key} reads back ${ContentLength} bytes, not the ${body.length} written`,
    );
  return { bucket: target.bucket, key: target.key, bytes: body.length, vpcs: rows.length };
}
