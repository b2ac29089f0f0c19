import { reportStep, type ReportEvent } from '../../lib/workflow/report-step';
import { recordMetrics, sink } from '../_shared/events';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler(
  async (event: ReportEvent) => {
    const result = await reportStep(event, sink);
    recordMetrics(result);
    return result;
  },
  { publishesMetrics: true },
);
