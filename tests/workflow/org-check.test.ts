import '../support/hub-config';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { summarizeOrgCheckStep } from '../../lib/workflow/summarize-org-check-step';
import type { EventSink } from '../../lib/domain/events';
import { lambdaContext } from '../../cli/local-handlers';
import { deployment, useDeployment } from '../../functions/_shared/compose';
import { silentEvents } from '../../lib/domain/events';
import { reservePermit, type PaceLimit, type PaceStore } from '../../lib/domain/pace';
import { checkTargets } from '../../lib/operations/org-drift/check-targets';
import { summarize } from '../../lib/operations/org-drift/summary';
import { SIM_ACCOUNT } from '../support/sim-sts';
import { testConfig } from '../support/config';
import { taggedWorld } from '../support/trigger';

/**
 * The Organization check's parts on the simulated AWS: a hub's schedule starts it, a child checks its
 * batch through the spoke roles — each account's reads first taken from that account's read pace — and
 * reports a member it cannot reach with why, and the summary counts a failed child's targets as unchecked.
 */
const MEMBER = '444455556666';
const GONE = '777788889999';
const HUB_CONFIG = testConfig({
  hub: {
    roleName: 'privatelink-spoke',
    externalId: 'org-test',
    accounts: [MEMBER, GONE],
    regions: ['us-east-1'],
  },
});

/** A pace store in memory: each record's tat, and every key reserved, in order. */
function memoryPace(tats: Record<string, number> = {}): PaceStore & { keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    async reserve(key: string, limit: PaceLimit, now: number, cost = 1) {
      keys.push(key);
      const reservation = reservePermit(tats[key], now, limit, cost);
      tats[key] = reservation.nextTat;
      return reservation;
    },
  };
}

/** One target checked as a child checks it (report mode, an empty pace), and each pause it took. */
async function checkOne(accountId: string) {
  const slept: number[] = [];
  const batch = await checkTargets([{ accountId, region: 'us-east-1' }], {
    config: HUB_CONFIG,
    own: { accountId: SIM_ACCOUNT, region: 'us-east-1', partition: 'aws' },
    session: 'privatelink-org-test',
    events: silentEvents,
    mode: 'report',
    pace: memoryPace(),
    now: () => Date.now(),
    sleep: async (ms) => {
      slept.push(ms);
    },
  });
  return { batch, slept };
}

/** STS lets the hub into MEMBER's spoke role; GONE's role was deleted. */
function spokes() {
  const sts = mockClient(STSClient);
  sts.on(AssumeRoleCommand, { RoleArn: `arn:aws:iam::${MEMBER}:role/privatelink-spoke` }).resolves({
    Credentials: {
      AccessKeyId: 'ASIA',
      SecretAccessKey: 's',
      SessionToken: 't',
      Expiration: new Date(Date.now() + 3_600_000),
    },
  });
  sts.on(AssumeRoleCommand, { RoleArn: `arn:aws:iam::${GONE}:role/privatelink-spoke` }).rejects(
    Object.assign(
      new Error(
        `User is not authorized to perform: sts:AssumeRole on arn:aws:iam::${GONE}:role/privatelink-spoke`,
      ),
      {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      },
    ),
  );
  return sts;
}

