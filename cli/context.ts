import { ListStateMachinesCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFromEnv, hasMembers, parseConfig, type OrchestratorConfig } from '../lib/domain/config';
import type { Output } from './output';
import { UsageError, type Io } from './io';

export { UsageError, type Io };
import type { Terminal } from './terminal';

export interface GlobalOptions {
  region?: string;
  profile?: string;
  account?: string;
  roleArn?: string;
  endpointUrl?: string;
  stackName?: string;
  config?: string;
  lockTable?: string;
  stateMachineArn?: string;
  json?: boolean;
  output?: string;
  query?: string;
  /** false with --no-color */
  color?: boolean;
  debug?: boolean;
  verbose?: boolean;
}

/**
 * Exit codes scripts can rely on, as terraform's (README, "CLI"): 0 nothing to do or done, 1 any error
 * (bad input included), 2 changes pending (`plan --detailed-exitcode` only), 3 checks fail or drift remains.
 */
export const EXIT = { ok: 0, failed: 1, changes: 2, attention: 3 } as const;

/** Where the CLI acts, before the stack is known: region, account target and configuration. */
export interface Connection {
  region: string;
  target?: AccountTarget;
  /** The lock table given (--lock-table, LOCK_TABLE_NAME); else the stack's. */
  lockTable?: string;
}

/** The deployment a command acts for, once the stack is known. */
export interface Deployment extends Connection {
  stackName: string;
  lockTable: string;
  config: OrchestratorConfig;
}

/** The stack name serverless deploy makes by default (stage dev), used when nothing names or finds one. */
export const DEFAULT_STACK_NAME = 'privatelink-orchestrator-dev';

/**
 * The functions read their settings from the environment (as on Lambda); the CLI sets the same
 * variables from its options before loading them.
 */
export function applyEnvironment(opts: GlobalOptions): Deployment {
  return applyStack(applyConnection(opts), opts.stackName ?? process.env.STACK_NAME ?? DEFAULT_STACK_NAME);
}

/**
 * Checks every option, then sets what reaching AWS needs (region, endpoint, profile, the config the
 * functions read): a bad option changes nothing. The stack comes after (applyStack), as finding it
 * may need AWS.
 */
export function applyConnection(opts: GlobalOptions): Connection {
  const region = checkedRegion(
    opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
  );
  if (opts.endpointUrl) checkedUrl(opts.endpointUrl);
  if (opts.stackName !== undefined) checkedStackName(opts.stackName);
  const config = opts.config || !process.env.PRIVATELINK_CONFIG ? readConfigFile(opts.config) : undefined;
  const target = accountTarget(opts, config ?? process.env.PRIVATELINK_CONFIG);
  if (opts.profile !== undefined && !/^[\w.+@-]{1,128}$/.test(opts.profile))
    throw new UsageError(
      `--profile "${opts.profile}" is not a profile name; accepted: a name from ~/.aws/config`,
    );
  if (opts.profile !== undefined) process.env.AWS_PROFILE = opts.profile;
  process.env.AWS_REGION = region;
  if (opts.endpointUrl) process.env.AWS_ENDPOINT_URL = opts.endpointUrl;
  if (process.env.AWS_ENDPOINT_URL && !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE) {
    // An emulator takes any credentials; the SDK still insists on having some.
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
  }
  if (config !== undefined) process.env.PRIVATELINK_CONFIG = config;
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const lockTable = opts.lockTable ?? process.env.LOCK_TABLE_NAME;
  return { region, ...(target ? { target } : {}), ...(lockTable ? { lockTable } : {}) };
}

/** Sets the stack the functions act for (its ownership tag, its lock table) and reads the config as they will. */
export function applyStack(connection: Connection, stackName: string): Deployment {
  const lockTable = connection.lockTable ?? `${stackName}-locks`;
  process.env.STACK_NAME = stackName;
  process.env.LOCK_TABLE_NAME = lockTable;
  // Read once, as the functions will read it: the commands take it as a value from here on.
  return { ...connection, stackName, lockTable, config: configFromEnv() };
}

/** Where a command reads and changes VPCs when it is not the caller's own account (README, "Hub and spokes"). */
export interface AccountTarget {
  accountId: string;
  roleArn: string;
  externalId?: string;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

/**
 * --role-arn (its account is the target), or --account (the hub's spoke role there, with the hub's external
 * id, from the config's "hub"); both must agree. Checked before anything is read.
 */
function accountTarget(opts: GlobalOptions, configJson: string | undefined): AccountTarget | undefined {
  if (opts.account !== undefined && !/^\d{12}$/.test(opts.account))
    throw new UsageError(
      `--account "${opts.account}" is not an account id; accepted: 12 digits such as 111122223333`,
    );
  if (opts.roleArn !== undefined) {
    const match = ROLE_ARN.exec(opts.roleArn);
    if (!match)
      throw new UsageError(
        `--role-arn "${opts.roleArn}" is not an IAM role ARN; accepted: such as arn:aws:iam::111122223333:role/privatelink-spoke`,
      );
    const accountId = match[1] ?? '';
    if (opts.account !== undefined && opts.account !== accountId)
      throw new UsageError(
        `--account ${opts.account} and --role-arn (account ${accountId}) name different accounts`,
      );
    return { accountId, roleArn: opts.roleArn };
  }
  if (opts.account === undefined) return undefined;
  const hub = configJson
    ? (JSON.parse(configJson) as { hub?: { roleName?: string; externalId?: string } }).hub
    : undefined;
  return {
    accountId: opts.account,
    roleArn: `arn:aws:iam::${opts.account}:role/${hub?.roleName ?? 'privatelink-spoke'}`,
    externalId: hub?.externalId ?? 'privatelink-orchestrator',
  };
}

/** The deployed state machine: given, or STATE_MACHINE_ARN, or found by its name `<stack>-provision`. */
export async function findStateMachineArn(
  sfn: SFNClient,
  stackName: string,
  given?: string,
): Promise<string | undefined> {
  return given ?? process.env.STATE_MACHINE_ARN ?? findStateMachineByName(sfn, `${stackName}-provision`);
}

/** Looks a state machine up by name (ListStateMachines), so no account id is needed. */
export async function findStateMachineByName(sfn: SFNClient, name: string): Promise<string | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ nextToken }));
    const found = page.stateMachines?.find((m) => m.name === name);
    if (found?.stateMachineArn) return found.stateMachineArn;
    nextToken = page.nextToken;
  } while (nextToken);
  return undefined;
}

