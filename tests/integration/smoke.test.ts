import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The shipped smoke test (`npm run smoke`), in its dry-run mode: the whole sequence a user runs in a
 * sandbox account — stack, throwaway VPC, tag, execution, checks, opt-out, cleanup — against moto.
 */
const ROOT = join(__dirname, '../..');
const smoke = (...args: string[]) =>
  spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/smoke.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, AWS_ENDPOINT_URL: '', POWERTOOLS_LOG_LEVEL: 'SILENT' },
  });

describe('npm run smoke -- --dry-run', () => {
  it('runs every step against moto, cleans up, and says PASS', () => {
    const out = smoke('--dry-run');
    expect({ status: out.status, stderr: out.status === 0 ? '' : out.stderr }).toEqual({
      status: 0,
      stderr: '',
    });
    const verdict = out.stdout.slice(out.stdout.indexOf('Smoke test on moto'));
    for (const step of [
      'stack',
      'throwaway VPC',
      'execution',
      'endpoints',
      'routes',
      'security group',
      'opt-out',
      'cleanup',
    ])
      expect(verdict).toContain(`PASS  ${step}:`);
    expect(verdict).not.toContain('FAIL');
    expect(verdict).toContain('Verdict: PASS');
  }, 240_000);

  it('refuses a region that is not one, before anything is started', () => {
    const out = smoke('--dry-run', '--region', 'mars-1');
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('--region "mars-1" is not a region name; accepted: such as us-east-1');
  }, 60_000);
});
