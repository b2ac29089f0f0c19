// Bundles the `privatelink` CLI into one file, dist/privatelink.js, with everything it runs (the SDK, the
// local state machine runner, the functions for --local): at run time it needs Node alone, no
// devDependency and no TypeScript loader. Run by `npm ci` (prepare) and `npm run build:cli`.
import { build } from 'esbuild';

await build({
  entryPoints: ['cli/main.ts'],
  outfile: 'dist/privatelink.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  // Error classes and SDK commands are told apart by their names (Ec2Api, the state machine's Catch).
  keepNames: true,
  // Resolve the SDK's ESM builds: smaller and faster to load than the CommonJS ones.
  mainFields: ['module', 'main'],
  legalComments: 'linked',
  logLevel: 'warning',
});
