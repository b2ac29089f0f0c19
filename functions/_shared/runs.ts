import { dynamoClient } from '../../lib/aws/clients/dynamodb';
import { sfnClient } from '../../lib/aws/clients/sfn';
import { DynamoPaceStore } from '../../lib/aws/dynamo-pace';
import { DynamoRunLockStore } from '../../lib/aws/dynamo-run-lock';
import { SfnExecutions } from '../../lib/aws/sfn-executions';
import type { RunDeps } from '../../lib/domain/run-lock';
import type { ReservePermitDeps } from '../../lib/workflow/reserve-permit-step';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: it comes from serverless.yml`);
  return value;
}

/** The one-writer-per-VPC machinery, built once per container from the stack's environment. */
export const runDeps: RunDeps = {
  locks: new DynamoRunLockStore(dynamoClient, required('LOCK_TABLE_NAME')),
  executions: new SfnExecutions(sfnClient, required('STATE_MACHINE_ARN')),
};

/** The account-wide pace of the endpoint API: its records live in the lock table too. */
export const paceDeps: ReservePermitDeps = {
  pace: new DynamoPaceStore(dynamoClient, required('LOCK_TABLE_NAME')),
  now: () => Date.now(),
};
