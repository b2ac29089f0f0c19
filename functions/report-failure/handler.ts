import { reportFailureStep } from '../../lib/workflow/report-failure-step';
import type { ReportEvent } from '../../lib/workflow/result';
import { recordMetrics } from '../_shared/events';
import { eventSink } from '../_shared/compose';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler(
  async (event: ReportEvent) => {
    const failure = await reportFailureStep(event, eventSink());
    recordMetrics(failure.result);
    return failure;
  },
  { publishesMetrics: true },
);
