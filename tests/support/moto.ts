import { startMoto, type MotoServer } from '../../scripts/moto-server';
import { openLocalStack, type LocalStack } from '../../scripts/local-stack';

/**
 * A moto server of this test file's own, started before its tests and always stopped after: test files
 * run in parallel workers, and a server shared between them would let one file's reset wipe another's
 * world. `reset()` gives each scenario a fresh account. The SDK reads AWS_ENDPOINT_URL at its first
 * call, so clients built at import time use the server too.
 */
export function useMoto(): { server: () => MotoServer } {
  let server: MotoServer | undefined;
  beforeAll(async () => {
    server = await startMoto();
    process.env.AWS_ENDPOINT_URL = server.endpoint;
  }, 60_000);
  afterAll(async () => {
    delete process.env.AWS_ENDPOINT_URL;
    await server?.stop();
  });
  return {
    server: () => {
      if (!server) throw new Error('moto is not running: call useMoto() at the top of the file');
      return server;
    },
  };
}

/** The CLI as a person runs it against a moto server, for one stack: exit code, stdout and stderr. */
export async function cliOnMoto(endpoint: string, stackName: string, ...args: string[]) {
  const { main } = await import('../../cli/main');
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['node', 'privatelink', '--endpoint-url', endpoint, '--stack-name', stackName, ...args],
    {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * The product's local stack (scripts/local-stack.ts) on this file's moto server, for one config: set
 * before the functions first load (they read it then) and restored after the file; a fresh moto world and
 * stack before each test (`fresh: 'each'`) or once for the file.
 */
export function useLocalStack(
  moto: { server: () => MotoServer },
  opts: { region: string; stackName: string; config: object; fresh: 'each' | 'once' },
): () => LocalStack {
  let stack: LocalStack | undefined;
  const saved = process.env.PRIVATELINK_CONFIG;
  beforeAll(() => {
    process.env.PRIVATELINK_CONFIG = JSON.stringify(opts.config);
  });
  const open = async () => {
    await moto.server().reset();
    stack = await openLocalStack({
      endpointUrl: moto.server().endpoint,
      region: opts.region,
      stackName: opts.stackName,
      io: { out: () => undefined, err: () => undefined },
    });
  };
  if (opts.fresh === 'each') beforeEach(open, 60_000);
  else beforeAll(open, 60_000);
  afterAll(() => {
    if (saved === undefined) delete process.env.PRIVATELINK_CONFIG;
    else process.env.PRIVATELINK_CONFIG = saved;
  });
  return () => {
    if (!stack) throw new Error('the local stack is not open: call useLocalStack() at the top of the file');
    return stack;
  };
}
