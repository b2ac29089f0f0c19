import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../..');

export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
}
export interface Template {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, unknown>;
}

const cached = new Map<string, { dir: string; template: Template }>();

/** Everything that shapes the package: the same inputs give the same template and zips. */
function inputsHash(configFile: string): string {
  const hash = createHash('sha256').update(configFile);
  if (configFile) hash.update(readFileSync(join(ROOT, configFile)));
  const walk = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) walk(join(path, entry));
    } else {
      hash.update(relative(ROOT, path)).update(readFileSync(path));
    }
  };
  [
    'serverless.yml',
    'package.json',
    'package-lock.json',
    'config',
    'statemachine',
    'functions',
    'lib',
  ].forEach((p) => walk(join(ROOT, p)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Runs `serverless package` (osls) offline, with no AWS credentials, and returns the generated
 * CloudFormation template. Test files in other workers reuse a package of the same inputs.
 */
export function packageStack(configFile = ''): { dir: string; template: Template } {
  const known = cached.get(configFile);
  if (known) return known;
  const finalDir = join(tmpdir(), `privatelink-package-${inputsHash(configFile)}`);
  if (!existsSync(join(finalDir, 'cloudformation-template-update-stack.json')))
    buildPackage(finalDir, configFile);
  const packaged = {
    dir: finalDir,
    template: JSON.parse(
      readFileSync(join(finalDir, 'cloudformation-template-update-stack.json'), 'utf8'),
    ) as Template,
  };
  cached.set(configFile, packaged);
  return packaged;
}

/** `configFile`: another deployed config than config/privatelink.json (a hub's, say), relative to the root. */
function buildPackage(finalDir: string, configFile: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'privatelink-package-build-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    ...(configFile ? { PRIVATELINK_CONFIG_FILE: join(ROOT, configFile) } : {}),
  };
  for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'])
    delete env[key];
  execFileSync(join(ROOT, 'node_modules/.bin/serverless'), ['package', '--package', dir, '--stage', 'test'], {
    cwd: ROOT,
    env,
    stdio: 'pipe',
    timeout: 300_000,
  });
  if (!existsSync(join(dir, 'cloudformation-template-update-stack.json'))) {
    throw new Error(`serverless package wrote no template in ${dir}`);
  }
  try {
    renameSync(dir, finalDir);
  } catch {
    // Another worker finished the same package first: use theirs.
    rmSync(dir, { recursive: true, force: true });
  }
}

export const resourcesOfType = (template: Template, type: string) =>
  Object.entries(template.Resources).filter(([, r]) => r.Type === type);
