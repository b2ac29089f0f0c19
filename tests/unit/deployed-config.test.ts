import { buildSync } from 'esbuild';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Deployed, the config is compiled into the functions (esbuild `define`, as serverless.yml sets it) and
 * wins over the environment; without it (local runs, the CLI, tests) PRIVATELINK_CONFIG is read.
 */
function configModule(define: Record<string, string> = {}) {
  const built = buildSync({
    entryPoints: [join(__dirname, '../../lib/domain/config.ts')],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    define,
  });
  const module = { exports: {} as typeof import('../../lib/domain/config') };
  new Function('module', 'exports', 'require', built.outputFiles[0]?.text ?? '')(
    module,
    module.exports,
    require,
  );
  return module.exports;
}

describe('the deployed config', () => {
  const env = { STACK_NAME: 's', PRIVATELINK_CONFIG: JSON.stringify({ allowedServices: ['logs'] }) };

  it('is the one compiled into the code when there is one', () => {
    const compiled = JSON.stringify(JSON.stringify({ allowedServices: ['s3', 'ssm'] }));
    const { configFromEnv } = configModule({ PRIVATELINK_DEPLOYED_CONFIG: compiled });
    expect(configFromEnv(env).allowedServices).toEqual(['s3', 'ssm']);
  });

  it('is PRIVATELINK_CONFIG where nothing was compiled in', () => {
    expect(configModule().configFromEnv(env).allowedServices).toEqual(['logs']);
  });

  it('names itself in its errors', () => {
    const { configFromEnv } = configModule({
      PRIVATELINK_DEPLOYED_CONFIG: JSON.stringify('{"drift":{"mode":"x"}}'),
    });
    expect(() => configFromEnv(env)).toThrow(/^the deployed config is invalid: drift\.mode/);
  });
});

describe('the config as packaging reads it (config/env.js, the variable source serverless.yml uses)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const packaging = require('../../config/env.js') as { json: () => Promise<string> };
  const withConfig = async (config: unknown) => {
    const dir = mkdtempSync(join(tmpdir(), 'plo-config-'));
    const file = join(dir, 'privatelink.json');
    writeFileSync(file, JSON.stringify(config));
    const before = process.env.PRIVATELINK_CONFIG_FILE;
    process.env.PRIVATELINK_CONFIG_FILE = file;
    try {
      return await packaging.json();
    } finally {
      if (before === undefined) delete process.env.PRIVATELINK_CONFIG_FILE;
      else process.env.PRIVATELINK_CONFIG_FILE = before;
    }
  };

  it.each([
    [
      'a hub role name that is a wildcard',
      { hub: { roleName: '*' } },
      /hub\.roleName: must be an IAM role name/,
    ],
    [
      'a schedule EventBridge cannot read',
      { drift: { schedule: 'every six hours, please' } },
      /drift\.schedule/,
    ],
    [
      'an endpoint pace slower than a call an hour',
      { pace: { endpoint: { perSecond: 1e-6 } } },
      /pace\.endpoint\.perSecond/,
    ],
    [
      'an endpoint burst above EC2’s',
      { pace: { endpoint: { burst: 1000 } } },
      /pace\.endpoint\.burst: .*EC2/,
    ],
    [
      'an endpoint rate above EC2’s',
      { pace: { endpoint: { perSecond: 2 } } },
      /pace\.endpoint\.perSecond: .*EC2/,
    ],
  ])('refuses %s, naming the field, as the functions would', async (_what, config, message) => {
    await expect(withConfig(config)).rejects.toThrow(message);
  });

  it('packages what the functions accept, a raised limit included when the config says EC2 raised it', async () => {
    const raised = {
      pace: { endpoint: { burst: 8, perSecond: 0.6 }, ec2Limits: { endpoint: { burst: 10, perSecond: 1 } } },
    };
    expect(JSON.parse(await withConfig(raised))).toEqual(raised);
    expect(JSON.parse(await withConfig({ drift: { schedule: 'cron(0 */6 * * ? *)' } }))).toMatchObject({
      drift: { schedule: 'cron(0 */6 * * ? *)' },
    });
  });
});
