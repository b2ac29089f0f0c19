import { compile, TreeInterpreter } from '@jmespath-community/jmespath';
import { stringify as toYaml } from 'yaml';
import { UsageError, type Io } from './io';
import { terminalFor, type Terminal } from './terminal';

/** `--output` (README, "CLI"): json, yaml and text for scripts, table (the default) for people. */
export const OUTPUT_FORMATS = ['json', 'yaml', 'text', 'table'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** How a command's result reaches stdout. */
export interface Output {
  format: OutputFormat;
  /**
   * A document is printed (json, yaml, text, or a --query's result as a table), not the tables and lines
   * written for people: commands then keep stdout for that document alone.
   */
  structured: boolean;
  /** The command's document, in the chosen format after --query; `human` when no document was asked for. */
  print(document: unknown, human?: () => string): void;
}

type Query = (document: unknown) => unknown;

/** How a command presents what it found, from the global options: the one place they are read. */
export function presentationFor(
  opts: { output?: string; json?: boolean; query?: string; color?: boolean; verbose?: boolean },
  io: Io,
): { output: Output; terminal: Terminal; verbose: boolean } {
  const terminal = terminalFor({
    isTTY: Boolean(io.isTTY),
    columns: io.columns,
    noColor: opts.color === false,
  });
  return { output: outputFor(opts, io, terminal), terminal, verbose: Boolean(opts.verbose) };
}

/**
 * --output, its alias --json, and --query (a JMESPath expression, compiled before anything is read so a
 * bad one changes nothing). --query alone prints JSON, as the AWS CLI's default output does.
 */
export function outputFor(
  opts: { output?: string; json?: boolean; query?: string },
  io: Io,
  terminal: Terminal,
): Output {
  if (opts.json && opts.output && opts.output !== 'json')
    throw new UsageError(`--json is --output json: it cannot go with --output ${opts.output}`);
  const format: OutputFormat = opts.json
    ? 'json'
    : ((opts.output as OutputFormat) ?? (opts.query ? 'json' : 'table'));
  const query = opts.query === undefined ? undefined : compiled(opts.query);
  const structured = format !== 'table' || query !== undefined;
  return {
    format,
    structured,
    print(document, human) {
      if (!structured && human) return io.out(human());
      const value = query ? query(document) : document;
      io.out(render(value, format, terminal));
    },
  };
}

function compiled(expression: string): Query {
  try {
    const ast = compile(expression);
    return (document) => TreeInterpreter.search(ast, document as never);
  } catch (err) {
    throw new UsageError(
      `--query "${expression}" is not a JMESPath expression (${(err as Error).message}); accepted: such as endpoints[].service, see https://jmespath.org`,
    );
  }
}

function render(value: unknown, format: OutputFormat, terminal: Terminal): string {
  if (format === 'json') return JSON.stringify(value ?? null, null, 2);
  if (format === 'yaml') return toYaml(value ?? null).trimEnd();
  if (format === 'text') return textLines(value).join('\n');
  return genericTable(value, terminal);
}

const isScalar = (v: unknown) => v === null || v === undefined || typeof v !== 'object';
const scalarText = (v: unknown) => (v === null || v === undefined ? 'None' : String(v));

/**
 * The AWS CLI's text output, for `cut` and `awk`: an object's scalar fields on one tab-separated line (keys
 * in order), each nested list or object after it on lines starting with its key in capitals; a list of
 * scalars on one line.
 */
export function textLines(value: unknown, key?: string): string[] {
  const prefix = key ? [key.toUpperCase()] : [];
  if (isScalar(value)) return [[...prefix, scalarText(value)].join('\t')];
  if (Array.isArray(value)) {
    if (value.every(isScalar)) return [[...prefix, ...value.map(scalarText)].join('\t')];
    return value.flatMap((item) => textLines(item, key));
  }
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
  const scalars = entries.filter(([, v]) => isScalar(v)).map(([, v]) => scalarText(v));
  const nested = entries.filter(([, v]) => !isScalar(v)).flatMap(([k, v]) => textLines(v, k));
  return [...(scalars.length ? [[...prefix, ...scalars].join('\t')] : []), ...nested];
}

/** A query's result as a table: a list of objects by their keys, an object as key and value, else text. */
function genericTable(value: unknown, terminal: Terminal): string {
  const cell = (v: unknown) => (isScalar(v) ? scalarText(v) : JSON.stringify(v));
  if (Array.isArray(value) && value.length > 0 && value.every((v) => !isScalar(v) && !Array.isArray(v))) {
    const keys = [...new Set(value.flatMap((v) => Object.keys(v as object)))];
    const table = terminal.table(keys);
    for (const row of value as Record<string, unknown>[]) table.push(keys.map((k) => cell(row[k])));
    return table.toString();
  }
  if (!isScalar(value) && !Array.isArray(value)) {
    const table = terminal.table(['key', 'value']);
    for (const [k, v] of Object.entries(value as object)) table.push([k, cell(v)]);
    return table.toString();
  }
  return textLines(value).join('\n');
}
