import { DescribeExecutionCommand, GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { sfnClient } from '../lib/aws/clients/sfn';
import { dynamoClient } from '../lib/aws/clients/dynamodb';
import { LocalLeases } from './local-lease';
import { EXIT, exitForExecutions, type CommandEnv, type ExecutionReport } from './context';
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
      return finished(executionArn, await asItRan(executionArn, execution, env), env);
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

/**
 * A run executed in-process (`--local`) is recorded ABORTED by the emulator, which runs nothing: its local
 * run recorded how it ended (cli/local-lease.ts), and that is what it did.
 */
async function asItRan(executionArn: string, execution: Execution, env: CommandEnv): Promise<Execution> {
  if (execution.status !== 'ABORTED') return execution;
  const local = await new LocalLeases(dynamoClient, env.lockTable)
    .outcomeOf(executionArn)
    .catch(() => undefined);
  if (!local) return execution;
  env.io.err(
    `${execution.name ?? executionArn} ran in-process (--local): its states are not in the emulator's history`,
  );
  return {
    ...execution,
    status: local.status,
    output: local.output === undefined ? undefined : JSON.stringify(local.output),
    error: local.error,
    cause: local.cause,
  };
}

type Execution = { name?: string; status?: string; output?: string; error?: string; cause?: string };

function finished(executionArn: string, execution: Execution, env: CommandEnv) {
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
  return { code: exitForExecutions([report]), report };
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
