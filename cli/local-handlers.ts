import type { Context } from 'aws-lambda';
import type { LocalHandler } from '../lib/operations/local/run-state-machine';

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

/** Each state machine function (name as in serverless.yml) and its handler module. */
const MODULES: Record<string, string> = {
  acquireLock: 'acquire-lock',
  releaseLock: 'release-lock',
  plan: 'plan',
  configureSecurityGroup: 'configure-security-group',
  deleteEndpoints: 'delete-endpoints',
  createEndpoint: 'create-endpoint',
  waitForEndpoints: 'wait-for-endpoints',
  updateRoutes: 'update-routes',
  cleanupSecurityGroup: 'cleanup-security-group',
  checkConnectivity: 'check-connectivity',
  prepareProbe: 'prepare-probe',
  probeStatus: 'probe-status',
  runProbe: 'run-probe',
  removeProbe: 'remove-probe',
  compensate: 'compensate',
  report: 'report',
  reportFailure: 'report-failure',
};

/**
 * The real handlers, loaded on first use: like on Lambda, they read their configuration from the
 * environment when their module loads, so callers set the environment first.
 */
export function loadStateMachineHandlers(): Record<string, LambdaHandler> {
  const handlers: Record<string, LambdaHandler> = {};
  for (const [fn, folder] of Object.entries(MODULES)) handlers[fn] = loadHandler(folder);
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
