import { STATE_MACHINE_ARN } from './sim-sfn';

/**
 * The environment the functions read at cold start, for running them in-process (tests, benchmarks) as
 * a stack named `stackName` would on Lambda. Values already set win.
 */
export function useFunctionEnvironment(stackName: string): void {
  const defaults: Record<string, string> = {
    STACK_NAME: stackName,
    LOCK_TABLE_NAME: `${stackName}-locks`,
    STATE_MACHINE_ARN,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    // Local runs are on Node 20 by design (the functions run on nodejs22.x): the SDK's notice is noise.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    ENDPOINT_WAIT_MAX_ATTEMPTS: '40',
  };
  for (const [key, value] of Object.entries(defaults)) process.env[key] ??= value;
}
