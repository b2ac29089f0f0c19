import Table from 'cli-table3';
import { createColors } from 'picocolors';
import type { Colors } from 'picocolors/types';
import { stripVTControlCharacters } from 'node:util';

/**
 * What the person's terminal takes: its width (tables fit it) and whether it shows colour (README, "CLI":
 * colour on a terminal only, never with --no-color or NO_COLOR, https://no-color.org).
 */
export interface Terminal {
  /** Characters a line may take; undefined: no limit (a pipe or a file keeps whole lines for grep). */
  columns?: number;
  colors: Colors;
  /** A table that fits `columns`: cells wrap between words; narrower still, one block per row; ids are never cut. */
  table(head: string[]): FittedTable;
}

export function terminalFor(opts: { isTTY: boolean; columns?: number; noColor: boolean }): Terminal {
  const colour = opts.isTTY && !opts.noColor && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  const colors = createColors(colour);
  const columns = opts.columns ?? widthFromEnv();
  return {
    columns,
    colors,
    // Heads stay plain: a colour code in a cell that wraps would be split across lines.
    table: (head) => new FittedTable(head, columns),
  };
}

/** COLUMNS, when a shell exports it to a pipe: a whole number ≥ 20. */
function widthFromEnv(): number | undefined {
  const columns = Number(process.env.COLUMNS);
  return Number.isInteger(columns) && columns >= 20 ? columns : undefined;
}

const MIN_COLUMN = 6;
/** A cell's frame: one space of padding each side and one border. */
const FRAME = 3;

/** cli-table3 with widths chosen at the end, from every row, to fit the terminal. */
export class FittedTable {
  private readonly rows: string[][] = [];

  constructor(
    private readonly head: string[],
    private readonly columns?: number,
  ) {}

  push(row: string[]): void {
    this.rows.push(row);
  }

  get length(): number {
    return this.rows.length;
  }

  toString(): string {
    if (this.columns === undefined) return this.render(this.head, this.rows);
    const natural = this.head.map((_, i) => Math.max(...this.cells().map((r) => longestLine(r[i] ?? ''))));
    const budget = this.columns - 1 - FRAME * this.head.length;
    if (sum(natural) <= budget) return this.render(this.head, this.rows);
    const longestWord = this.head.map((_, i) =>
      Math.max(MIN_COLUMN, ...this.cells().map((r) => longestToken(r[i] ?? ''))),
    );
    if (sum(longestWord) <= budget)
      return this.render(this.head, this.rows, shrink(natural, longestWord, budget));
    return this.records();
  }

  private cells(): string[][] {
    return [this.head, ...this.rows];
  }

  private render(head: string[], rows: string[][], contentWidths?: number[]): string {
    const table = new Table({
      head,
      style: { head: [], border: [] },
      ...(contentWidths ? { colWidths: contentWidths.map((w) => w + 2), wordWrap: true } : {}),
    });
    for (const row of rows) table.push(row);
    return table.toString();
  }

  /**
   * Too narrow for the columns side by side, even one word per line: each row as its own two-column
   * block, field and value (as psql's expanded display), so no id is ever cut.
   */
  private records(): string {
    const keyWidth = Math.max(...this.head.map(width));
    const valueWidth = Math.max(MIN_COLUMN, (this.columns ?? 0) - 1 - FRAME * 2 - keyWidth);
    return this.rows
      .map((row) => {
        const table = new Table({
          style: { head: [], border: [] },
          colWidths: [keyWidth + 2, valueWidth + 2],
          wordWrap: true,
        });
        this.head.forEach((field, i) => table.push([field, row[i] ?? '']));
        return table.toString();
      })
      .join('\n');
  }
}

/** Takes one character at a time from the widest column that is still above its floor. */
function shrink(widths: number[], floor: number[], budget: number): number[] {
  const out = [...widths];
  while (sum(out) > budget) {
    let widest = -1;
    out.forEach((w, i) => {
      if (w > (floor[i] ?? MIN_COLUMN) && (widest < 0 || w > (out[widest] ?? 0))) widest = i;
    });
    if (widest < 0) break;
    out[widest] = (out[widest] ?? 0) - 1;
  }
  return out;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** Width on screen: colour codes take none; our cells hold no double-width characters. */
const width = (text: string) => stripVTControlCharacters(text).length;
const longestLine = (cell: string) => Math.max(0, ...cell.split('\n').map(width));
const longestToken = (cell: string) => Math.max(0, ...cell.split(/\s+/).map(width));
