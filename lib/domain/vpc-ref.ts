import { InvalidInputError } from './errors';

/**
 * Where a run acts (docs/architecture.md, "Where a run acts"): the VPC, its account and region, all
 * concrete, and whether the account is the stack's own. Resolved once where a run enters — the trigger,
 * the CLI, the drift check, the hub's member list — carried once in the execution state, and the only
 * thing the keys below are made from.
 */
export interface VpcRef {
  accountId: string;
  region: string;
  vpcId: string;
  /** The account is the one the functions run in (not a hub's member, reached through its spoke role). */
  own: boolean;
}

/** An account and region where runs act (a drift check's target): a VpcRef without its VPC. */
export type AccountRegion = Omit<VpcRef, 'vpcId'>;

/**
 * The one rule for where a run acts: what the asker does not name is the own account's, in the own region.
 * The own account must be known: every key is made from the result.
 */
export function accountRegionOf(
  own: OwnAccount,
  where: { accountId?: string | null; region?: string | null } = {},
): AccountRegion {
  if (!/^\d{12}$/.test(own.accountId))
    throw new InvalidInputError(
      `the own account is unknown ("${own.accountId}"): it comes from the function's ARN or STS GetCallerIdentity`,
    );
  const accountId = where.accountId ?? own.accountId;
  return { accountId, region: where.region ?? own.region, own: accountId === own.accountId };
}

/** A VPC of an account and region. */
export const vpcIn = (where: AccountRegion, vpcId: string): VpcRef => ({ ...where, vpcId });

/** The functions' (or the CLI caller's) own account, region and partition. */
export interface OwnAccount {
  accountId: string;
  region: string;
  partition: string;
}

/** What an entry point is asked: a VPC id, and its account and region where the asker names them. */
export interface AskedVpc {
  vpcId: string;
  accountId?: string | null;
  region?: string | null;
}

/** Where a run on the asked VPC acts, by the rule of accountRegionOf. */
export const resolveVpcRef = (asked: AskedVpc, own: OwnAccount): VpcRef =>
  vpcIn(accountRegionOf(own, asked), asked.vpcId);

/**
 * The lock record of a VPC, and so the start of its execution names (docs/architecture.md, "One writer
 * per VPC"): an own-account VPC by its id alone (as every release so far wrote it), a member's by account,
 * region and VPC (`111122223333-eu-west-1-vpc-…`; execution names allow letters, digits, - and _).
 */
export const lockKeyOf = (ref: VpcRef): string =>
  ref.own ? ref.vpcId : `${ref.accountId}-${ref.region}-${ref.vpcId}`;

/** The buckets paced: EC2's endpoint API, and its non-mutating calls. */
export type PaceBucket = 'endpoint' | 'read';

/** The pace record of a bucket: one per bucket, account and region, whoever started the run. */
export const paceKeyOf = (bucket: PaceBucket, ref: Pick<VpcRef, 'accountId' | 'region'>): string =>
  `pace#${bucket}#${ref.accountId}#${ref.region}`;

/** Route 53's buckets (config `pace.route53`): the account's, whatever the region. */
export type Route53Bucket = 'account' | 'associate' | 'createZone';

/** The pace record of a Route 53 bucket: one per bucket and account. */
export const route53PaceKeyOf = (bucket: Route53Bucket, ref: Pick<VpcRef, 'accountId'>): string =>
  `pace#route53-${bucket}#${ref.accountId}`;

/** Where a container keeps an account's regional catalogues (prefix lists, endpoint services). */
export const catalogueKeyOf = (ref: Pick<VpcRef, 'accountId' | 'region'>): string =>
  `${ref.region}/${ref.accountId}`;

/** The ARN of a role of the VPC's account, in the partition the functions run in. */
export const roleArnIn = (ref: Pick<VpcRef, 'accountId'>, roleName: string, partition: string): string =>
  `arn:${partition}:iam::${ref.accountId}:role/${roleName}`;

/** A member's VPC is reached only by a hub (its config has `hub`, and the spoke template is deployed there). */
export function assertReachable(vpc: VpcRef, hub: boolean): void {
  if (vpc.own || hub) return;
  throw new InvalidInputError(
    `the VPC is in account ${vpc.accountId}, not this stack's, and the config has no "hub": deploy the ` +
      'spoke template in that account and set "hub" (docs/architecture.md, "Hub and spokes")',
  );
}