/** What every command gets: where it acts, how it prints. */
export interface CommandEnv {
  region: string;
  /** The configuration, read once at start-up (--config, PRIVATELINK_CONFIG). */
  config: OrchestratorConfig;
  /** --account / --role-arn: VPCs are read in that account, through that role; runs are asked for it. */
  target?: AccountTarget;
  stackName: string;
  lockTable: string;
  /** --output / --json / --query: how the command's document is printed. */
  output: Output;
  /** Width and colour of the person's terminal. */
  terminal: Terminal;
  /** --verbose: every state of a run in its progress, plumbing included. */
  verbose: boolean;
  io: Io;
  stateMachineArn?: string;
  /** Ctrl-C: long work stops cleanly and says what goes on without it. */
  signal?: AbortSignal;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** CloudFormation's rule for a stack name. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** The checks of --region, --endpoint-url and --stack-name; `label` names where the value came from. */
export function checkedRegion(region: string, label = '--region'): string {
  if (!REGION.test(region))
    throw new UsageError(
      `${label} "${region}" is not an AWS region name; accepted: such as us-east-1 or eu-west-1`,
    );
  return region;
}

export function checkedStackName(name: string, label = '--stack-name'): string {
  if (!STACK_NAME.test(name))
    throw new UsageError(
      `${label} "${name}" is not a stack name; accepted: a letter, then letters, digits and hyphens (up to 128), such as privatelink-orchestrator-prod`,
    );
  return name;
}

export function checkedUrl(url: string, label = '--endpoint-url'): string {
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    // not a URL at all: the message below
  }
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new UsageError(`${label} "${url}" is not an http(s) URL; accepted: such as http://127.0.0.1:5000`);
  return url;
}

/** The config the CLI reads when none is given: the package's own, not one in the current directory. */
export const PACKAGED_CONFIG = join(__dirname, '../config/privatelink.json');

/** The config file's text, checked as the functions will check it, errors naming the file. */
function readConfigFile(path: string | undefined): string {
  const file = path ?? PACKAGED_CONFIG;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the config file ${file}: ${(err as Error).message}`);
  }
  try {
    parseConfig(text, 'cli', `config file ${file}`);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return text;
}

/** A command over a hub's members refuses a config without any, naming what to add. */
export function assertHub(config: OrchestratorConfig, command: string): void {
  if (!hasMembers(config))
    throw new UsageError(
      `${command} needs "hub" with "accounts" or "organizationalUnits" in the config (README, "Hub and spokes")`,
    );
}

/** `apply`'s own options. */
export interface ApplyOptions {
  local?: boolean;
  wait?: boolean;
  timeout?: number;
  plan?: string;
  yes?: boolean;
  autoApprove?: boolean;
}

/** `apply` needs no question: --yes, --auto-approve, or a reviewed saved plan. */
export const approvedAhead = (opts: ApplyOptions) => Boolean(opts.yes || opts.autoApprove || opts.plan);

/**
 * A script that did not say --yes is refused before anything is read, the stack not even looked for:
 * nobody is there to answer apply's question.
 */
export function assertApprovable(opts: ApplyOptions, io: Io): void {
  if (!approvedAhead(opts) && !(io.isTTY && io.ask))
    throw new UsageError(
      'apply asks for yes on a terminal, and this is not one: pass --yes (or --auto-approve), or --plan with a reviewed plan; nothing was started',
    );
}

/** One execution as the CLI reports it (`--json`: an item of `executions`). */
export interface ExecutionReport {
  name: string;
  status: string;
  /** The result document; absent when the execution coalesced into a running one or failed. */
  result?: unknown;
  coalesced?: boolean;
  error?: string;
  cause?: string;
}

/**
 * The exit code of executions a command ran or followed: 1 when one did not succeed, 3 when all did but a
 * check of a VPC fails or an endpoint awaits acceptance (attention needed, not success), else 0.
 */
export function exitForExecutions(executions: ExecutionReport[]): number {
  if (executions.some((e) => e.status !== 'SUCCEEDED')) return EXIT.failed;
  // Checks failing, or an endpoint awaiting its service's owner: attention, not success.
  const failingChecks = executions.some((e) =>
    ['checks-failed', 'awaiting-acceptance'].includes(
      (e.result as { status?: string } | undefined)?.status ?? '',
    ),
  );
  return failingChecks ? EXIT.attention : EXIT.ok;
}

const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;

/** A VPC id as EC2 writes them, or a UsageError saying what is accepted. */
export function checkVpcId(vpcId: string): void {
  if (!VPC_ID.test(vpcId))
    throw new UsageError(
      `vpc-id "${vpcId}" is not a VPC id; accepted: vpc- and 8 or 17 hex digits, such as vpc-0123456789abcdef0`,
    );
}
