import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const VENV_BIN = join(__dirname, '../../.venv/bin');

/** Runs a tool from the project's Python venv (installed by scripts/python-tools.sh) and returns its output. */
export function runVenvTool(
  tool: string,
  args: string[],
): { status: number; stdout: string; stderr: string } {
  const bin = join(VENV_BIN, tool);
  if (!existsSync(bin))
    throw new Error(`${tool} is not installed in .venv: run scripts/python-tools.sh (npm run setup:python)`);
  const out = spawnSync(bin, args, { encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
  if (out.error) throw out.error;
  return { status: out.status ?? -1, stdout: out.stdout, stderr: out.stderr };
}
