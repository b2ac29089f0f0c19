import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
}
export interface Template {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, unknown>;
}

let cached: { dir: string; template: Template } | undefined;

/**
 * Runs `serverless package` (osls) offline, with no AWS credentials, into a temporary folder, once per
 * test file, and returns the generated CloudFormation template.
 */
export function packageStack(): { dir: string; template: Template } {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'privatelink-package-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
  };
  for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'])
    delete env[key];
  execFileSync(join(ROOT, 'node_modules/.bin/serverless'), ['package', '--package', dir, '--stage', 'test'], {
    cwd: ROOT,
    env,
    stdio: 'pipe',
    timeout: 300_000,
  });
  const file = join(dir, 'cloudformation-template-update-stack.json');
  if (!existsSync(file)) throw new Error(`serverless package wrote no template in ${dir}`);
  cached = { dir, template: JSON.parse(readFileSync(file, 'utf8')) as Template };
  return cached;
}

export const resourcesOfType = (template: Template, type: string) =>
  Object.entries(template.Resources).filter(([, r]) => r.Type === type);
