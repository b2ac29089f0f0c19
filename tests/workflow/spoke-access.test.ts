import '../support/hub-config';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { loadEvent } from '../support/fixtures';
import { taggedWorld } from '../support/trigger';
import { handler as onVpcEvent } from '../../functions/on-vpc-event/handler';
import type { Context } from 'aws-lambda';

/**
 * A hub whose spoke role is missing or does not trust it: a member's forwarded tag event goes through the
 * real path (trigger → lock → execution) and fails in its first step, naming the account and the role,
 * with nothing changed anywhere. (moto lets any role be assumed, so this is proven here.)
 */
const MEMBER = '444455556666';
const context = {
  functionName: 'onVpcEvent',
  awsRequestId: 'r',
  getRemainingTimeInMillis: () => 30_000,
} as Context;

function forwardedFrom(account: string, vpcId: string) {
  const event = loadEvent('tag-change-vpc');
  event.account = account;
  event.resources = [`arn:aws:ec2:us-east-1:${account}:vpc/${vpcId}`];
  event.id = `spoke-${account}`;
  return event;
}

describe('a spoke role the hub cannot assume', () => {
  it('fails the run before anything is read or changed, naming the account and the role', async () => {
    const sts = mockClient(STSClient);
    sts.on(AssumeRoleCommand).rejects(
      Object.assign(
        new Error(
          `User: arn:aws:sts::123456789012:assumed-role/x is not authorized to perform: sts:AssumeRole`,
        ),
        {
          name: 'AccessDenied',
          $metadata: { httpStatusCode: 403 },
        },
      ),
    );
    const { sim, vpc, harness } = taggedWorld('ssm');
    const callsBefore = sim.calls.length;

    await onVpcEvent(forwardedFrom(MEMBER, vpc.vpcId) as never, context);
    const [run] = await harness.runQueued();

    expect(run?.status).toBe('FAILED');
    expect(run?.error).toBe('SpokeAccessError');
    expect(run?.cause).toContain(
      `cannot act in account ${MEMBER}: AssumeRole of arn:aws:iam::${MEMBER}:role/privatelink-spoke failed`,
    );
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: `arn:aws:iam::${MEMBER}:role/privatelink-spoke`,
      ExternalId: 'privatelink-test-hub',
    });
    // Nothing reached EC2 on the hub's own credentials either.
    expect(sim.calls.slice(callsBefore)).toEqual([]);
    sts.restore();
  });
});
