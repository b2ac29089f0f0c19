import { DescribeExecutionCommand, GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { sfnClient } from '../lib/aws/clients/sfn';
import { EXIT, type CommandEnv, type ExecutionReport } from './context';
import { reportText } from './local-backing';

export interface FollowOptions {
  /** Stop following (the execution goes on) after this long. */
  timeoutSeconds?: number;
  pollMs?: number;
  /** Ctrl-C: stop following, say how to follow again. */
  signal?: AbortSignal;
}

/**
 * Follows a deployed execution: progress state by state from its history (only the events not printed
 * yet, newest pages first, so a long history is never read again), then the result table. Stopped by
 * --timeout or Ctrl-C, it says which execution keeps running and how to follow it again.
 */
export async function followRemote(
  executionArn: string,
  env: CommandEnv,
  opts: FollowOptions = {},
): Promise<{ code: number; report: ExecutionReport }> {
  const deadline = Date.now() + (opts.timeoutSeconds ?? 3600) * 1000;
  let printed = 0;
  for (;;) {
    printed = await printNewEvents(executionArn, printed, env);
    const execution = await sfnClient.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') {
      printed = await printNewEvents(executionArn, printed, env);
      return finished(executionArn, execution, env);
    }
    const why = opts.signal?.aborted ? 'interrupted' : Date.now() >= deadline ? 'timed out' : undefined;
    if (why) return stillRunning(executionArn, why, env);
    await pause(opts.pollMs ?? 2000, opts.signal);
  }
}

/** Prints the events after id `after`, oldest first; returns the newest id printed. */
async function printNewEvents(executionArn: string, after: number, env: CommandEnv): Promise<number> {
  const fresh: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfnClient.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 100, nextToken }),
    );
    const events = page.events ?? [];
    fresh.push(...events.filter((e) => (e.id ?? 0) > after));
    nextToken = events.some((e) => (e.id ?? 0) <= after) ? undefined : page.nextToken;
  } while (nextToken);
  fresh.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  for (const event of fresh) {
    const line = historyLine(event);
    if (line) env.io.err(line);
  }
  return fresh.at(-1)?.id ?? after;
}

function finished(
  executionArn: string,
  execution: { name?: string; status?: string; output?: string; error?: string; cause?: string },
  env: CommandEnv,
) {
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
  if (!env.output.structured) env.io.out(reportText(report, env.terminal));
  return { code: execution.status === 'SUCCEEDED' ? EXIT.ok : EXIT.failed, report };
}

function stillRunning(executionArn: string, why: string, env: CommandEnv) {
  env.io.err(
    `${why}: ${executionArn} keeps running in Step Functions.\n` +
      `  follow it again: privatelink follow ${executionArn}\n` +
      `  or stop it:      aws stepfunctions stop-execution --execution-arn ${executionArn}`,
  );
  const report: ExecutionReport = { name: executionArn.split(':').pop() ?? executionArn, status: 'RUNNING' };
  return { code: EXIT.attention, report };
}

const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

function historyLine(event: HistoryEvent): string | undefined {
  if (event.stateExitedEventDetails) return `  ✓ ${event.stateExitedEventDetails.name}`;
  if (event.taskFailedEventDetails)
    return `  ✗ ${event.taskFailedEventDetails.error}: ${event.taskFailedEventDetails.cause ?? ''}`;
  return undefined;
}
