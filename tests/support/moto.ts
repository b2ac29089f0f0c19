import { startMoto, type MotoServer } from '../../scripts/moto-server';

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
