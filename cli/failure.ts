import { CommanderError } from 'commander';
import { stringify as toYaml } from 'yaml';
import { EXIT, UsageError, type GlobalOptions, type Io } from './context';
import { textLines } from './output';

/** Errors whose fix is in the caller's hands: exit 1 with the message alone, which names the bad input. */
const USAGE_ERRORS = new Set([
  'UsageError',
  'InvalidInputError',
  'InvalidTagError',
  'InvalidConfigError',
  'UnsatisfiableRequestError',
]);

function hintFor(err: Error): string {
  if (err.name === 'NetworkError' || /ECONNREFUSED|connect/i.test(err.message))
    return 'is the endpoint up? (--endpoint-url, AWS_ENDPOINT_URL)';
  if (/credential/i.test(err.message))
    return 'configure AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID) or use --endpoint-url with a local emulator';
  if (err.name === 'ResourceNotFoundError') return 'check the VPC id and --region';
  return 'run again with --debug for each AWS request and its request id, or see the README (Operations)';
}

/** An error as the person at the terminal needs it: exit 1, with a hint where the message alone does not say what to do. */
export function failure(err: unknown, io: Io, opts: GlobalOptions): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.failed;
  const e = err as Error;
  const usage = err instanceof UsageError || USAGE_ERRORS.has(e.name);
  // A script reads stdout: the error is one document there too, in the format asked for
  // (schemas/cli-output.schema.json); --query does not apply to it.
  const document = { error: { name: e.name, message: e.message, ...(usage ? {} : { hint: hintFor(e) }) } };
  const format = opts.json ? 'json' : (opts.output ?? (opts.query ? 'json' : 'table'));
  if (format === 'json') io.out(JSON.stringify(document, null, 2));
  if (format === 'yaml') io.out(toYaml(document).trimEnd());
  if (format === 'text') io.out(textLines(document).join('\n'));
  io.err(usage ? `error: ${e.message}` : `error: ${e.name}: ${e.message}\nhint: ${hintFor(e)}`);
  return EXIT.failed;
}
