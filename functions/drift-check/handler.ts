import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { runDriftCheck } from '../../lib/operations/drift-check';
import { sink } from '../_shared/events';
import { runDeps } from '../_shared/runs';
import { logger, metrics, stepHandler } from '../_shared/runtime';

/** The schedule's target: every opted-in VPC of this account and region, checked in batches. */
export const handler = stepHandler(
  async (_event: unknown, ctx) => {
    const report = await runDriftCheck({ ...ctx, events: sink, runs: runDeps });
    metrics.addMetric('VpcsChecked', MetricUnit.Count, report.vpcsChecked);
    metrics.addMetric('DriftedVpcs', MetricUnit.Count, report.drifted.length);
    metrics.addMetric(
      'RemediationsStarted',
      MetricUnit.Count,
      report.remediations.filter((r) => r.outcome === 'started').length,
    );
    for (const d of report.drifted) logger.warn('drift detected', { vpcId: d.vpcId, findings: d.findings });
    logger.info('drift check finished', {
      vpcsChecked: report.vpcsChecked,
      drifted: report.drifted.length,
      mode: report.mode,
    });
    return report;
  },
  { publishesMetrics: true },
);
