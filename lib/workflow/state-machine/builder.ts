import type { EndpointItemResults, LiveProbeResult, ResultKey } from '../execution-state';

/**
 * A result key of the execution state, of the live probe's branch (which the Parallel returns), or of an
 * ApplyEndpoints Map item.
 */
export type ResultTarget = ResultKey | keyof LiveProbeResult | keyof EndpointItemResults;

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

/** The states of one flow, in reading order. */
export const flow = (...states: [string, Json][]): States => Object.fromEntries(states);
