import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  applyConnection,
  applyStack,
  DEFAULT_STACK_NAME,
  PACKAGED_CONFIG,
  UsageError,
  type Deployment,
  type GlobalOptions,
  type Io,
} from './context';
import { CONTEXT_KEYS, readSavedContexts, type SavedContexts } from './saved-context';

/** Where a setting's value came from, as `context show` says it. */
export type Source = 'flag' | 'environment' | 'directory context' | 'user context' | 'found' | 'default';

export interface Setting {
  value: string;
  from: Source;
  /** The context file, or what finding it saw. */
  detail?: string;
}

export type Settings = Record<(typeof CONTEXT_KEYS)[number], Setting | undefined>;

/** The environment variables that give each setting (as the AWS CLI and the functions read them). */
const ENVIRONMENT: Record<(typeof CONTEXT_KEYS)[number], string[]> = {
  stackName: ['STACK_NAME'],
  region: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
  endpointUrl: ['AWS_ENDPOINT_URL'],
};

/**
 * Each setting from the first place that gives it: a flag, an environment variable, the directory's
 * saved context, the user's (README, "CLI": flags and environment variables win).
 */
export function settingsFrom(opts: GlobalOptions, saved: SavedContexts): Settings {
  const pick = (key: (typeof CONTEXT_KEYS)[number]): Setting | undefined => {
    const flag = opts[key];
    if (flag !== undefined) return { value: flag, from: 'flag' };
    const variable = ENVIRONMENT[key].find((name) => process.env[name]);
    if (variable) return { value: process.env[variable] ?? '', from: 'environment', detail: variable };
    const fromFile = (which: 'directory' | 'user', from: Source) => {
      const value = saved[which]?.context[key];
      return value !== undefined ? { value, from, detail: saved[which]?.file } : undefined;
    };
    return fromFile('directory', 'directory context') ?? fromFile('user', 'user context');
  };
  return { stackName: pick('stackName'), region: pick('region'), endpointUrl: pick('endpointUrl') };
}

/**
 * The deployment a command acts for. A stack nothing names is found: the one stack of this product in
 * the account and region is used and named on stderr; several are refused, listed; none: the default
 * name, said so.
 */
export async function resolveDeployment(
  opts: GlobalOptions,
  io: Io,
  find: (() => Promise<string[]>) | undefined,
  cwd = process.cwd(),
): Promise<{ deployment: Deployment; settings: Settings }> {
  const settings = settingsFrom(opts, readSavedContexts(cwd));
  noticeUnreadConfig(opts, io, cwd);
  const connection = applyConnection({
    ...opts,
    ...(settings.region && { region: settings.region.value }),
    ...(settings.endpointUrl && { endpointUrl: settings.endpointUrl.value }),
    ...(settings.stackName && { stackName: settings.stackName.value }),
  });
  // A command that acts for no stack (`find` undefined) never looks for one.
  const stack =
    settings.stackName ??
    (find
      ? await foundStack(find, connection.region, io)
      : { value: DEFAULT_STACK_NAME, from: 'default' as const });
  return { deployment: applyStack(connection, stack.value), settings: { ...settings, stackName: stack } };
}

async function foundStack(find: () => Promise<string[]>, region: string, io: Io): Promise<Setting> {
  const stacks = await find();
  if (stacks.length > 1)
    throw new UsageError(
      `${stacks.length} stacks of privatelink-orchestrator are deployed in ${region}: ${stacks.join(', ')}; say which with --stack-name, STACK_NAME or privatelink context set --stack-name`,
    );
  const [only] = stacks;
  if (only) {
    io.err(`stack: ${only} (the one deployed in ${region})`);
    return { value: only, from: 'found', detail: `the one deployed in ${region}` };
  }
  io.err(`stack: ${DEFAULT_STACK_NAME} (none deployed in ${region} was found; --stack-name names another)`);
  return { value: DEFAULT_STACK_NAME, from: 'default', detail: `none deployed in ${region}` };
}

/** A `config/privatelink.json` here that is not the one read is said so: a typo in it would go unnoticed. */
function noticeUnreadConfig(opts: GlobalOptions, io: Io, cwd: string): void {
  // A config given (--config, PRIVATELINK_CONFIG) was chosen: nothing to say.
  if (opts.config || process.env.PRIVATELINK_CONFIG) return;
  const here = resolve(cwd, 'config/privatelink.json');
  const packaged = resolve(PACKAGED_CONFIG);
  if (here !== packaged && existsSync(here))
    io.err(
      `note: ${here} is not read; the config is this package's own (${packaged}). To use it: --config config/privatelink.json`,
    );
}
