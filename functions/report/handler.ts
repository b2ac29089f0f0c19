import { reportStep } from '../../lib/workflow/report-step';
import type { ReportEvent } from '../../lib/workflow/result';
import { recordMetrics } from '../_shared/events';
import { eventSink } from '../_shared/compose';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler(
  async (event: ReportEvent) => {
    const result = await reportStep(event, eventSink());
    recordMetrics(result);
    return result;
  },
  { publishesMetrics: true },
);
