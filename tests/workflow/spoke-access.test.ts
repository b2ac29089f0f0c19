import '../support/hub-config';
import { lambdaContext } from '../../cli/local-handlers';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { loadEvent } from '../support/fixtures';
import { taggedWorld } from '../support/trigger';
import { handler as onVpcEvent } from '../../functions/on-vpc-event/handler';
import type { ExecutionResult } from '../../lib/workflow/result-document';

/**
 * A hub whose spoke role is missing or does not trust it: a member's forwarded tag event goes through the
 * real path (trigger → lock → execution) and fails in its first step, naming the account and the role,
 * with nothing changed anywhere. (moto lets any role be assumed, so this is proven here.)
 */
const MEMBER = '444455556666';
/** As Lambda gives it: the ARN names the functions' own account, as the harness's steps see it. */
const context = lambdaContext('onVpcEvent');

/** STS answers the hub's AssumeRole of a spoke role with session credentials, as for a spoke that trusts it. */
function spokeRoleAssumable() {
  const sts = mockClient(STSClient);
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIASPOKE',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(Date.now() + 3_600_000),
    },
  });
  return sts;
}

function forwardedFrom(account: string, vpcId: string) {
  const event = loadEvent('tag-change-vpc');
  event.account = account;
  event.resources = [`arn:aws:ec2:us-east-1:${account}:vpc/${vpcId}`];
  event.id = `spoke-${account}`;
  return event;
}

describe('a spoke role the hub cannot assume', () => {
  it('fails the run before anything is read or changed, naming the account and the role', async () => {
    // The world first: its STS answers GetCallerIdentity; this test's STS replaces it.
    const { sim, vpc, harness } = taggedWorld('ssm');
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

describe('a spoke role STS answers with a transient error', () => {
  it.each([
    ['throttling', 'Throttling', 400],
    ['a 500', 'InternalFailure', 500],
  ])('retries %s at AssumeRole and converges the member VPC', async (_what, name, httpStatusCode) => {
    const { sim, vpc, harness } = taggedWorld('ssm, logs, s3');
    const sts = spokeRoleAssumable();
    let refused = 0;
    sts.on(AssumeRoleCommand).callsFake(async () => {
      refused += 1;
      // The third AssumeRole (the third step in the member's account) is refused once.
      if (refused === 3)
        throw Object.assign(new Error('Rate exceeded'), { name, $metadata: { httpStatusCode } });
      return {
        Credentials: {
          AccessKeyId: 'ASIASPOKE',
          SecretAccessKey: 'secret',
          SessionToken: 'token',
          Expiration: new Date(Date.now() + 3_600_000),
        },
      };
    });
    await onVpcEvent(forwardedFrom(MEMBER, vpc.vpcId) as never, context);

    const [run] = await harness.runQueued();

    expect(refused).toBeGreaterThan(3);
    expect({ status: run?.status, error: run?.error }).toEqual({ status: 'SUCCEEDED', error: undefined });
    const ours = [...sim.endpoints.values()].filter((e) => e.vpcId === vpc.vpcId && e.state === 'available');
    expect(ours).toHaveLength(3);
    sts.restore();
  });
});

describe('a spoke role whose trust is revoked while its run fails', () => {
  it('says in the failure event that compensation could not remove what the run made, and why', async () => {
    const { sim, vpc, harness } = taggedWorld('ssm');
    sim.failingServices.add(sim.serviceName('ssm'));
    const sts = spokeRoleAssumable();
    await onVpcEvent(forwardedFrom(MEMBER, vpc.vpcId) as never, context);

    const [run] = await harness.runQueued({
      intercept: async (fn, _event, invoke) => {
        // The member's administrators remove the hub's trust just as the run comes to clean up.
        if (fn === 'compensate')
          sts.on(AssumeRoleCommand).rejects(
            Object.assign(new Error('not authorized to perform: sts:AssumeRole'), {
              name: 'AccessDenied',
              $metadata: { httpStatusCode: 403 },
            }),
          );
        return invoke();
      },
    });

    expect(run?.status).toBe('FAILED');
    const failed = harness.events().find((e) => e.detailType === 'PrivateLink Provisioning Failed');
    const made = [...sim.endpoints.values()].filter((e) => e.vpcId === vpc.vpcId).map((e) => e.endpointId);
    expect(made).toHaveLength(1);
    expect(failed?.detail).toMatchObject({
      removedByCompensation: [],
      compensationFailed: {
        error: 'SpokeAccessError',
        cause: expect.stringMatching(new RegExp(`cannot act in account ${MEMBER}`)),
        leftBehind: made,
      },
    });
    sts.restore();
  });
});

describe('a change to a member VPC that arrives while its run holds it', () => {
  it('starts the successor in the same account and region', async () => {
    const { vpc, harness } = taggedWorld('ssm');
    const sts = spokeRoleAssumable();
    await onVpcEvent(forwardedFrom(MEMBER, vpc.vpcId) as never, context);
    let changed = false;

    const [first] = await harness.runQueued({
      intercept: async (fn, _event, invoke) => {
        // The member retags the VPC while the run plans: its event arrives at the hub meanwhile.
        if (fn === 'plan' && !changed) {
          changed = true;
          await onVpcEvent({ ...forwardedFrom(MEMBER, vpc.vpcId), id: 'second' } as never, context);
        }
        return invoke();
      },
    });

    expect(first?.status).toBe('SUCCEEDED');
    const inputs = [...harness.sfn.executions.values()].map(
      (e) => JSON.parse(String(e.input)) as Record<string, unknown>,
    );
    expect(inputs.map((i) => [i.accountId, i.region, (i.trigger as { source: string }).source])).toEqual([
      [MEMBER, 'us-east-1', 'tag-change'],
      [MEMBER, 'us-east-1', 'follow-up'],
    ]);
    // A member's VPC is locked, and its executions named, by account, region and VPC.
    expect([...harness.sfn.executions.keys()].map((name) => name.replace(/-[a-z0-9]+-g\d+$/, ''))).toEqual([
      `${MEMBER}-us-east-1-${vpc.vpcId}`,
      `${MEMBER}-us-east-1-${vpc.vpcId}`,
    ]);
    const lockKeys = [...harness.dynamo.table('privatelink-test-locks').keys()].map(
      (k) => (JSON.parse(k) as [string, { S: string }][])[0]?.[1].S,
    );
    expect(lockKeys).toContain(`${MEMBER}-us-east-1-${vpc.vpcId}`);
    expect(lockKeys).not.toContain(vpc.vpcId);
    sts.restore();
  });
});

describe('the live probe of a member VPC', () => {
  it("runs in the member's account, as the spoke's probe role, and its verdict is the run's", async () => {
    const { vpc, harness } = taggedWorld('ssm');
    const sts = spokeRoleAssumable();
    await onVpcEvent(forwardedFrom(MEMBER, vpc.vpcId) as never, context);

    const [run] = await harness.runQueued();

    expect(run?.status).toBe('SUCCEEDED');
    const copies = harness.lambda.created.filter((f) => f.FunctionName?.includes('-probe-'));
    expect(copies.map((f) => f.Role)).toEqual([`arn:aws:iam::${MEMBER}:role/privatelink-probe`]);
    const live = (run?.output as ExecutionResult).services[0]?.checks.filter((c) =>
      c.name.startsWith('live'),
    );
    expect(live?.map((c) => c.status)).toEqual(['pass']);
    sts.restore();
  });
});
