import { OWNER_TAG, parseConfig } from '../../lib/domain/config';
import { hubCallsOf, route53CallsOf, spokeReadsAfterPlan } from '../../lib/domain/central/route53-calls';
import { checkedOnPlan, type CentralWork, type LinkView } from '../../lib/domain/central/links';
import { AwsTransientError, Route53BusyError } from '../../lib/domain/errors';
import { reservePermit, type PaceLimit, type PaceStore } from '../../lib/domain/pace';
import { MAX_PERMITS_PER_ENDPOINT } from '../../lib/workflow/reserve-permit-step';
import {
  awaitPlanZoneReads,
  PLAN_ZONE_WAIT_SECONDS,
  route53PermitToCall,
} from '../../lib/workflow/route53-permit';
import { requeueAfterThrottling } from '../../lib/workflow/step-permit';

const vpc = { accountId: '111122223333', region: 'us-east-1', vpcId: 'vpc-0123456789abcdef0', own: true };
const ctx = { config: parseConfig(JSON.stringify({ central: {} }), 'stack') };

/** One GCRA record per key, as the lock table keeps them. */
function paceStore(): PaceStore & { keys: string[] } {
  const tats = new Map<string, number>();
  return {
    keys: [],
    async reserve(key: string, limit: PaceLimit, now: number, cost?: number) {
      this.keys.push(key);
      const r = reservePermit(tats.get(key), now, limit, cost);
      tats.set(key, r.nextTat);
      return r;
    },
  };
}

const spokeWork = (associations: number): CentralWork => ({
  role: 'spoke',
  served: [],
  createZones: [],
  upsertRecords: [],
  addEntries: [],
  removeEntries: [],
  associate: Array.from({ length: associations }, (_, i) => ({ zoneId: `Z${i}`, name: `s${i}` })),
  disassociate: [],
  deleteZones: [],
});

