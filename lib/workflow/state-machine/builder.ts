import {
  RESULT_KEYS,
  type EndpointItemResults,
  type LiveProbeResult,
  type ResultKey,
  type StepResults,
} from '../execution-state';
import type { PacedTurn } from '../step-permit';

/** Where a step with its own permit loop is told it was throttled (`$.routes.throttled`). */
type ThrottledKey = {
  [K in ResultKey]: StepResults[K] extends PacedTurn ? `${K}.throttled` : never;
}[ResultKey];

/**
 * A result key of the execution state, of the live probe's branch (which the Parallel returns), or of an
 * ApplyEndpoints Map item.
 */
export type ResultTarget = ResultKey | ThrottledKey | keyof LiveProbeResult | keyof EndpointItemResults;

/**
 * A small builder for Amazon States Language (docs/architecture.md, "The state machine"): the provision
 * state machine is written once, in TypeScript, and emitted to statemachine/provision.asl.json.
 * Each Task names its step; the Lambda function is the step's name in camelCase (one name per step).
 */

export type Json = Record<string, unknown>;
export type States = Record<string, Json>;

/** The execution's ARN, which every step gets for its logs and the execution tag. */
export const EXECUTION_ID = '$$.Execution.Id';

/**
 * Lambda's service and runtime failures: the invocation may not have run, or ran out of time or memory
 * (Sandbox.Timedout, Lambda.Unknown). Every step is idempotent, so running it again is safe.
 * https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
 */
const LAMBDA_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.Unknown',
  'Sandbox.Timedout',
];

/**
 * The retry policy every Task shares: Lambda's own transient failures, then AWS throttling and transient
 * errors as our steps name them (lib/aws/errors.ts), with full jitter so parallel executions spread out.
 */
export const SHARED_RETRY: Json[] = [
  {
    ErrorEquals: LAMBDA_ERRORS,
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
    MaxDelaySeconds: 30,
    JitterStrategy: 'FULL',
  },
  {
    ErrorEquals: ['ThrottlingError', 'AwsTransientError', 'NetworkError'],
    IntervalSeconds: 5,
    MaxAttempts: 8,
    BackoffRate: 2,
    MaxDelaySeconds: 120,
    JitterStrategy: 'FULL',
  },
];

/** The shared policy without ThrottlingError: for a step whose throttling goes back to the pace queue. */
const RETRY_BUT_THROTTLING: Json[] = SHARED_RETRY.map((r) => ({
  ...r,
  ErrorEquals: (r.ErrorEquals as string[]).filter((e) => e !== 'ThrottlingError'),
}));

/** A further retrier for one Task, after the shared ones. */
export const retryOn = (
  error: string,
  r: { interval: number; attempts: number; backoff: number; maxDelay?: number },
): Json => ({
  ErrorEquals: [error],
  IntervalSeconds: r.interval,
  MaxAttempts: r.attempts,
  BackoffRate: r.backoff,
  ...(r.maxDelay ? { MaxDelaySeconds: r.maxDelay } : {}),
  JitterStrategy: 'FULL',
});

/** `$.<key>`: where a state writes its result, a key the execution state has (execution-state.ts). */
export const resultAt = (key: ResultTarget): string => `$.${key}`;

/** A catcher: the errors (all by default) go to `next`, the error written at `$.<resultKey>`. */
export const catchTo = (next: string, resultKey: ResultTarget, errors = ['States.ALL']): Json => ({
  ErrorEquals: errors,
  ResultPath: `$.${resultKey}`,
  Next: next,
});

/** `{ vpcId: '$.vpcId' }` → `{ 'vpcId.$': '$.vpcId' }`: values starting with `$` are paths, others constants. */
export function parameters(params: Record<string, string>): Json {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) =>
      value.startsWith('$') ? [`${key}.$`, value] : [key, value],
    ),
  );
}

export const camelCase = (stateName: string) => stateName.charAt(0).toLowerCase() + stateName.slice(1);
export const kebabCase = (name: string) =>
  name.replace(/[A-Z]/g, (c, i: number) => `${i ? '-' : ''}${c.toLowerCase()}`);

export interface TaskOptions {
  /** The step this Task runs, when the state is a second use of it (ReleaseLockAfterFailure). */
  step?: string;
  comment?: string;
  /** The step's event; without it the step gets the state's input as it is (a Map item). */
  params?: Record<string, string>;
  /** Where the result goes; null replaces the state with it (the first state only). */
  resultPath?: ResultTarget | null;
  next?: string;
  retry?: Json[];
  catch?: Json[];
  /** `requeue`: throttling is not retried in place but caught (the caller queues for a new permit). */
  throttling?: 'retry' | 'requeue';
}

