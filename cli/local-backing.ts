import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { CreateStateMachineCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { join } from 'node:path';
import { dynamoClient } from '../lib/aws/clients/dynamodb';
import { sfnClient } from '../lib/aws/clients/sfn';
import { loadDefinition } from '../lib/operations/local/run-state-machine';
import type { ExecutionResult } from '../lib/workflow/result-document';
import { findStateMachineByName, type CommandEnv, type ExecutionReport } from './context';
import { runStartedExecutions } from './executor';
import { useDeployment } from '../functions/_shared/compose';
import { PRODUCT_TAG, type OrchestratorConfig } from '../lib/domain/config';
import { LocalLeases } from './local-lease';
import { asLocalHandlers, loadStateMachineHandlers } from './local-handlers';
import { progressLine, resultTable } from './render';
import type { Terminal } from './terminal';

/** The ASL the local runs execute: the checked-in file, as deployed. */
export const ASL_PATH = join(__dirname, '../statemachine/provision.asl.json');

/**
 * `--local` against an emulator (moto): the lock table and a state machine record must exist there for
 * the real trigger path to work; created when missing. The executions themselves run in this process.
 */
export async function ensureLocalBacking(env: CommandEnv): Promise<string> {
  const stateMachineArn = await ensureLocalResources(env);
  // The functions run in this process for this deployment: given as a value (functions/_shared/compose.ts).
  useDeployment({
    stackName: env.stackName,
    lockTable: env.lockTable,
    stateMachineArn,
    config: withoutProbeLocally(env),
  });
  return stateMachineArn;
}

/** The lock table and the state machine record in the emulator, made when missing. */
async function ensureLocalResources(env: CommandEnv): Promise<string> {
  try {
    await dynamoClient.send(new DescribeTableCommand({ TableName: env.lockTable }));
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
    await dynamoClient.send(
      new CreateTableCommand({
        TableName: env.lockTable,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'vpcId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'vpcId', KeyType: 'HASH' }],
      }),
    );
  }
  const existing =
    env.stateMachineArn ?? (await findStateMachineByName(sfnClient, `${env.stackName}-provision`));
  if (existing) return existing;
  const created = await sfnClient.send(
    new CreateStateMachineCommand({
      name: `${env.stackName}-provision`,
      roleArn: `arn:aws:iam::123456789012:role/${env.stackName}-local`,
      definition: JSON.stringify(loadDefinition(ASL_PATH, env.region)),
      // Tagged as a deployed one is, so later commands find this stack without --stack-name.
      tags: [{ key: PRODUCT_TAG.key, value: PRODUCT_TAG.value }],
    }),
  );
  return created.stateMachineArn ?? '';
}

/**
 * The live probe runs a Lambda function inside the VPC; an emulator cannot (moto runs no function in a
 * VPC), so local runs turn it off and say so.
 */
function withoutProbeLocally(env: CommandEnv): OrchestratorConfig {
  if (!env.config.probe.enabled) return env.config;
  env.io.err('live probe off for this local run: the emulator cannot run a Lambda function inside a VPC');
  return { ...env.config, probe: { ...env.config.probe, enabled: false } };
}

/**
 * Runs started executions in this process: only the named ones and their successors, when named — so two
 * local runs on different VPCs never run each other's executions.
 */
export async function runLocalExecutions(stateMachineArn: string, env: CommandEnv, only?: string[]) {
  const definition = loadDefinition(ASL_PATH, env.region);
  const handlers = asLocalHandlers(loadStateMachineHandlers(definition));
  const startedAt = new Map<string, number>();
  const results = await runStartedExecutions({
    sfn: sfnClient,
    stateMachineArn,
    definition,
    handlers,
    only,
    leases: new LocalLeases(dynamoClient, env.lockTable),
    signal: env.signal,
    onStart: (name) => env.io.err(`▶ ${name} (running the state machine in-process)`),
    onEvent: (event) => {
      const line = progressLine(event, startedAt, env.terminal, env.verbose);
      if (line) env.io.err(line);
    },
  });
  const reports = results.map(
    (r): ExecutionReport =>
      r.status !== 'SUCCEEDED'
        ? { name: r.name, status: r.status, error: r.error, cause: r.cause }
        : 'services' in (r.output as object)
          ? { name: r.name, status: r.status, result: r.output }
          : { name: r.name, status: r.status, coalesced: true },
  );
  if (!env.output.structured) for (const report of reports) env.io.out(reportText(report, env.terminal));
  for (const r of reports.filter((x) => x.status === 'ABORTED'))
    env.io.err(
      `interrupted: ${r.name} was stopped midway and holds the VPC no more; the next run (privatelink apply) takes it over and finishes the work.`,
    );
  return reports;
}

/**
 * An emulator execution RUNNING that no local executor runs (its lease lapsed: the run was killed hard)
 * holds its VPC for ever, as the emulator runs nothing: stopped here, so the next request takes the VPC
 * over. True when it was stopped; false when a live local run executes it (it will run the successor).
 */
export async function stopUnrunExecution(executionArn: string, env: CommandEnv): Promise<boolean> {
  if (await new LocalLeases(dynamoClient, env.lockTable).isHeld(executionArn)) return false;
  await sfnClient.send(
    new StopExecutionCommand({
      executionArn,
      error: 'LocalRunLost',
      cause:
        'RUNNING in the emulator with no local run executing it (killed hard); stopped by a later local run',
    }),
  );
  env.io.err(
    `${executionArn.split(':').pop()} is RUNNING but no local run executes it (its lease lapsed: killed?): stopped it, taking the VPC over`,
  );
  return true;
}

/** An execution's outcome for people: the result table, or what happened instead. */
export function reportText(report: ExecutionReport, terminal: Terminal): string {
  if (report.result) return resultTable(report.result as ExecutionResult, terminal);
  if (report.coalesced) return `${report.name}: coalesced into the running execution`;
  return `${report.name} ${report.status}: ${report.error ?? 'no error given'}: ${report.cause ?? 'no cause given'}`;
}
