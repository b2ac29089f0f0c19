import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, UsageError, type GlobalOptions, type Io } from './context';
import type { Output } from './output';
import type { Terminal } from './terminal';
import {
  checkedContext,
  CONTEXT_KEYS,
  DIRECTORY_CONTEXT,
  readSavedContexts,
  userContextFile,
  writeContext,
  type SavedContext,
} from './saved-context';
import type { Settings } from './settings';

const FLAGS: Record<(typeof CONTEXT_KEYS)[number], string> = {
  stackName: '--stack-name',
  region: '--region',
  endpointUrl: '--endpoint-url',
};

/** `context show`: what the commands here act on, and where each value comes from. */
export function showContext(settings: Settings, out: { output: Output; terminal: Terminal }): number {
  const rows = CONTEXT_KEYS.map((key) => ({
    setting: key,
    ...(settings[key] ?? { value: null, from: 'unset' }),
  }));
  out.output.print({ settings: rows }, () => {
    const table = out.terminal.table(['setting', 'value', 'from']);
    for (const r of rows)
      table.push([
        FLAGS[r.setting],
        r.value ?? '(unset)',
        'detail' in r && r.detail ? `${r.from}: ${r.detail}` : r.from,
      ]);
    return table.toString();
  });
  return EXIT.ok;
}

/** `context set`: the flags given, saved for this directory (or, with --user, for the user); others kept. */
export function setContext(
  opts: GlobalOptions,
  scope: { user?: boolean },
  io: Io,
  cwd = process.cwd(),
): number {
  const given = Object.fromEntries(
    CONTEXT_KEYS.filter((k) => opts[k] !== undefined).map((k) => [k, opts[k]]),
  ) as SavedContext;
  if (Object.keys(given).length === 0)
    throw new UsageError('context set saves --stack-name, --region or --endpoint-url: give at least one');
  const file = scope.user ? userContextFile() : join(cwd, DIRECTORY_CONTEXT);
  const saved = readSavedContexts(cwd);
  const current = scope.user
    ? saved.user?.context
    : saved.directory?.file === file
      ? saved.directory.context
      : undefined;
  const next = checkedContext({ ...current, ...given }, 'the context');
  writeContext(file, next);
  io.err(
    `saved to ${file}: ${Object.entries(next)
      .map(([k, v]) => `${FLAGS[k as keyof SavedContext]} ${v}`)
      .join(', ')}`,
  );
  return EXIT.ok;
}

/** `context clear`: removes this directory's (or the user's) context file. */
export function clearContext(scope: { user?: boolean }, io: Io, cwd = process.cwd()): number {
  const file = scope.user ? userContextFile() : join(cwd, DIRECTORY_CONTEXT);
  if (!existsSync(file)) {
    io.err(`no context file at ${file}: nothing to clear`);
    return EXIT.ok;
  }
  rmSync(file);
  io.err(`removed ${file}`);
  return EXIT.ok;
}
