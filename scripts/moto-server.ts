import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
export const MOTO_BIN = join(ROOT, '.venv/bin/moto_server');
const MOTO_PYTHON = join(ROOT, '.venv/bin/python');
const MOTO_LAUNCHER = join(ROOT, 'scripts/moto_server.py');

export interface MotoServer {
  endpoint: string;
  /** Forgets everything (POST /moto-api/reset), as if freshly started. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One HTTP request on a fresh connection (no keep-alive left open to hold the process). */
function call(url: string, method: 'GET' | 'POST'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`moto_server exited with code ${child.exitCode} before answering`);
    try {
      // moto has no health route; its API root answers once the server is up.
      if ((await call(`${endpoint}/moto-api/`, 'GET')) < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const running = new Set<ChildProcess>();
let exitHooked = false;

function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  // Never leave a server behind, whatever ends this process.
  const killAll = () => running.forEach((c) => c.kill('SIGTERM'));
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

/** Starts moto server on a free loopback port and waits until it answers. Run scripts/python-tools.sh first. */
export async function startMoto(timeoutMs = 30_000): Promise<MotoServer> {
  if (!existsSync(MOTO_BIN)) {
    throw new Error(
      `moto_server is not installed at ${MOTO_BIN}: run scripts/python-tools.sh (npm run setup:python)`,
    );
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // moto with the patches the product's runs rely on (scripts/moto_server.py; docs/architecture.md, "Moto gaps").
  const child = spawn(MOTO_PYTHON, [MOTO_LAUNCHER, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  running.add(child);
  hookExit();
  try {
    await waitUntilAnswering(endpoint, child, timeoutMs);
  } catch (err) {
    child.kill('SIGKILL');
    running.delete(child);
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    endpoint,
    reset: async () => {
      const status = await call(`${endpoint}/moto-api/reset`, 'POST');
      if (status >= 300) throw new Error(`moto reset failed: HTTP ${status}`);
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      running.delete(child);
    },
  };
}
