#!/usr/bin/env node
// The `privatelink` CLI: the bundle dist/privatelink.js (built by `npm ci` / `npm run build:cli`), which
// needs Node alone; in a checkout without it, the TypeScript sources through tsx's require hook.
// Local runs are on Node 20 by design (the functions run on nodejs22.x): silence the SDK's notice about it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '../dist/privatelink.js');
const cli = existsSync(bundle) ? require(bundle) : (require('tsx/cjs'), require('../cli/main.ts'));
cli.main(process.argv).then((code) => {
  process.exitCode = code;
});
