import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { organizationsClient } from '../../lib/aws/clients/organizations';
import { runDriftCheck, type DriftReport } from '../../lib/operations/drift-check';
import { runHubDrift } from '../../lib/operations/fleet-drift';
import type { StepContext } from '../../lib/workflow/step-context';
import { accountRegionOf } from '../../lib/domain/vpc-ref';
import { eventSink } from '../_shared/compose';
import { runMachinery } from '../_shared/compose';
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

/** The schedule's target: every opted-in VPC of this account and region (of every member, for a hub), checked in batches. */
export const handler = stepHandler(
  async (_event: unknown, ctx) => {
    const hub = ctx.config.hub;
    if (hub && (hub.accounts.length > 0 || hub.organizationalUnits.length > 0)) return fleetDrift(ctx);
    const report = await runDriftCheck({
      ...ctx,
      where: accountRegionOf(ctx.own),
      events: eventSink(),
      runs: runMachinery(),
    });
    record(report);
    logger.info('drift check finished', {
      vpcsChecked: report.vpcsChecked,
      drifted: report.drifted.length,
      mode: report.mode,
    });
    return report;
  },
  { publishesMetrics: true },
);
