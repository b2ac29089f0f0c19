import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { s3Client } from '../../lib/aws/clients/s3';
import { summarizeOrgCheckStep } from '../../lib/workflow/summarize-org-check-step';
import { eventSink } from '../_shared/compose';
import { logger, metrics, stepHandler } from '../_shared/runtime';

export const handler = stepHandler(
  async (event: Parameters<typeof summarizeOrgCheckStep>[0]) => {
    const summary = await summarizeOrgCheckStep(event, { s3: s3Client, events: eventSink() });
    metrics.addMetric('OrgTargetsChecked', MetricUnit.Count, summary.checked);
    metrics.addMetric('OrgTargetsUnreachable', MetricUnit.Count, summary.unreachable.length);
    for (const u of summary.unreachable) logger.error('an account could not be checked', { ...u });
    return summary;
  },
  { publishesMetrics: true },
);