describe("LinkCentral's Route 53 calls", () => {
  it("count a spoke's reads, its associations and the EC2 reads of its turn and checks", () => {
    expect(route53CallsOf(spokeWork(6), 6)).toEqual({
      account: 4 + 1 + 6,
      associate: 6,
      createZone: 0,
      ec2Reads: 26,
    });
  });

  it("count a served spoke's live probe reads when the probe follows, and none when it is off", () => {
    const served = { ...spokeWork(1), served: ['ssm'] };
    const without = route53CallsOf(served, 1).ec2Reads;
    expect(route53CallsOf(served, 1, { probe: 'servedOnly' }).ec2Reads - without).toBe(4);
    expect(route53CallsOf(served, 1, { probe: 'withOwn' }).ec2Reads - without).toBe(20);
    expect(route53CallsOf(spokeWork(1), 1, { probe: 'withOwn' }).ec2Reads).toBe(
      route53CallsOf(spokeWork(1), 1).ec2Reads,
    );
  });

  it('count no reads of CheckConnectivity for a spoke checked on what Plan read', () => {
    const work = spokeWork(6);
    expect(route53CallsOf(work, 6).ec2Reads - route53CallsOf(work, 6, { checkedOnPlan: true }).ec2Reads).toBe(
      8,
    );
  });

  it("count none of the reads a spoke's run reserved at its start, and the rest of a turn that reads more", () => {
    const served = { ...spokeWork(6), served: ['ssm'] };
    const shape = { onPlan: true, viewKnown: true, checkedOnPlan: true, maxSpokeCidrs: 500 };
    const prepaid = spokeReadsAfterPlan(500, true);
    // The read-back (the lists, five pages of entries) and the probe's two on Plan's view.
    expect(prepaid).toBe(1 + 5 + 2);
    expect(route53CallsOf(served, 6, { ...shape, probe: 'servedOnlyOnPlan', prepaid }).ec2Reads).toBe(0);
    expect(route53CallsOf(served, 6, { ...shape, probe: 'servedOnly', prepaid }).ec2Reads).toBe(2);
    expect(route53CallsOf(served, 6, { ...shape, probe: 'withOwn', prepaid }).ec2Reads).toBe(18);
  });

  it('check a links-only spoke on what Plan read unless LinkCentral may retire an endpoint of ours there', () => {
    const view = {
      vpc: { vpcId: vpc.vpcId, ownerId: vpc.accountId, cidrBlocks: ['10.20.0.0/16'] },
      region: 'us-east-1',
      endpoints: [],
      offers: {},
    };
    const ssm = { ...spokeWork(1), served: ['ssm'] };
    const endpoint = {
      endpointId: 'vpce-0123456789abcdef0',
      serviceName: 'com.amazonaws.us-east-1.ssm',
      type: 'Interface' as const,
      state: 'available',
      tags: { [OWNER_TAG]: 'stack' },
    } as unknown as LinkView['endpoints'][number];
    expect(checkedOnPlan(view, ssm, 'stack')).toBe(true);
    expect(checkedOnPlan(undefined, ssm, 'stack')).toBe(false);
    expect(checkedOnPlan({ ...view, endpoints: [endpoint] }, ssm, 'stack')).toBe(false);
    // Another stack's endpoint is never ours to retire; a central VPC's run is not a spoke's.
    expect(checkedOnPlan({ ...view, endpoints: [{ ...endpoint, tags: {} }] }, ssm, 'stack')).toBe(true);
    expect(checkedOnPlan(view, { ...ssm, role: 'central' }, 'stack')).toBe(false);
  });

  it("count a spoke's turn on Plan's work as its read-back only, sized to the spoke list's pages", () => {
    const work = spokeWork(6);
    // Its zones after (6) and their tags (one call); its VPC, endpoints, the lists and a page per 100 entries.
    expect(route53CallsOf(work, 0, { onPlan: true, maxSpokeCidrs: 50 })).toEqual({
      account: 1 + 1 + 6,
      associate: 6,
      createZone: 0,
      ec2Reads: 3 + 1 + 8,
    });
    expect(route53CallsOf(work, 0, { onPlan: true, maxSpokeCidrs: 500 }).ec2Reads).toBe(3 + 5 + 8);
    // With only links to do, its VPC and endpoints as Plan read them: the lists only.
    expect(route53CallsOf(work, 0, { onPlan: true, viewKnown: true, maxSpokeCidrs: 50 }).ec2Reads).toBe(
      1 + 1 + 8,
    );
    // A turn that reads first: twice the read-back and the central VPC.
    expect(route53CallsOf(work, 0, { maxSpokeCidrs: 500 }).ec2Reads).toBe(2 * (3 + 5) + 3 + 8);
  });

  it("count a central VPC's zones made, each with its tags, records, authorizations and read-back", () => {
    const work: CentralWork = {
      ...spokeWork(0),
      role: 'central',
      createZones: [{ service: 'ssm', name: 'ssm.us-east-1.amazonaws.com' }],
      upsertRecords: [{ zoneName: 'ssm.us-east-1.amazonaws.com', records: [] }],
    };
    expect(route53CallsOf(work, 1)).toEqual({
      account: 2 * 5 + 2 + 2,
      associate: 0,
      createZone: 1,
      ec2Reads: 18,
    });
  });
});

