import { EC2Client } from '@aws-sdk/client-ec2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { isTransient, SpokeAccessError } from '../../domain/errors';
import { mapAwsError } from '../errors';
import { roleArnIn, type AccountRegion, type OwnAccount } from '../../domain/vpc-ref';
import { CLIENT_OPTIONS, decorated } from './build';
import { ec2Client } from './ec2';
import { route53Client } from './route53';
import { stsClient } from './sts';

/** How the hub reaches a spoke account: the spoke template's role there, and the external id naming the hub. */
export interface SpokeAccess {
  roleName: string;
  externalId: string;
}

/** Temporary credentials, in the shape every SDK client's `credentials` option takes. */
interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;

export interface TargetClients {
  ec2: EC2Client;
  route53: Route53Client;
  /** The spoke role's credentials, for further clients of the target (the probe's Lambda); absent in the own account. */
  credentials?: AwsCredentialIdentityProvider;
}

/**
 * The clients a step uses for its target (docs/architecture.md, "Hub and spokes"). The functions' own
 * account and region share the container's clients; another region gets its own clients; another account
 * gets credentials from AssumeRole into its spoke role, fetched once for this invocation (on the first
 * call) with a session name that names the execution, so CloudTrail in the spoke says who acted.
 */
export function clientsFor(
  vpc: AccountRegion | undefined,
  own: OwnAccount,
  access: SpokeAccess | undefined,
  sessionName: string,
  sts: STSClient = stsClient,
): TargetClients {
  if (!vpc || (vpc.own && vpc.region === own.region)) return { ec2: ec2Client, route53: route53Client };
  const credentials =
    !vpc.own && access
      ? assumedRole(sts, vpc.accountId, {
          RoleArn: roleArnIn(vpc, access.roleName, own.partition),
          RoleSessionName: sessionName,
          ExternalId: access.externalId,
        })
      : undefined;
  return { ...clientsIn(vpc.region, credentials), ...(credentials ? { credentials } : {}) };
}

/**
 * Where centralized endpoints reach across a hub's accounts (docs/architecture.md, "Centralized endpoints
 * across accounts"): a member's VPC may use the hub's central VPC (the hub's own account, in the VPC's
 * region); a hub's central VPC reads its spokes in members' accounts (each through its spoke role, asked
 * once per account). Nothing without `hub` in the config.
 */
export interface CentralReach {
  hub?: { accountId: string; ec2: EC2Client; route53: Route53Client };
  member?: (accountId: string) => EC2Client;
}

export function centralReachOf(
  vpc: AccountRegion | undefined,
  own: OwnAccount,
  access: SpokeAccess | undefined,
  sessionName: string,
  sts: STSClient = stsClient,
): CentralReach {
  if (!vpc || !access) return {};
  if (!vpc.own) {
    const clients =
      vpc.region === own.region ? { ec2: ec2Client, route53: route53Client } : clientsIn(vpc.region);
    return { hub: { accountId: own.accountId, ...clients } };
  }
  const members = new Map<string, EC2Client>();
  return {
    member: (accountId) => {
      const known = members.get(accountId);
      if (known) return known;
      const { ec2 } = clientsFor(
        { accountId, region: vpc.region, own: false },
        own,
        access,
        sessionName,
        sts,
      );
      members.set(accountId, ec2);
      return ec2;
    },
  };
}

/** EC2 and Route 53 clients of one region, with these credentials (the caller's own when absent), made for one use. */
export function clientsIn(region: string, credentials?: AwsCredentialIdentityProvider) {
  const options = { ...CLIENT_OPTIONS, region, ...(credentials ? { credentials } : {}) };
  return { ec2: decorated(new EC2Client(options)), route53: decorated(new Route53Client(options)) };
}

/**
 * Credentials of the spoke role, asked of STS once, on the step's first call in the account (a step runs
 * for minutes, the session lasts an hour). Refused — no such role, no trust of this hub, a wrong external
 * id — it is said with the account and the role, and nothing was done there.
 */
function assumedRole(
  sts: STSClient,
  accountId: string,
  params: { RoleArn: string; RoleSessionName: string; ExternalId?: string },
): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const assume = async (): Promise<AwsCredentialIdentity> => {
    try {
      // Role chaining (a Lambda role assuming another) allows at most an hour; a step takes minutes.
      const { Credentials: c } = await sts.send(new AssumeRoleCommand({ ...params, DurationSeconds: 3600 }));
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('STS answered no credentials');
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      };
    } catch (err) {
      pending = undefined;
      // Throttled, a 5xx or a network failure: STS will answer again; the shared retry policy waits for it.
      const mapped = mapAwsError(err, `AssumeRole of ${params.RoleArn} for account ${accountId}`);
      if (isTransient(mapped)) throw mapped;
      throw new SpokeAccessError(
        `cannot act in account ${accountId}: AssumeRole of ${params.RoleArn} failed (${(err as Error).message}); ` +
          'deploy the spoke template there (npx privatelink spoke-template) trusting this hub, with its external id',
        { cause: err },
      );
    }
  };
  return () => (pending ??= assume());
}

/**
 * Credentials of `roleArn` (the CLI's --role-arn / --account): the caller's own credentials ask STS for the
 * role once, on the first call of any client given them.
 */
export function roleCredentials(
  role: { roleArn: string; accountId: string; externalId?: string },
  sessionName: string,
  sts: STSClient = stsClient,
): AwsCredentialIdentityProvider {
  return assumedRole(sts, role.accountId, {
    RoleArn: role.roleArn,
    RoleSessionName: sessionName,
    ...(role.externalId ? { ExternalId: role.externalId } : {}),
  });
}

/** EC2 and Route 53 clients acting as `roleArn`, and the role's credentials for further clients there. */
export function roleClients(
  role: { roleArn: string; accountId: string; externalId?: string },
  region: string,
  sessionName: string,
  sts: STSClient = stsClient,
): { ec2: EC2Client; route53: Route53Client; credentials: AwsCredentialIdentityProvider } {
  const credentials = roleCredentials(role, sessionName, sts);
  return { ...clientsIn(region, credentials), credentials };
}

/** A role session name from an execution ARN (its name), within STS's 64 characters of [\w+=,.@-]. */
export function sessionNameOf(executionId: string | undefined): string {
  const name = (executionId ?? '').split(':').pop() ?? '';
  const clean = name.replace(/[^\w+=,.@-]/g, '-').slice(-58);
  return `plo-${clean || 'step'}`;
}
