import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  StopExecutionCommand,
  type ExecutionListItem,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import {
  runLocally,
  type EventLog,
  type LocalHandler,
  type LocalRunResult,
} from '../lib/operations/local/run-state-machine';

export interface LocalExecutorOptions {
  sfn: SFNClient;
  stateMachineArn: string;
  definition: Record<string, unknown>;
  handlers: Record<string, LocalHandler>;
  onStart?: (name: string) => void;
  onEvent?: (event: EventLog) => void;
  /** Executions already run here, never run twice. */
  done?: Set<string>;
}

/**
 * The Step Functions service locally: executions are started through the real API of the configured
 * endpoint (moto records them as RUNNING, it cannot run them), and this runs each started execution of
 * the machine, oldest first, with the real ASL and handlers, then stops it in the API so nothing waits on it.
 * Successors started by a run are picked up in the same call.
 */
export async function runStartedExecutions(
  options: LocalExecutorOptions,
): Promise<(LocalRunResult & { name: string })[]> {
  const done = options.done ?? new Set<string>();
  const results: (LocalRunResult & { name: string })[] = [];
  for (;;) {
    const waiting = (await listRunning(options.sfn, options.stateMachineArn)).filter(
      (e) => !done.has(e.name ?? ''),
    );
    const next = waiting.sort((a, b) => (a.startDate?.getTime() ?? 0) - (b.startDate?.getTime() ?? 0))[0];
    if (!next?.executionArn || !next.name) return results;
    done.add(next.name);
    const described = await options.sfn.send(
      new DescribeExecutionCommand({ executionArn: next.executionArn }),
    );
    options.onStart?.(next.name);
    const result = await runLocally(
      options.definition,
      JSON.parse(described.input ?? '{}'),
      options.handlers,
      {
        executionName: next.name,
        stateMachineArn: options.stateMachineArn,
        onEvent: options.onEvent,
      },
    );
    await options.sfn.send(
      new StopExecutionCommand({
        executionArn: next.executionArn,
        error: result.status === 'SUCCEEDED' ? 'RanLocally' : (result.error ?? 'Failed'),
        cause: `ran in-process: ${result.status}`,
      }),
    );
    results.push({ ...result, name: next.name });
  }
}

async function listRunning(sfn: SFNClient, stateMachineArn: string): Promise<ExecutionListItem[]> {
  const items: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', nextToken }),
    );
    items.push(...(page.executions ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return items;
}