describe('the Organization check', () => {
  it("starts from a hub's schedule, in the config's drift mode, instead of walking the members itself", async () => {
    taggedWorld('ssm');
    const orgCheck = 'arn:aws:states:us-east-1:123456789012:stateMachine:privatelink-test-org-drift';
    useDeployment({ ...deployment(), config: HUB_CONFIG, orgCheck: { stateMachineArn: orgCheck } });
    const sfn = mockClient(SFNClient);
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${orgCheck}:run-1`, startDate: new Date() });
    const { handler } = await import('../../functions/drift-check/handler');

    const answer = await handler({} as never, lambdaContext('driftCheck'));

    expect(answer).toEqual({ organizationCheck: `${orgCheck}:run-1` });
    expect(sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input)).toEqual([
      { stateMachineArn: orgCheck, input: JSON.stringify({ mode: HUB_CONFIG.drift.mode }) },
    ]);
  });

  it("checks a batch through the spoke roles, each account's reads taken from its own read pace, and names a member it cannot reach", async () => {
    taggedWorld('ssm');
    spokes();
    const pace = memoryPace({ [`pace#read#${MEMBER}#us-east-1`]: Date.now() + 20_000 });
    const emitted: { detailType: string; detail: Record<string, unknown> }[] = [];
    const recording: EventSink = {
      emit: async (detailType, detail) => {
        emitted.push({ detailType, detail });
      },
      emitAll: async (detailType, details) => {
        details.forEach((detail) => emitted.push({ detailType, detail }));
      },
    };
    const slept: number[] = [];

    const batch = await checkTargets(
      [
        { accountId: MEMBER, region: 'us-east-1' },
        { accountId: GONE, region: 'us-east-1' },
        { accountId: SIM_ACCOUNT, region: 'us-east-1' },
      ],
      {
        config: HUB_CONFIG,
        own: { accountId: SIM_ACCOUNT, region: 'us-east-1', partition: 'aws' },
        session: 'privatelink-org-test',
        events: recording,
        mode: 'report',
        pace,
        now: () => Date.now(),
        sleep: async (ms) => {
          slept.push(ms);
        },
      },
    );

    expect(batch.checked.map((c) => c.accountId)).toEqual([SIM_ACCOUNT, MEMBER]);
    expect(batch.unreachable).toEqual([
      expect.objectContaining({ accountId: GONE, region: 'us-east-1', error: 'SpokeAccessError' }),
    ]);
    expect(batch.unreachable[0]?.message).toContain(GONE);
    expect([...pace.keys].sort()).toEqual(
      [MEMBER, GONE, SIM_ACCOUNT].map((a) => `pace#read#${a}#us-east-1`).sort(),
    );
    // One event per drifted VPC, naming its account: the world's tagged VPC has no endpoint yet.
    expect(emitted.map((e) => [e.detailType, e.detail.account])).toEqual(
      expect.arrayContaining([
        ['PrivateLink Drift Detected', MEMBER],
        ['PrivateLink Drift Detected', SIM_ACCOUNT],
      ]),
    );
    // MEMBER's bucket was busy for 20 s more: its check waited for its turn, the others did not.
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThan(0);
  });

  it.each([
    [1, 'checked'],
    [3, 'not checked, with why'],
  ])(
    'retries a member whose AssumeRole STS throttles %i time(s), never counting it as drift: %s',
    async (times, verdict) => {
      taggedWorld('ssm');
      const sts = mockClient(STSClient);
      const throttled = () =>
        Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });
      let stub = sts.on(AssumeRoleCommand);
      for (let i = 0; i < times; i += 1) stub = stub.rejectsOnce(throttled());
      stub.resolves({
        Credentials: {
          AccessKeyId: 'ASIA',
          SecretAccessKey: 's',
          SessionToken: 't',
          Expiration: new Date(Date.now() + 3_600_000),
        },
      });
      const { batch, slept } = await checkOne(MEMBER);

      expect({
        checked: batch.checked.map((c) => c.accountId),
        unreachable: batch.unreachable.map((u) => u.error),
      }).toEqual(
        verdict === 'checked'
          ? { checked: [MEMBER], unreachable: [] }
          : { checked: [], unreachable: ['ThrottlingError'] },
      );
      expect(slept).toEqual(verdict === 'checked' ? [2000] : [2000, 4000]);
    },
  );

  it("retries a target whose EC2 reads stay throttled past the SDK's own retries, then checks it", async () => {
    const { sim } = taggedWorld('ssm');
    // Five throttles: every attempt of the SDK's first DescribeVpcs call (it makes five).
    sim.failNext('DescribeVpcs', 'RequestLimitExceeded', 5);
    const { batch, slept } = await checkOne(SIM_ACCOUNT);

    expect({ checked: batch.checked.length, unreachable: batch.unreachable }).toEqual({
      checked: 1,
      unreachable: [],
    });
    expect(slept).toEqual([2000]);
  });

  it("counts the targets of a child that failed as unchecked, with the child's error", () => {
    const summary = summarize(3, [
      {
        Status: 'SUCCEEDED',
        Input: '{}',
        Output: JSON.stringify({
          checked: [
            {
              accountId: MEMBER,
              region: 'us-east-1',
              own: false,
              vpcsChecked: 2,
              drifted: ['vpc-1'],
              remediationsStarted: 0,
            },
          ],
          unreachable: [],
        }),
      },
      {
        Status: 'FAILED',
        Input: JSON.stringify({
          Items: [
            { accountId: GONE, region: 'us-east-1' },
            { accountId: SIM_ACCOUNT, region: 'eu-west-1' },
          ],
        }),
        Error: 'Sandbox.Timedout',
        Cause: 'Task timed out after 240 seconds',
      },
    ]);
    expect(summary).toEqual({
      targets: 3,
      checked: 1,
      vpcsChecked: 2,
      drifted: [{ accountId: MEMBER, region: 'us-east-1', vpcIds: ['vpc-1'] }],
      remediationsStarted: 0,
      unreachable: [
        {
          accountId: SIM_ACCOUNT,
          region: 'eu-west-1',
          error: 'Sandbox.Timedout',
          message: 'Task timed out after 240 seconds',
        },
        {
          accountId: GONE,
          region: 'us-east-1',
          error: 'Sandbox.Timedout',
          message: 'Task timed out after 240 seconds',
        },
      ],
    });
  });

  it('summarizes from the files ResultWriter wrote and emits one summary event, its lists capped', async () => {
    const files: Record<string, string> = {
      'org/results/r1/manifest.json': JSON.stringify({
        DestinationBucket: 'org',
        MapRunArn: 'arn:aws:states:us-east-1:123456789012:mapRun:plo-org-drift/CheckTargets:m1',
        ResultFiles: { SUCCEEDED: [{ Key: 'results/r1/SUCCEEDED_0.json', Size: 1 }] },
      }),
      'org/results/r1/SUCCEEDED_0.json': JSON.stringify(
        Array.from({ length: 15 }, (_, b) => ({
          Status: 'SUCCEEDED',
          Input: '{}',
          Output: JSON.stringify({
            checked: Array.from({ length: 10 }, (_, i) => ({
              accountId: String(100000000000 + b * 10 + i),
              region: 'us-east-1',
              own: false,
              vpcsChecked: 1,
              drifted: [`vpc-${b}${i}`],
              remediationsStarted: 0,
            })),
            unreachable: [],
          }),
        })),
      ),
    };
    const s3 = mockClient(S3Client);
    s3.on(GetObjectCommand).callsFake(async (input: { Bucket: string; Key: string }) => ({
      Body: { transformToString: async () => files[`${input.Bucket}/${input.Key}`] ?? '' },
    }));
    const emitted: { detailType: string; detail: Record<string, unknown> }[] = [];
    const events: EventSink = {
      emit: async (detailType, detail) => {
        emitted.push({ detailType, detail });
      },
      emitAll: async () => undefined,
    };

    const summary = await summarizeOrgCheckStep(
      {
        manifest: { targets: 150 },
        results: { Bucket: 'org', Key: 'results/r1/manifest.json' },
        mode: 'report',
        executionId: 'arn:aws:states:us-east-1:123456789012:execution:plo-org-drift:r1',
      },
      { s3: new S3Client({ region: 'us-east-1' }), events },
    );

    expect(summary).toMatchObject({ targets: 150, checked: 150, vpcsChecked: 150 });
    expect(summary.drifted).toHaveLength(150);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]?.detailType).toBe('PrivateLink Organization Drift Checked');
    expect(emitted[0]?.detail).toMatchObject({ checked: 150, driftedTargets: 150, unreachableTargets: 0 });
    expect(emitted[0]?.detail.drifted).toHaveLength(100);
  });
});
