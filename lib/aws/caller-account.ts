import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { OwnAccount } from '../domain/vpc-ref';
import { mapAwsError } from './errors';

/** The caller's own account and partition, asked of STS (GetCallerIdentity), in `region`; errors named as every AWS error. */
export async function callerAccount(sts: STSClient, region: string): Promise<OwnAccount> {
  try {
    const caller = await sts.send(new GetCallerIdentityCommand({}));
    return { accountId: caller.Account ?? '', partition: caller.Arn?.split(':')[1] ?? 'aws', region };
  } catch (err) {
    throw mapAwsError(err, 'GetCallerIdentity');
  }
}
