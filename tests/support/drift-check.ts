import { EC2Client } from '@aws-sdk/client-ec2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { Ec2Api } from '../../lib/aws/ec2-api';
import { runMachinery } from '../../functions/_shared/compose';
import { silentEvents, type EventSink } from '../../lib/domain/events';
import { runDriftCheck, type DriftReport } from '../../lib/operations/drift-check';
import { testConfig } from './config';
import { configFromEnv } from '../../lib/domain/config';

/**
 * The scheduled drift check over the simulated account, with the run machinery the functions compose
 * (functions/_shared/compose.ts): the harness's simulators answer its clients.
 */
export function checkDrift(
  mode: 'report' | 'remediate',
  events: EventSink = silentEvents,
): Promise<DriftReport> {
  return runDriftCheck(
    {
      api: new Ec2Api(new EC2Client({ region: 'us-east-1' })),
      route53: new Route53Client({ region: 'us-east-1' }),
      // The test file's config (PRIVATELINK_CONFIG) where it sets one, as the deployed functions read theirs.
      config: process.env.PRIVATELINK_CONFIG ? configFromEnv() : testConfig(),
      where: { accountId: '123456789012', region: 'us-east-1', own: true },
      events,
      runs: runMachinery(),
    },
    mode,
  );
}
