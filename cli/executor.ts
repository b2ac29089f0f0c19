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
import type { LocalOutcome } from './local-lease';

export interface LocalExecutorOptions {
  sfn: SFNClient;
  stateMachineArn: string;
  definition: Record<string, unknown>;
  handlers: Record<string, LocalHandler>;
  onStart?: (name: string) => void;
  onEvent?: (event: EventLog) => void;
  /** Ctrl-C: the running execution is aborted (and stopped in the API), no further one starts. */
  signal?: AbortSignal;
  /** Executions already run here, never run twice. */
  done?: Set<string>;
  /** Held on each execution while it runs here (cli/local-lease.ts): a later local run sees it is run. */
  leases?: {
    hold(executionArn: string): Promise<(outcome: LocalOutcome) => Promise<void>>;
  };
  /**
   * Run only these executions (by name) and the successors they start; without it, every started
   * execution of the machine (the local stack stands in for the Step Functions service).
   */
  only?: string[];
}

interface Started {
  name: string;
  executionArn: string;
  input: { trigger?: { source?: string; requestedBy?: string } };
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
  const ran = new Set<string>();
  const results: (LocalRunResult & { name: string })[] = [];
  for (;;) {
    if (options.signal?.aborted) return results;
    const next = await nextToRun(options, done, ran);
    if (!next) return results;
    done.add(next.name);
    ran.add(next.executionArn);
    options.onStart?.(next.name);
    const release = await options.leases?.hold(next.executionArn);
    const result = await runLocally(options.definition, next.input, options.handlers, {
      executionName: next.name,
      stateMachineArn: options.stateMachineArn,
      onEvent: options.onEvent,
      signal: options.signal,
    });
    await release?.({
      status: result.status,
      ...(result.error ? { error: result.error } : {}),
      ...(result.cause ? { cause: result.cause } : {}),
      ...(result.status === 'SUCCEEDED' ? { output: result.output } : {}),
    });
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

/**
 * The oldest started execution not run yet that this run may take: any, or (with `only`) one it was
 * asked to run or a successor one of its runs started (its trigger names that run).
 */
async function nextToRun(
  options: LocalExecutorOptions,
  done: Set<string>,
  ran: Set<string>,
): Promise<Started | undefined> {
  const waiting = (await listRunning(options.sfn, options.stateMachineArn))
    .filter((e) => e.name && e.executionArn && !done.has(e.name))
    .sort((a, b) => (a.startDate?.getTime() ?? 0) - (b.startDate?.getTime() ?? 0));
  for (const e of waiting) {
    const described = await options.sfn.send(new DescribeExecutionCommand({ executionArn: e.executionArn }));
    const started: Started = {
      name: e.name ?? '',
      executionArn: e.executionArn ?? '',
      input: JSON.parse(described.input ?? '{}') as Started['input'],
    };
    const requestedBy = started.input.trigger?.requestedBy ?? '';
    const mine =
      !options.only ||
      options.only.includes(started.name) ||
      (started.input.trigger?.source === 'follow-up' && ran.has(requestedBy));
    if (mine) return started;
  }
  return undefined;
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
