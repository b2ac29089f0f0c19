import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { roleClients } from '../lib/aws/clients/accounts';
import { stsClient } from '../lib/aws/clients/sts';
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

/**
 * The caller's own account, when a command works on another (--account): a member's runs are locked by
 * account, region and VPC, as the hub's own functions lock them (lockKeyOf). One STS call, only then.
 */
export async function ownAccountFor(env: CommandEnv): Promise<string | undefined> {
  if (!env.target) return undefined;
  return (await stsClient.send(new GetCallerIdentityCommand({}))).Account;
}
