import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** Per-stage values come from serverless.yml params: the config file, the drift mode, the alarm address. */
const ROOT = join(__dirname, '../..');

function printed(...params: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, SLS_TELEMETRY_DISABLED: '1' };
  delete env.PRIVATELINK_CONFIG_FILE;
  const out = execFileSync(
    join(ROOT, 'node_modules/.bin/serverless'),
    ['print', '--stage', 'test', '--format', 'json', ...params.map((p) => `--param=${p}`)],
    { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 },
  );
  const config = JSON.parse(out) as {
    custom: { esbuild: { define: { PRIVATELINK_DEPLOYED_CONFIG: string } } };
    resources: { Parameters: { AlarmEmail: { Default: string } } };
  };
  // A JS string literal of the JSON document, as esbuild compiles it into the functions.
  const literal = config.custom.esbuild.define.PRIVATELINK_DEPLOYED_CONFIG;
  return {
    deployed: JSON.parse(JSON.parse(literal) as string) as {
      drift: { mode: string };
      allowedServices: string[];
    },
    alarmEmail: config.resources.Parameters.AlarmEmail.Default,
  };
}

describe('the stack params', () => {
  it('deploy config/privatelink.json, its drift mode and no alarm address by default', () => {
    expect(printed()).toMatchObject({ deployed: { drift: { mode: 'report' } }, alarmEmail: '' });
  }, 120_000);

  it('deploy another config file, another drift mode and an alarm address when a stage asks', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'plo-')), 'prod.json');
    writeFileSync(file, JSON.stringify({ allowedServices: ['s3', 'ssm'] }));
    const { deployed, alarmEmail } = printed(
      `configFile=${relative(ROOT, file)}`,
      'driftMode=remediate',
      'alarmEmail=ops@example.com',
    );
    expect(deployed).toMatchObject({ allowedServices: ['s3', 'ssm'], drift: { mode: 'remediate' } });
    expect(alarmEmail).toBe('ops@example.com');
  }, 120_000);

  it('refuse to package a config the functions would refuse, naming the file and the field', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'plo-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ hub: { roleName: '*' } }));
    let failure = '';
    try {
      printed(`configFile=${relative(ROOT, file)}`);
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      failure = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }
    expect(failure).toMatch(/bad\.json is invalid: hub\.roleName: must be an IAM role name/);
  }, 120_000);
});
