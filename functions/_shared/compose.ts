import { dynamoClient } from '../../lib/aws/clients/dynamodb';
import { eventBridgeClient } from '../../lib/aws/clients/eventbridge';
import { sfnClient } from '../../lib/aws/clients/sfn';
import { DynamoPaceStore } from '../../lib/aws/dynamo-pace';
import { DynamoRunLockStore } from '../../lib/aws/dynamo-run-lock';
import { EventBridgeSink } from '../../lib/aws/event-sink';
import { SfnExecutions } from '../../lib/aws/sfn-executions';
import { configFromEnv, type OrchestratorConfig } from '../../lib/domain/config';
import type { EventSink } from '../../lib/domain/events';
import type { RunDeps } from '../../lib/domain/run-lock';
import type { ReservePermitDeps } from '../../lib/workflow/reserve-permit-step';

/**
 * The composition root (docs/architecture.md, "Layers"): what a deployment gives the product, and the
 * parts built from it that the functions, the CLI's local runs, the demo and the tests share. On Lambda the
 * deployment is the stack's environment, read once per container; a local runner gives it as a value
 * (useDeployment) instead of writing the process's environment.
 */
export interface Deployment {
  stackName: string;
  lockTable: string;
  stateMachineArn: string;
  config: OrchestratorConfig;
  /** The bus events go to (default: the account's default bus). */
  eventBus?: string;
  /** A hub's Organization check: its bucket (manifests, results) and its state machine. */
  orgCheck?: { bucket?: string; stateMachineArn?: string };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: it comes from serverless.yml`);
  return value;
}

/** The deployment as Lambda gives it: serverless.yml's environment and the config compiled in. */
const fromEnvironment = (): Deployment => ({
  stackName: required('STACK_NAME'),
  lockTable: required('LOCK_TABLE_NAME'),
  stateMachineArn: required('STATE_MACHINE_ARN'),
  config: configFromEnv(),
  ...(process.env.EVENT_BUS_NAME ? { eventBus: process.env.EVENT_BUS_NAME } : {}),
  ...(process.env.ORG_CHECK_BUCKET || process.env.ORG_CHECK_STATE_MACHINE_ARN
    ? {
        orgCheck: {
          ...(process.env.ORG_CHECK_BUCKET ? { bucket: process.env.ORG_CHECK_BUCKET } : {}),
          ...(process.env.ORG_CHECK_STATE_MACHINE_ARN
            ? { stateMachineArn: process.env.ORG_CHECK_STATE_MACHINE_ARN }
            : {}),
        },
      }
    : {}),
});

/** The Organization check's bucket, or a cold-start error naming what is missing (a hub's stack sets it). */
export function orgCheckBucket(): string {
  const bucket = deployment().orgCheck?.bucket;
  if (!bucket) throw new Error('ORG_CHECK_BUCKET is not set: it comes from serverless.yml');
  return bucket;
}

let given: Deployment | undefined;
let fromEnv: Deployment | undefined;

/** A local runner's deployment (the CLI's --local, the demo): every later invocation uses it. */
export function useDeployment(deployment: Deployment): void {
  given = deployment;
}

/** The deployment this invocation works for. */
export const deployment = (): Deployment => given ?? (fromEnv ??= fromEnvironment());

/** The one-writer machinery (lock table, state machine) and the account-wide pace of a deployment. */
export type RunMachinery = RunDeps & ReservePermitDeps & { executions: SfnExecutions };

const machineries = new Map<string, RunMachinery>();

/** The run machinery of a lock table and state machine, built once per container for each. */
export function runMachinery(
  where: Pick<Deployment, 'lockTable' | 'stateMachineArn'> = deployment(),
): RunMachinery {
  const key = `${where.lockTable}|${where.stateMachineArn}`;
  let machinery = machineries.get(key);
  if (!machinery) {
    machinery = {
      locks: new DynamoRunLockStore(dynamoClient, where.lockTable),
      executions: new SfnExecutions(sfnClient, where.stateMachineArn),
      pace: new DynamoPaceStore(dynamoClient, where.lockTable),
      now: () => Date.now(),
    };
    machineries.set(key, machinery);
  }
  return machinery;
}

/** Where the product's events go: EventBridge, on the deployment's bus. */
export const eventSink = (): EventSink =>
  new EventBridgeSink(eventBridgeClient, deployment().eventBus ?? 'default');
