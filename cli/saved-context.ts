import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { inputProblems } from '../lib/domain/input-problems';
import { checkedRegion, checkedStackName, checkedUrl, UsageError } from './context';
import { readJsonFile } from './json-file';

/**
 * A saved context (README, "CLI"): the stack, region and endpoint a directory's (or the user's) commands
 * act on, so nobody repeats flags. Flags and environment variables win over it.
 */
export interface SavedContext {
  stackName?: string;
  region?: string;
  endpointUrl?: string;
}

export const CONTEXT_KEYS = ['stackName', 'region', 'endpointUrl'] as const;

/** Where each kind lives: `.privatelink/context.json` in a directory, or the user's config directory. */
export const DIRECTORY_CONTEXT = join('.privatelink', 'context.json');
export const userContextFile = (home = homedir()) =>
  join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'privatelink', 'context.json');

const SCHEMA = z.strictObject({
  stackName: z.string().optional(),
  region: z.string().optional(),
  endpointUrl: z.string().optional(),
});

/** The one check of a context, from a file or from `context set`: each value as its flag is checked. */
export function checkedContext(value: unknown, where: string): SavedContext {
  const parsed = SCHEMA.safeParse(value);
  if (!parsed.success)
    throw new UsageError(
      `${where} is not a privatelink context: ${inputProblems(parsed.error, 'the file').join('; ')}; accepted: an object of stackName, region and endpointUrl`,
    );
  const c = parsed.data;
  if (c.stackName !== undefined) checkedStackName(c.stackName, `stackName in ${where}`);
  if (c.region !== undefined) checkedRegion(c.region, `region in ${where}`);
  if (c.endpointUrl !== undefined) checkedUrl(c.endpointUrl, `endpointUrl in ${where}`);
  return c;
}

/** The context files that apply here: the nearest directory one (this directory or a parent), and the user's. */
export interface SavedContexts {
  directory?: { file: string; context: SavedContext };
  user?: { file: string; context: SavedContext };
}

export function readSavedContexts(cwd = process.cwd(), home = homedir()): SavedContexts {
  const directoryFile = nearest(cwd, DIRECTORY_CONTEXT);
  const userFile = userContextFile(home);
  return {
    ...(directoryFile ? { directory: { file: directoryFile, context: readContext(directoryFile) } } : {}),
    ...(existsSync(userFile) ? { user: { file: userFile, context: readContext(userFile) } } : {}),
  };
}

function readContext(file: string): SavedContext {
  return checkedContext(readJsonFile(file, 'context file'), `context file ${file}`);
}

function nearest(from: string, relative: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Writes a context whole (a temporary file renamed over it: never half a file). */
export function writeContext(file: string, context: SavedContext): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(context, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
