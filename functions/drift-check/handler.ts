import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { organizationsClient } from '../../lib/aws/clients/organizations';
import { runDriftCheck, type DriftDeps, type DriftReport } from '../../lib/operations/drift-check';
import { runHubDrift } from '../../lib/operations/fleet-drift';
import type { StepContext } from '../../lib/workflow/step-context';
import { accountRegionOf } from '../../lib/domain/vpc-ref';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { sfnClient } from '../../lib/aws/clients/sfn';
import { hasMembers } from '../../lib/domain/config';
import { s3Client } from '../../lib/aws/clients/s3';
import { writeScheduledReport, type ScheduledReportDeps } from '../../lib/operations/scheduled-report';
import { fleetRowsOf } from '../../lib/operations/fleet-view';
import type { LastRun } from '../../lib/domain/fleet-row';
import { deployment, eventSink, runMachinery } from '../_shared/compose';
import { logger, metrics, stepHandler } from '../_shared/runtime';

function record(report: DriftReport, where: Record<string, string> = {}): void {
  metrics.addMetric('VpcsChecked', MetricUnit.Count, report.vpcsChecked);
  metrics.addMetric('DriftedVpcs', MetricUnit.Count, report.drifted.length);
  metrics.addMetric(
    'RemediationsStarted',
    MetricUnit.Count,
    report.remediations.filter((r) => r.outcome === 'started').length,
  );
  for (const d of report.drifted)
    logger.warn('drift detected', { ...where, vpcId: d.vpcId, findings: d.findings });
}

/**
 * A hub's check over its members (config hub.accounts, hub.organizationalUnits, hub.regions): every account
 * and region through its spoke role, a few at a time (lib/operations/fleet-drift.ts).
 */
async function fleetDrift(ctx: StepContext) {
  const report = await runHubDrift({
    config: ctx.config,
    own: ctx.own,
    session: `privatelink-drift-${Date.now()}`,
    events: eventSink(),
    runs: runMachinery(),
    mode: ctx.config.drift.mode,
    organizations: organizationsClient,
    onChecked: (target, result) => record(result, { accountId: target.accountId, region: target.region }),
  });
  for (const u of report.unreachable) logger.error('drift check could not read an account', { ...u });
  return report;
}

/**
 * A hub's schedule starts the Organization check (statemachine/org-drift.asl.json: a Distributed Map over
 * every member account and region, docs/architecture.md, "The Organization check") and returns its ARN.
 */
async function startOrgCheck(stateMachineArn: string, mode: string) {
  const { executionArn } = await sfnClient.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ mode }) }),
  );
  logger.info('Organization check started', { executionArn, mode });
  return { organizationCheck: executionArn };
}

/**
 * The fleet report to S3 (config drift.report): written and read back, or the error said — the drift
 * check's own work is done and reported either way.
 */
async function fleetReport(
  target: { bucket: string; key: string },
  ctx: StepContext,
  rowsOf: ScheduledReportDeps['rowsOf'],
) {
  try {
    const written = await writeScheduledReport(target, {
      config: ctx.config,
      where: accountRegionOf(ctx.own),
      rowsOf,
      s3: s3Client,
      runsSince: (since) => runMachinery().executions.listSince(since),
      now: new Date(),
    });
    logger.info('fleet report written', { ...written });
    return written;
  } catch (err) {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    logger.error('fleet report not written', { bucket: target.bucket, key: target.key, error });
    metrics.addMetric('FleetReportFailed', MetricUnit.Count, 1);
    return { bucket: target.bucket, key: target.key, error };
  }
}

/**
 * The schedule's target: every opted-in VPC of this account and region, checked in batches; a hub's
 * members through the Organization check where the stack has it, else one account-region after another.
 */
export const handler = stepHandler(
  async (_event: unknown, ctx) => {
    const orgCheck = deployment().orgCheck?.stateMachineArn;
    if (hasMembers(ctx.config))
      return orgCheck ? startOrgCheck(orgCheck, ctx.config.drift.mode) : fleetDrift(ctx);
    const where = accountRegionOf(ctx.own);
    // What the check read: the schedule's fleet report is made of it, not of a second read.
    let seen: Parameters<NonNullable<DriftDeps['onRead']>> | undefined;
    const report = await runDriftCheck({
      ...ctx,
      where,
      events: eventSink(),
      runs: runMachinery(),
      onRead: (...read) => {
        seen = read;
      },
    });
    record(report);
    logger.info('drift check finished', {
      vpcsChecked: report.vpcsChecked,
      drifted: report.drifted.length,
      mode: report.mode,
    });
    const target = ctx.config.drift.report;
    if (!target || !seen) return report;
    const [snapshots, central] = seen;
    const rowsOf = (lastRunOf: (vpcId: string) => LastRun) =>
      fleetRowsOf(snapshots, central, ctx.config, where.accountId, lastRunOf);
    return { ...report, fleetReport: await fleetReport(target, ctx, rowsOf) };
  },
  { publishesMetrics: true },
);
