import { roleClients } from '../lib/aws/clients/accounts';
import { ec2Client } from '../lib/aws/clients/ec2';
import { route53Client } from '../lib/aws/clients/route53';
import type { CommandEnv } from './context';

/**
 * The clients a command reads and changes VPCs with: the caller's own, or, with --account / --role-arn,
 * the role's in that account (README, "Hub and spokes"). The lock table and the state machine stay the
 * caller's: runs are asked of the hub, which acts in the account itself.
 */
export function vpcClients(env: CommandEnv) {
  if (!env.target) return { ec2: ec2Client, route53: route53Client };
  return roleClients(env.target, env.region, `privatelink-cli-${process.env.USER ?? 'user'}`);
}
