import { EC2Client } from '@aws-sdk/client-ec2';
import { dynamoClient } from '../../lib/aws/clients/dynamodb';
import { sfnClient } from '../../lib/aws/clients/sfn';
import { DynamoRunLockStore } from '../../lib/aws/dynamo-run-lock';
import { Ec2Api } from '../../lib/aws/ec2-api';
import { SfnExecutions } from '../../lib/aws/sfn-executions';
import { silentEvents, type EventSink } from '../../lib/domain/events';
import { runDriftCheck, type DriftReport } from '../../lib/operations/drift-check';
import { testConfig } from './config';

/**
 * The scheduled drift check over the simulated account, with the real lock table and state machine
 * behind the functions' own clients (the harness's simulators answer them).
 */
export function checkDrift(
  mode: 'report' | 'remediate',
  events: EventSink = silentEvents,
): Promise<DriftReport> {
  return runDriftCheck(
    {
      api: new Ec2Api(new EC2Client({ region: 'us-east-1' })),
      config: testConfig(),
      where: { accountId: '123456789012', region: 'us-east-1', own: true },
      events,
      runs: {
        locks: new DynamoRunLockStore(dynamoClient, process.env.LOCK_TABLE_NAME ?? ''),
        executions: new SfnExecutions(sfnClient, process.env.STATE_MACHINE_ARN ?? ''),
      },
    },
    mode,
  );
}
