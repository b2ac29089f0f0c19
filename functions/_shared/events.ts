import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ExecutionResult } from '../../lib/workflow/result-document';
import { metrics } from './runtime';

export function recordMetrics(result: ExecutionResult): void {
  metrics.addDimension('mode', result.mode);
  metrics.addMetric(
    {
      succeeded: 'ExecutionsSucceeded',
      'checks-failed': 'ExecutionsWithFailedChecks',
      'awaiting-acceptance': 'ExecutionsAwaitingAcceptance',
      failed: 'ExecutionsFailed',
    }[result.status],
    MetricUnit.Count,
    1,
  );
  metrics.addMetric('EndpointsCreated', MetricUnit.Count, result.totals.created);
  metrics.addMetric('EndpointsDeleted', MetricUnit.Count, result.totals.deleted);
  metrics.addMetric('ChecksFailed', MetricUnit.Count, result.totals.checksFailed);
  metrics.addMetric('Ec2MutatingCalls', MetricUnit.Count, result.apiCalls.mutating);
}
