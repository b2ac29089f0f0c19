import { dynamoClient, sfnClient } from '../../lib/aws/clients';
import { DynamoRunLockStore } from '../../lib/aws/dynamo-run-lock';
import { SfnExecutions } from '../../lib/aws/sfn-executions';
import type { RunDeps } from '../../lib/domain/run-lock';

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
