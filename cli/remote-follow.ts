import { DescribeExecutionCommand, GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { sfnClient } from '../lib/aws/clients';
import { EXIT, type CommandEnv, type ExecutionReport } from './context';
import { reportText } from './local-backing';

/** Follows a deployed execution: progress state by state from its history, then the result table. */
export async function followRemote(
  executionArn: string,
  env: CommandEnv,
): Promise<{ code: number; report: ExecutionReport }> {
  const seen = new Set<number>();
  for (;;) {
    const history = await sfnClient.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    for (const event of history.events ?? []) {
      if (seen.has(event.id ?? 0)) continue;
      seen.add(event.id ?? 0);
      const line = historyLine(event);
      if (line) env.io.err(line);
    }
    const execution = await sfnClient.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') {
      const output = execution.output ? (JSON.parse(execution.output) as object) : undefined;
      const report: ExecutionReport = {
        name: execution.name ?? executionArn,
        status: execution.status ?? 'UNKNOWN',
        ...(execution.status === 'SUCCEEDED'
          ? output && 'services' in output
            ? { result: output }
            : { coalesced: true }
          : { error: execution.error, cause: execution.cause }),
      };
      if (!env.json) env.io.out(reportText(report));
      return { code: execution.status === 'SUCCEEDED' ? EXIT.ok : EXIT.failed, report };
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

function historyLine(event: HistoryEvent): string | undefined {
  if (event.stateExitedEventDetails) return `  ✓ ${event.stateExitedEventDetails.name}`;
  if (event.taskFailedEventDetails)
    return `  ✗ ${event.taskFailedEventDetails.error}: ${event.taskFailedEventDetails.cause ?? ''}`;
  return undefined;
}
