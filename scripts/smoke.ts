/**
 * npm run smoke -- --profile X --region Y: the product end to end in a user's own sandbox account —
 * deploy the stack, make a throwaway VPC, tag it, wait for the execution the tag starts, check what it
 * made (endpoints, routes, the group, the live probe), opt the VPC out, check it is all gone, delete the
 * VPC and the stack, and print a verdict. --dry-run does the same against moto (CI runs that).
 */
import { Command } from 'commander';
import type { Outcome } from './smoke-steps';

interface SmokeOptions {
  profile?: string;
  region: string;
  stage: string;
  dryRun?: boolean;
}

function options(argv: string[]): SmokeOptions {
  return new Command('smoke')
    .option('--profile <name>', 'AWS profile of the sandbox account')
    .option('--region <region>', 'region to deploy to', 'us-east-1')
    .option('--stage <stage>', 'stage of the throwaway stack (privatelink-orchestrator-<stage>)', 'smoke')
    .option('--dry-run', 'against moto on this machine: nothing is deployed, no AWS account is used')
    .parse(argv)
    .opts<SmokeOptions>();
}

async function main(): Promise<number> {
  const opts = options(process.argv);
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(opts.region))
    throw new Error(`--region "${opts.region}" is not a region name; accepted: such as us-east-1`);
  // Before any client is built: every SDK client of this process uses the sandbox's profile and region.
  process.env.AWS_REGION = opts.region;
  if (opts.profile) process.env.AWS_PROFILE = opts.profile;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { awsBackend, motoBackend } = await import('./smoke-backends');
  const { runSmoke } = await import('./smoke-steps');
  const backend = opts.dryRun
    ? motoBackend(opts.region, `privatelink-orchestrator-${opts.stage}`)
    : awsBackend(opts.region, opts.stage, opts.profile);
  const outcomes: Outcome[] = await runSmoke(backend, `privatelink-orchestrator-${opts.stage}`);
  console.log(`\nSmoke test on ${backend.name}:`);
  for (const o of outcomes) console.log(`  ${o.ok ? 'PASS' : 'FAIL'}  ${o.step}: ${o.detail}`);
  const passed = outcomes.every((o) => o.ok);
  console.log(passed ? '\nVerdict: PASS' : '\nVerdict: FAIL');
  return passed ? 0 : 1;
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err: unknown) => {
    console.error(`smoke test failed: ${(err as Error).message}`);
    process.exitCode = 1;
  });
