// Serverless variable source: the deployed configuration, the one JSON document the functions read,
// compiled into their code (custom.esbuild.define in serverless.yml). Which file, and the drift mode, are per stage: the `configFile` and `driftMode`
// params in serverless.yml (--param="configFile=config/prod.json"); PRIVATELINK_CONFIG_FILE still wins.
// The file is checked by the one validator the functions and the CLI use (lib/domain/config.ts, loaded
// through tsx): packaging fails, naming the field, on everything a function would refuse at cold start.
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

/** Where TypeScript already loads (jest, tsx) it is required as it is; from plain Node (serverless), through tsx. */
function loadConfigModule() {
  try {
    return require('../lib/domain/config.ts');
  } catch {
    return require('tsx/cjs/api').require('../lib/domain/config.ts', __filename);
  }
}
const configModule = loadConfigModule();
const { parseConfig } = configModule;

async function configOf(resolveVariable) {
  const param = resolveVariable ? await resolveVariable('param:configFile') : '';
  const file =
    process.env.PRIVATELINK_CONFIG_FILE ||
    (param ? resolve(__dirname, '..', param) : join(__dirname, 'privatelink.json'));
  const config = JSON.parse(readFileSync(file, 'utf8'));
  const driftMode = resolveVariable ? await resolveVariable('param:driftMode') : '';
  if (driftMode) config.drift = { ...config.drift, mode: driftMode };
  // The stack's name is not known here; any name checks the rest.
  parseConfig(
    JSON.stringify(config),
    'packaging',
    `config file ${file}${driftMode ? ' (with driftMode)' : ''}`,
  );
  return config;
}

module.exports.configOf = configOf;

/** lib/domain/config.ts itself: its defaults, for the IAM statements that name what they default. */
module.exports.configModule = configModule;

module.exports.json = async ({ resolveVariable } = {}) => JSON.stringify(await configOf(resolveVariable));

/** The config as esbuild compiles it into every function (a JS string literal): no environment variable. */
module.exports.define = async ({ resolveVariable } = {}) => ({
  PRIVATELINK_DEPLOYED_CONFIG: JSON.stringify(JSON.stringify(await configOf(resolveVariable))),
});

/** The drift schedule expression from the same file (default rate(6 hours)). */
module.exports.driftSchedule = async ({ resolveVariable } = {}) =>
  (await configOf(resolveVariable)).drift?.schedule || 'rate(6 hours)';

/** The Organization's id from the same file, or '' (the hub's bus then accepts no other account). */
module.exports.orgId = async ({ resolveVariable } = {}) => (await configOf(resolveVariable)).orgId || '';
