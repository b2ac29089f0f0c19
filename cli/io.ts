/** What every command writes to, and the error it refuses bad input with: the CLI's lowest layer. */

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** stdout and stdin are a terminal: colour, and apply may ask for yes. */
  isTTY?: boolean;
  /** The terminal's width in characters. */
  columns?: number;
  /** Asks the person at the terminal and returns their answer (a TTY only). */
  ask?: (question: string) => Promise<string>;
}

/** A usage problem: the message says what was wrong and what is accepted; exit code 1, nothing changed. */
export class UsageError extends Error {
  override name = 'UsageError';
}
