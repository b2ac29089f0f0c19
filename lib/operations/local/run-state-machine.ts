import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';
import { installPromiseWithResolvers } from './polyfills';

installPromiseWithResolvers();

type Json = Record<string, unknown>;
type Execution = ReturnType<StateMachine['run']>;
export type EventLog = Execution['eventLogs'] extends AsyncGenerator<infer E> ? E : never;
export type LocalHandler = (event: unknown) => Promise<unknown>;

export interface LocalRunOptions {
  executionName: string;
  /** The state machine the execution belongs to; its ARN names the execution ($$.Execution.Id). */
  stateMachineArn?: string;
  /** Real milliseconds each Wait state and each Retry pause takes locally (the ASL's seconds are skipped). */
  pauseMs?: number;
  /**
   * Keep the ASL's own Wait seconds and Retry backoff (with its jitter) instead of pauseMs: for a run whose
   * timers are simulated (tests/support/product-time.ts), where they cost no real time.
   */
  aslTiming?: boolean;
  /** Called for every execution event, in order, before the execution moves on past a pause. */
  onEvent?: (event: EventLog) => void;
  /** Aborts the execution, as StopExecution does: no Catch, no further state runs. */
  signal?: AbortSignal;
}

export interface LocalRunResult {
  status: 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  output?: unknown;
  error?: string;
  cause?: string;
  /** StateEntered events: what Step Functions bills as state transitions, near enough. */
  transitions: number;
  events: EventLog[];
  executionArn: string;
}

/** Reads an ASL file and swaps each `{"Fn::GetAtt": [fn, "Arn"]}` for a Lambda ARN naming the function. */
export function loadDefinition(path: string, region = 'us-east-1', accountId = '123456789012'): Json {
  return resolveFunctionArns(JSON.parse(readFileSync(path, 'utf8')) as Json, region, accountId);
}

/** Swaps each `{"Fn::GetAtt": [fn, "Arn"]}` of a definition for a Lambda ARN naming the function. */
export function resolveFunctionArns(raw: Json, region = 'us-east-1', accountId = '123456789012'): Json {
  return JSON.parse(JSON.stringify(raw), (_key, value: unknown) => {
    const getAtt = (value as { 'Fn::GetAtt'?: [string, string] } | null)?.['Fn::GetAtt'];
    return getAtt ? `arn:aws:lambda:${region}:${accountId}:function:${getAtt[0]}` : value;
  }) as Json;
}

export interface StateDef {
  Type: string;
  Resource?: string;
  Seconds?: number;
  SecondsPath?: string;
  MaxConcurrency?: number;
  /** Set by allStates on states inside a Map: the Map's MaxConcurrency. */
  concurrency?: number;
  ItemProcessor?: { States: Record<string, StateDef>; ProcessorConfig?: { Mode?: string } };
  Iterator?: { States: Record<string, StateDef> };
  Branches?: { States: Record<string, StateDef> }[];
}

/** Every state of the machine, states nested in Map and Parallel included, by name. */
export function allStates(definition: Json): Record<string, StateDef> {
  const out: Record<string, StateDef> = {};
  const walk = (states: Record<string, StateDef>, concurrency: number) => {
    for (const [name, state] of Object.entries(states)) {
      out[name] = { ...state, concurrency };
      const inner = state.ItemProcessor?.States ?? state.Iterator?.States;
      if (inner) walk(inner, state.MaxConcurrency || Infinity);
      for (const branch of state.Branches ?? []) walk(branch.States, concurrency);
    }
  };
  walk(definition.States as Record<string, StateDef>, 1);
  return out;
}

/** A definition uses a part of Step Functions the local runner does not implement: the run would lie. */
export class UnsupportedLocallyError extends Error {
  override name = 'UnsupportedLocallyError';
}

/**
 * The Distributed Map's fields. aws-local-stepfunctions runs a distributed Map as an inline one and ignores
 * these without a word (items not read from S3, no batches, no tolerated failures, no results written),
 * so a definition that uses one is refused, not run as something else.
 */
const DISTRIBUTED_MAP_FIELDS = [
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'ToleratedFailurePercentage',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCount',
  'ToleratedFailureCountPath',
  'Label',
] as const;

