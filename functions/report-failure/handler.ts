import { reportFailureStep } from '../../lib/workflow/report-failure-step';
import type { ReportEvent } from '../../lib/workflow/result';
import { recordMetrics, sink } from '../_shared/events';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler(
  async (event: ReportEvent) => {
    const failure = await reportFailureStep(event, sink);
    recordMetrics(failure.result);
    return failure;
  },
  { publishesMetrics: true },
);
