import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

/**
 * The CLI as installed: dist/privatelink.js, built by `npm ci` (prepare). It runs on Node alone: every
 * module it requires is in the bundle or built into Node, so no devDependency is needed at run time.
 */
const ROOT = join(__dirname, '../..');
const BUNDLE = join(ROOT, 'dist/privatelink.js');

describe('the CLI bundle', () => {
  it('requires nothing but Node built-ins', () => {
    // Calls only: the same words inside a string (ajv's code templates, an SDK error message) are not one.
    const calls = /(?<![\w'"[.`])require\("([^"]+)"\)/g;
    const required = [...readFileSync(BUNDLE, 'utf8').matchAll(calls)].map((m) => m[1] ?? '');
    const builtin = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    expect([...new Set(required)].filter((m) => !builtin.has(m))).toEqual([]);
  });

  it('prints its version and help through bin/privatelink', () => {
    const bin = join(ROOT, 'bin/privatelink.js');
    expect(execFileSync('node', [bin, '--version'], { encoding: 'utf8' }).trim()).toBe(
      (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    );
    expect(execFileSync('node', [bin, 'apply', '--help'], { encoding: 'utf8' })).toContain('--auto-approve');
    expect(execFileSync('node', [bin, '--help'], { encoding: 'utf8' })).toContain('--endpoint-url <url>');
  });

  it('names a request that never reaches AWS, with its operation, and exits 1', () => {
    const run = spawnSync(
      'node',
      [
        BUNDLE.replace('dist/privatelink.js', 'bin/privatelink.js'),
        '--endpoint-url',
        'http://127.0.0.1:9',
        'plan',
        'vpc-0123456789abcdef0',
      ],
      { encoding: 'utf8', env: { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x' } },
    );
    expect(run.status).toBe(1);
    // The first request of a plan asks STS whose account the caller's is (where the run would act).
    expect(run.stderr).toContain('error: NetworkError: GetCallerIdentity could not reach AWS (ECONNREFUSED)');
  });
});
