#!/usr/bin/env node
// The `privatelink` CLI. TypeScript is loaded through tsx's require hook, so the CLI needs no build step.
// Local runs are on Node 20 by design (the functions run on nodejs22.x): silence the SDK's notice about it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs');
require('../cli/main.ts')
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
