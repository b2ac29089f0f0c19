import { buildSync } from 'esbuild';
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