/** Refuses, naming the state and the field, a definition the local runner would not run as AWS does. */
export function assertRunnableLocally(definition: Json): void {
  for (const [name, state] of Object.entries(allStates(definition))) {
    if (state.Type !== 'Map') continue;
    const raw = state as unknown as Record<string, unknown>;
    const field = DISTRIBUTED_MAP_FIELDS.find((f) => f in raw);
    const mode = state.ItemProcessor?.ProcessorConfig?.Mode;
    const what =
      field ?? (mode === 'DISTRIBUTED' ? 'ItemProcessor.ProcessorConfig.Mode DISTRIBUTED' : undefined);
    if (what)
      throw new UnsupportedLocallyError(
        `state ${name} uses the Map field ${what}, which the local runner does not implement (it would run the Map inline and ignore it): nothing was run`,
      );
  }
}

/**
 * Runs the real ASL in-process with aws-local-stepfunctions, each Task state calling the local handler
 * of the function its Resource names.
 */
export async function runLocally(
  definition: Json,
  input: unknown,
  handlers: Record<string, LocalHandler>,
  options: LocalRunOptions,
): Promise<LocalRunResult> {
  const stateMachineArn =
    options.stateMachineArn ?? 'arn:aws:states:us-east-1:123456789012:stateMachine:provision';
  const [, partition, , region, accountId, , machineName] = stateMachineArn.split(':');
  assertRunnableLocally(definition);
  const states = allStates(definition);
  const taskResourceLocalHandlers: Record<string, LocalHandler> = {};
  const waitTimeOverrides: Record<string, number> = {};
  const retryIntervalOverrides: Record<string, number> = {};
  const pause = Math.max(1, options.pauseMs ?? 1);
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') {
      const fn = state.Resource?.split(':function:')[1] ?? '';
      const handler = handlers[fn];
      if (!handler) throw new Error(`no local handler for function "${fn}" (state ${name})`);
      taskResourceLocalHandlers[name] = handler;
    }
    if (options.aslTiming) continue;
    if (state.Type === 'Wait') waitTimeOverrides[name] = pause;
    retryIntervalOverrides[name] = pause;
  }
  const machine = new StateMachine(definition as never, {
    validationOptions: { checkArn: true, checkPaths: true },
  });
  const executionArn = `arn:${partition}:states:${region}:${accountId}:execution:${machineName}:${options.executionName}`;
  const execution = machine.run(input as never, {
    overrides: {
      taskResourceLocalHandlers: taskResourceLocalHandlers as never,
      waitTimeOverrides,
      retryIntervalOverrides,
    },
    context: {
      Execution: {
        Id: executionArn,
        Name: options.executionName,
        Input: input as never,
        StartTime: new Date().toISOString(),
        RoleArn: `arn:${partition}:iam::${accountId}:role/${machineName}`,
      },
      StateMachine: { Id: stateMachineArn, Name: machineName },
    },
  });
  options.signal?.addEventListener('abort', () => execution.abort(), { once: true });
  const events: EventLog[] = [];
  const consume = (async () => {
    for await (const event of execution.eventLogs) {
      events.push(event);
      options.onEvent?.(event);
    }
  })();
  let result: LocalRunResult;
  try {
    const output = await execution.result;
    result = { status: 'SUCCEEDED', output, transitions: 0, events, executionArn };
  } catch (err) {
    const e = err as { name?: string; message?: string; cause?: unknown };
    const failed = events.find((ev) => ev.type === 'ExecutionFailed') as
      | { Error?: string; Cause?: string }
      | undefined;
    result = {
      status: options.signal?.aborted ? 'ABORTED' : 'FAILED',
      error: failed?.Error ?? e.name,
      cause: failed?.Cause ?? (typeof e.cause === 'string' ? e.cause : e.message),
      transitions: 0,
      events,
      executionArn,
    };
  }
  await consume;
  result.transitions = events.filter((e) => e.type === 'StateEntered').length;
  if (result.status === 'FAILED') {
    const failed = events.find((ev) => ev.type === 'ExecutionFailed') as
      | { Error?: string; Cause?: string }
      | undefined;
    result.error = failed?.Error ?? result.error;
    result.cause = failed?.Cause ?? result.cause;
  }
  return result;
}
