import { DescribeExecutionCommand, GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { sfnClient } from '../lib/aws/clients';
import type { ExecutionResult } from '../lib/workflow/result-document';
import { EXIT, type CommandEnv } from './context';
import { resultTable } from './render';

/** Follows a deployed execution: progress state by state from its history, then the result table. */
export async function followRemote(executionArn: string, env: CommandEnv): Promise<number> {
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
      if (execution.status === 'SUCCEEDED') {
        const output = JSON.parse(execution.output ?? '{}') as ExecutionResult;
        env.io.out(
          env.json
            ? JSON.stringify(output, null, 2)
            : 'services' in output
              ? resultTable(output)
              : 'coalesced into the running execution',
        );
        return EXIT.ok;
      }
      env.io.out(`${execution.status}: ${execution.error ?? ''}: ${execution.cause ?? ''}`);
      return EXIT.failed;
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
