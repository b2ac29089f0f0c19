import { eachClient } from '../lib/aws/clients/build';

type Sink = (line: string) => void;

interface Stacked {
  middlewareStack?: {
    add: (middleware: unknown, options: { step: string; name: string; override?: boolean }) => void;
  };
}

interface Metadata {
  httpStatusCode?: number;
  requestId?: string;
  extendedRequestId?: string;
  attempts?: number;
}

let sink: Sink | undefined;
let installed = false;

/**
 * --debug: each AWS request on stderr, with its status, request id and attempts, for a support case or a
 * CloudTrail search (README, "CLI"). Every client the CLI builds gets the middleware once; it writes only
 * while a command runs with --debug.
 */
export function debugRequests(to: Sink | undefined): void {
  sink = to;
  if (installed || !to) return;
  installed = true;
  eachClient((client) =>
    (client as Stacked).middlewareStack?.add(logged, {
      step: 'initialize',
      name: 'privatelinkDebug',
      override: true,
    }),
  );
}

const logged =
  (
    next: (args: unknown) => Promise<{ output?: { $metadata?: Metadata } }>,
    context: { clientName?: string; commandName?: string },
  ) =>
  async (args: unknown) => {
    const call = `${(context.clientName ?? 'AWS').replace(/Client$/, '')}.${(context.commandName ?? '?').replace(/Command$/, '')}`;
    const started = Date.now();
    sink?.(`debug: → ${call}`);
    try {
      const result = await next(args);
      sink?.(`debug: ← ${call} ${describe(result.output?.$metadata, Date.now() - started)}`);
      return result;
    } catch (err) {
      const e = err as Error & { $metadata?: Metadata };
      sink?.(`debug: ✗ ${call} ${e.name}: ${e.message} ${describe(e.$metadata, Date.now() - started)}`);
      throw err;
    }
  };

function describe(metadata: Metadata | undefined, ms: number): string {
  const parts = [
    metadata?.httpStatusCode !== undefined ? `HTTP ${metadata.httpStatusCode}` : undefined,
    `request id ${metadata?.requestId ?? metadata?.extendedRequestId ?? 'none given'}`,
    metadata?.attempts && metadata.attempts > 1 ? `${metadata.attempts} attempts` : undefined,
    `${ms} ms`,
  ];
  return `(${parts.filter(Boolean).join(', ')})`;
}
