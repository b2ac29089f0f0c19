import { centralReachOf, clientsIn, roleClients } from '../lib/aws/clients/accounts';
import { centralAcross, type CentralAcross } from '../lib/aws/central-reads';
import { callerAccount } from '../lib/aws/caller-account';
import { stsClient } from '../lib/aws/clients/sts';
import { ec2Client } from '../lib/aws/clients/ec2';
import { route53Client } from '../lib/aws/clients/route53';
import {
  accountRegionOf,
  resolveVpcRef,
  type AccountRegion,
  type OwnAccount,
  type VpcRef,
} from '../lib/domain/vpc-ref';
import { checkVpcId, type CommandEnv } from './context';

/**
 * The clients a command reads and changes VPCs with: the caller's own, or, with --account / --role-arn,
 * the role's in that account (README, "Hub and spokes"). The lock table and the state machine stay the
 * caller's: runs are asked of the hub, which acts in the account itself.
 */
export function vpcClients(env: CommandEnv, region = env.region) {
  if (!env.target)
    return region === env.region ? { ec2: ec2Client, route53: route53Client } : clientsIn(region);
  return roleClients(env.target, region, cliSessionName());
}

/** The STS session name the CLI assumes roles with: it names the person in the account's CloudTrail. */
export const cliSessionName = () => `privatelink-cli-${process.env.USER ?? 'user'}`;

const owners = new WeakMap<CommandEnv, Promise<OwnAccount>>();

/** The caller's own account and partition: one STS GetCallerIdentity per command. */
export function ownAccountOf(env: CommandEnv): Promise<OwnAccount> {
  let own = owners.get(env);
  if (!own) {
    own = callerAccount(stsClient, env.region);
    owners.set(env, own);
  }
  return own;
}

/** Where a command acts on a VPC: --account's (or --role-arn's) account or the caller's, in --region. */
export async function vpcRefFor(vpcId: string, env: CommandEnv): Promise<VpcRef> {
  checkVpcId(vpcId);
  return resolveVpcRef(
    { vpcId, accountId: env.target?.accountId, region: env.region },
    await ownAccountOf(env),
  );
}

/**
 * Centralized endpoints across a hub's accounts, as the hub's caller reaches them: for a member's VPC the
 * caller's own account (the hub's central VPCs), for one of the caller's the members (their spoke roles).
 */
export async function centralReachFor(env: CommandEnv): Promise<CentralAcross | undefined> {
  if (!env.config.central) return undefined;
  const where = await accountRegionFor(env);
  return centralAcross(centralReachOf(where, await ownAccountOf(env), env.config.hub, cliSessionName()));
}

/** The account and region a command checks as a whole (drift): --account's or the caller's, in --region. */
export async function accountRegionFor(env: CommandEnv): Promise<AccountRegion> {
  return accountRegionOf(await ownAccountOf(env), { accountId: env.target?.accountId, region: env.region });
}