/** A Task that invokes one step's Lambda function, with the shared retry policy and then its own. */
export function task(name: string, o: TaskOptions): [string, Json] {
  return [
    name,
    {
      Type: 'Task',
      ...(o.comment ? { Comment: o.comment } : {}),
      Resource: { 'Fn::GetAtt': [camelCase(o.step ?? name), 'Arn'] },
      ...(o.params ? { Parameters: parameters(o.params) } : {}),
      ...(o.resultPath ? { ResultPath: `$.${o.resultPath}` } : {}),
      Retry: [...(o.throttling === 'requeue' ? RETRY_BUT_THROTTLING : SHARED_RETRY), ...(o.retry ?? [])],
      ...(o.catch ? { Catch: o.catch } : {}),
      ...(o.next ? { Next: o.next } : { End: true }),
    },
  ];
}

export const choice = (
  name: string,
  o: { comment?: string; choices: Json[]; default: string },
): [string, Json] => [
  name,
  { Type: 'Choice', ...(o.comment ? { Comment: o.comment } : {}), Choices: o.choices, Default: o.default },
];

/** A Wait of fixed seconds, or of the seconds at a path of the state (`$.permit.waitSeconds`). */
export const wait = (name: string, seconds: number | string, next?: string): [string, Json] => [
  name,
  {
    Type: 'Wait',
    ...(typeof seconds === 'number' ? { Seconds: seconds } : { SecondsPath: seconds }),
    ...(next ? { Next: next } : { End: true }),
  },
];

/** A Pass that writes a loop's first result (`$.<key>`) before the loop's first turn reads it back. */
export const start = (name: string, resultKey: ResultTarget, result: Json, next: string): [string, Json] => [
  name,
  { Type: 'Pass', Result: result, ResultPath: resultAt(resultKey), Next: next },
];

/** The states of one flow, in reading order. */
export const flow = (...states: [string, Json][]): States => Object.fromEntries(states);

/** A definition that names a state that is not there, or writes a result the execution state has no key for. */
export class StateMachineDefinitionError extends Error {
  override name = 'StateMachineDefinitionError';
}

interface Scope {
  StartAt?: string;
  States: Record<string, Json>;
}

/** The states a state may go to: Next, Default, each Choice's Next, each Catch's Next. */
const transitionsOf = (state: Json): string[] => [
  ...(typeof state.Next === 'string' ? [state.Next] : []),
  ...(typeof state.Default === 'string' ? [state.Default] : []),
  ...((state.Choices as Json[] | undefined) ?? []).map((c) => String(c.Next)),
  ...((state.Catch as Json[] | undefined) ?? []).map((c) => String(c.Next)),
];

/** Each state's problems in one scope (the top level, a Map's items, a Parallel's branch), then its inner scopes'. */
function problemsIn(scope: Scope, where: string, topLevel: boolean): string[] {
  const names = new Set(Object.keys(scope.States));
  const problems: string[] = [];
  if (scope.StartAt !== undefined && !names.has(scope.StartAt))
    problems.push(`${where}StartAt names "${scope.StartAt}", which is not a state there`);
  for (const [name, state] of Object.entries(scope.States)) {
    for (const next of transitionsOf(state))
      if (!names.has(next)) problems.push(`${where}${name} goes to "${next}", which is not a state there`);
    const paths = [state.ResultPath, ...((state.Catch as Json[] | undefined) ?? []).map((c) => c.ResultPath)];
    for (const path of paths.filter((p): p is string => typeof p === 'string'))
      if (topLevel && !knownResultPath(path))
        problems.push(`${where}${name} writes ${path}, which is no key of StepResults (execution-state.ts)`);
    const processor = state.ItemProcessor as Scope | undefined;
    if (processor) problems.push(...problemsIn(processor, `${where}${name} › `, false));
    for (const [i, branch] of ((state.Branches as Scope[] | undefined) ?? []).entries())
      problems.push(...problemsIn(branch, `${where}${name}[${i}] › `, false));
  }
  return problems;
}

/** `$.<key>` or `$.<key>.throttled` (a permit loop's), of a key StepResults has. */
function knownResultPath(path: string): boolean {
  const [root, key, rest, ...more] = path.split('.');
  return (
    root === '$' &&
    (RESULT_KEYS as readonly string[]).includes(key ?? '') &&
    (rest === undefined || (rest === 'throttled' && more.length === 0))
  );
}

/**
 * The definition as built, once every transition names a state of its scope and every top-level result
 * path a key of StepResults: a mistake fails `npm run asl`, the tests and the functions' load, naming it.
 */
export function checkedMachine(definition: Json & Scope): Json {
  const problems = problemsIn(definition, '', true);
  if (problems.length > 0)
    throw new StateMachineDefinitionError(`the state machine is not valid:\n  ${problems.join('\n  ')}`);
  return definition;
}
