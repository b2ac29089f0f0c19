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

/**
 * Each function's handler module, required on first use: like on Lambda, a handler reads its configuration
 * from the environment when its module loads, so callers set the environment first. Literal requires, so
 * a bundler (the CLI's dist build) can follow them.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const HANDLERS: Record<string, () => { handler: LambdaHandler }> = {
  'acquire-lock': () => require('../functions/acquire-lock/handler'),
  plan: () => require('../functions/plan/handler'),
  'configure-security-group': () => require('../functions/configure-security-group/handler'),
  'delete-endpoints': () => require('../functions/delete-endpoints/handler'),
  'reserve-permit': () => require('../functions/reserve-permit/handler'),
  'apply-endpoint': () => require('../functions/apply-endpoint/handler'),
  'check-endpoints': () => require('../functions/check-endpoints/handler'),
  'update-routes': () => require('../functions/update-routes/handler'),
  'cleanup-security-group': () => require('../functions/cleanup-security-group/handler'),
  'link-central': () => require('../functions/link-central/handler'),
  'check-connectivity': () => require('../functions/check-connectivity/handler'),
  'prepare-probe': () => require('../functions/prepare-probe/handler'),
  'check-probe': () => require('../functions/check-probe/handler'),
  'run-probe': () => require('../functions/run-probe/handler'),
  'remove-probe': () => require('../functions/remove-probe/handler'),
  'plan-cut-over': () => require('../functions/plan-cut-over/handler'),
  'verify-cut-over': () => require('../functions/verify-cut-over/handler'),
  compensate: () => require('../functions/compensate/handler'),
  report: () => require('../functions/report/handler'),
  'report-failure': () => require('../functions/report-failure/handler'),
  'release-lock': () => require('../functions/release-lock/handler'),
  'on-vpc-event': () => require('../functions/on-vpc-event/handler'),
  'drift-check': () => require('../functions/drift-check/handler'),
  'list-org-targets': () => require('../functions/list-org-targets/handler'),
  'check-org-targets': () => require('../functions/check-org-targets/handler'),
  'summarize-org-check': () => require('../functions/summarize-org-check/handler'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** One function's handler by its folder under functions/, loaded on first use. */
export function loadHandler(folder: string): LambdaHandler {
  const load = HANDLERS[folder];
  if (!load) throw new Error(`no handler module for functions/${folder}`);
  return (event, context) => load().handler(event, context);
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
