import { readFileSync } from 'node:fs';
import { UsageError } from './context';

/** A JSON file the CLI was given (a saved plan, a tags file): unreadable or not JSON, a UsageError naming it. */
export function readJsonFile(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read the ${what} ${file}: ${(err as Error).message}`);
  }
}
