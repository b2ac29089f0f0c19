import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';

/** The account the simulated world runs in: the functions' ARN (cli/local-handlers.ts) and the caller's identity. */
export const SIM_ACCOUNT = '123456789012';

/** STS answers GetCallerIdentity as for a user of the simulated account (a test may mock STS further). */
export function installSimSts() {
  const sts = mockClient(STSClient);
  sts.on(GetCallerIdentityCommand).resolves({
    Account: SIM_ACCOUNT,
    Arn: `arn:aws:iam::${SIM_ACCOUNT}:user/tester`,
    UserId: 'AIDATESTER',
  });
  return sts;
}
