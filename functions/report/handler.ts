import { reportStep } from '../../lib/workflow/report-step';
import type { ReportEvent } from '../../lib/workflow/result';
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
