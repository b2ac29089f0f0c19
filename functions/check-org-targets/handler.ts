import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { checkOrgTargetsStep } from '../../lib/workflow/check-org-targets-step';
import { eventSink, runMachinery } from '../_shared/compose';
import { logger, metrics, sleep, stepHandler } from '../_shared/runtime';

export const handler = stepHandler(
  (event: Parameters<typeof checkOrgTargetsStep>[0], ctx) => {
    const runs = runMachinery();
    return checkOrgTargetsStep(event, ctx, {
      events: eventSink(),
      runs,
      pace: runs.pace,
      now: runs.now,
      sleep,
      onChecked: (target, report) => {
        metrics.addMetric('VpcsChecked', MetricUnit.Count, report.vpcsChecked);
        metrics.addMetric('DriftedVpcs', MetricUnit.Count, report.drifted.length);
        for (const d of report.drifted)
          logger.warn('drift detected', {
            accountId: target.accountId,
            region: target.region,
            vpcId: d.vpcId,
          });
      },
    });
  },
  { publishesMetrics: true },
);
