import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, type CommandEnv } from './context';

/** Where the spoke template lives, from the sources (cli/) and from the bundle (dist/) alike. */
export const SPOKE_TEMPLATE = join(__dirname, '../spoke/spoke.yaml');

/**
 * `spoke-template`: the CloudFormation template each member account deploys (README, "Hub and spokes"),
 * on stdout, for `> spoke.yaml` or a StackSet.
 */
export function spokeTemplateCommand(env: CommandEnv): number {
  env.io.out(readFileSync(SPOKE_TEMPLATE, 'utf8').trimEnd());
  return EXIT.ok;
}