describe("LinkCentral's permits", () => {
  it('wait for the latest of the buckets they need: 20 spokes at once queue on the EC2 read pace, the slowest', async () => {
    const pace = paceStore();
    const deps = { pace, now: () => 0 };
    const waits: number[] = [];
    const grants: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const got = await route53PermitToCall(route53CallsOf(spokeWork(6), 6), undefined, vpc, ctx, deps);
      waits.push(got.go ? 0 : got.permit.waitSeconds);
      grants.push(got.go ? 0 : Date.parse(got.permit.grantAt));
    }
    // 26 reads a spoke of a burst of 80 and 15 a second (1.73 s a spoke, against 1.26 s for its six
    // associations at 4.75 a second): three at once, the twentieth 19 × 26 / 15 − (80 − 26) / 15 s on.
    expect(waits.slice(0, 4)).toEqual([0, 0, 0, 2]);
    expect(grants[19]).toBeCloseTo(29_333, -1);
    expect(new Set(pace.keys)).toEqual(
      new Set([
        'pace#read#111122223333#us-east-1',
        'pace#route53-account#111122223333',
        'pace#route53-associate#111122223333',
      ]),
    );
  });

  it("reserve a member's spoke's calls in the hub's account too: its reads and each association's authorizations", async () => {
    const pace = paceStore();
    const deps = { pace, now: () => 0 };
    const member = { ...vpc, accountId: '222222222222', own: false };
    const work = spokeWork(2);
    const hub = { accountId: '111122223333', ...hubCallsOf(work) };

    expect(hubCallsOf(work)).toEqual({ account: 4 + 2 * 2, ec2Reads: 10 });
    await route53PermitToCall(route53CallsOf(work, 2), undefined, member, ctx, deps, hub);

    expect(new Set(pace.keys)).toEqual(
      new Set([
        'pace#read#222222222222#us-east-1',
        'pace#route53-account#222222222222',
        'pace#route53-associate#222222222222',
        'pace#read#111122223333#us-east-1',
        'pace#route53-account#111122223333',
      ]),
    );
  });

  it("reserve Plan's Route 53 reads as Plan starts, in the hub's account too for a member's VPC", async () => {
    const pace = paceStore();
    const slept: number[] = [];
    const deps = { pace, now: () => 0, sleep: async (ms: number) => void slept.push(ms) };
    const member = { ...vpc, accountId: '222222222222', own: false };

    await awaitPlanZoneReads(member, '111122223333', ctx, deps);

    expect(pace.keys).toEqual(['pace#route53-account#222222222222', 'pace#route53-account#111122223333']);
    expect(slept).toEqual([]);
  });

  it("let Plan sleep through a short turn of the account's Route 53 pace, and run again after a long one", async () => {
    const { account } = ctx.config.pace.route53;
    const slept: number[] = [];
    const busyFor = (seconds: number) => ({
      pace: {
        reserve: async (_key: string, _limit: PaceLimit, now: number, cost?: number) =>
          reservePermit(
            now + seconds * 1000 + (account.burst / account.perSecond) * 1000,
            now,
            account,
            cost,
          ),
      },
      now: () => 0,
      sleep: async (ms: number) => void slept.push(ms),
    });

    await awaitPlanZoneReads(vpc, undefined, ctx, busyFor(5));
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThan(0);
    expect(slept[0]).toBeLessThanOrEqual(PLAN_ZONE_WAIT_SECONDS * 1000);
    await expect(awaitPlanZoneReads(vpc, undefined, ctx, busyFor(60))).rejects.toThrow(AwsTransientError);
    expect(slept).toHaveLength(1);
  });

  it('go with a permit held, and after throttling wait at least a second even with every queue idle', async () => {
    const deps = { pace: paceStore(), now: () => 0 };
    const calls = route53CallsOf(spokeWork(1), 1);
    const permit = { grantAt: '', waitSeconds: 0, calls: calls.account, taken: 1 };
    expect(await route53PermitToCall(calls, { permit, throttled: null }, vpc, ctx, deps)).toEqual({
      go: true,
    });
    const again = await route53PermitToCall(
      calls,
      { permit, throttled: { Error: 'ThrottlingError' } },
      vpc,
      ctx,
      deps,
    );
    expect(again).toMatchObject({ go: false, permit: { waitSeconds: 1, taken: 2 } });
  });

  it('give up naming the cause after their permits ran out', async () => {
    const deps = { pace: paceStore(), now: () => 0 };
    const permit = { grantAt: '', waitSeconds: 1, calls: 1, taken: MAX_PERMITS_PER_ENDPOINT };
    await expect(
      route53PermitToCall(route53CallsOf(spokeWork(1), 1), { permit, throttled: {} }, vpc, ctx, deps),
    ).rejects.toThrow(Route53BusyError);
  });
});

describe('a paced step throttled anyway', () => {
  it('takes a new permit and waits at least a second before it reads again, even with the queue idle', async () => {
    const deps = { pace: paceStore(), now: () => 0 };
    const permit = { grantAt: '', waitSeconds: 0, calls: 2, taken: 1 };
    expect(await requeueAfterThrottling({ permit, throttled: null }, vpc, ctx, deps)).toBeUndefined();
    expect(
      await requeueAfterThrottling({ permit, throttled: { Error: 'ThrottlingError' } }, vpc, ctx, deps),
    ).toMatchObject({
      waitSeconds: 1,
      calls: 2,
      taken: 2,
    });
  });
});

describe('the Route 53 paces in the config', () => {
  it("are refused above Route 53's published buckets, naming the bucket and the limit", () => {
    expect(() =>
      parseConfig(JSON.stringify({ pace: { route53: { associate: { perSecond: 6 } } } }), 'stack'),
    ).toThrow(/pace\.route53\.associate\.perSecond.*must not exceed Route 53's published perSecond of 5/);
  });
});
