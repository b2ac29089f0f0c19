import type { Context } from 'aws-lambda';
import { allStates, type LocalHandler } from '../lib/operations/local/run-state-machine';
import { kebabCase } from '../lib/workflow/state-machine/builder';

type LambdaHandler = (event: never, context: Context) => Promise<unknown>;

/** A Lambda context good enough for Powertools, for handlers invoked in-process. */
export function lambdaContext(functionName: string): Context {
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: `local-${Math.random().toString(16).slice(2)}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Each function the state machine invokes (its key in serverless.yml), by its step's Task states. */
export function stepFunctions(definition: Record<string, unknown>): string[] {
  const names = Object.values(allStates(definition))
    .filter((s) => s.Type === 'Task')
    .map((s) => s.Resource?.split(':function:')[1] ?? '');
  return [...new Set(names)];
}

/**
 * The real handlers, loaded on first use: like on Lambda, they read their configuration from the
 * environment when their module loads, so callers set the environment first.
 */
export function loadStateMachineHandlers(definition: Record<string, unknown>): Record<string, LambdaHandler> {
  const handlers: Record<string, LambdaHandler> = {};
  for (const fn of stepFunctions(definition)) handlers[fn] = loadHandler(kebabCase(fn));
  return handlers;
}

/** One function's handler by its folder under functions/, loaded on first use. */
export function loadHandler(folder: string): LambdaHandler {
  // A lazy require keeps that load-time behaviour; a static import would read the environment too early.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`../functions/${folder}/handler`) as { handler: LambdaHandler }).handler;
}

export type Interceptor = (fn: string, event: unknown, invoke: () => Promise<unknown>) => Promise<unknown>;

/** Wraps each handler as a local Task resource: a fresh copy of the input, a Lambda context, an optional hook. */
export function asLocalHandlers(
  handlers: Record<string, LambdaHandler>,
  intercept?: Interceptor,
): Record<string, LocalHandler> {
  const local: Record<string, LocalHandler> = {};
  for (const [fn, handler] of Object.entries(handlers)) {
    local[fn] = async (event) => {
      const invoke = () => handler(structuredClone(event) as never, lambdaContext(fn));
      return intercept ? intercept(fn, event, invoke) : invoke();
    };
  }
  return local;
}
