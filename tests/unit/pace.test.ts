import fc from 'fast-check';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoPaceStore } from '../../lib/aws/dynamo-pace';
import { paceKeyOf } from '../../lib/domain/vpc-ref';
import { reservePermit, reserveTogether, secondsUntil, type PaceLimit } from '../../lib/domain/pace';
import { installSimDynamo, SimDynamo } from '../support/sim-dynamodb';
import { permitToCall } from '../../lib/workflow/step-permit';
import { MAX_PERMITS_PER_ENDPOINT } from '../../lib/workflow/reserve-permit-step';
import { EndpointApiBusyError } from '../../lib/domain/errors';

const EC2_ENDPOINT_BUCKET: PaceLimit = { burst: 3, perSecond: 0.28 };

/** Requests at the given times (ms, sorted), each reserving one permit through the pure rule. */
function grants(times: number[], limit: PaceLimit): number[] {
  let tat: number | undefined;
  return times.map((now) => {
    const r = reservePermit(tat, now, limit);
    tat = r.nextTat;
    return r.grantAt;
  });
}

/** Up to 80 requests over ten minutes, in the order they come. */
const requestTimes = fc
  .array(fc.integer({ min: 0, max: 600_000 }), { minLength: 1, maxLength: 80 })
  .map((raw) => [...raw].sort((a, b) => a - b));

describe('the account-wide pace (GCRA reservations)', () => {
  it('grants the burst at once, then one permit per interval', () => {
    expect(grants([0, 0, 0, 0, 0], EC2_ENDPOINT_BUCKET).map(Math.round)).toEqual([0, 0, 0, 3571, 7143]);
  });

  it('never grants more than burst + rate × window in any window, whatever the requests', () => {
    fc.assert(
      fc.property(requestTimes, (times) => {
        const granted = grants(times, EC2_ENDPOINT_BUCKET).sort((a, b) => a - b);
        for (let i = 0; i < granted.length; i += 1) {
          for (let j = i; j < granted.length; j += 1) {
            const window = ((granted[j] ?? 0) - (granted[i] ?? 0)) / 1000;
            expect(j - i + 1).toBeLessThanOrEqual(EC2_ENDPOINT_BUCKET.burst + window * 0.28 + 1e-9);
          }
        }
      }),
    );
  });

  it('serves requests in the order they came: a later request is never granted before an earlier one', () => {
    fc.assert(
      fc.property(requestTimes, (times) => {
        const granted = grants(times, EC2_ENDPOINT_BUCKET);
        granted.forEach((g, i) => expect(g).toBeGreaterThanOrEqual(granted[i - 1] ?? 0));
      }),
    );
  });

  it('refills after a quiet spell: the next burst is granted at once', () => {
    expect(grants([0, 0, 0, 60_000, 60_000, 60_000], EC2_ENDPOINT_BUCKET)).toEqual([
      0, 0, 0, 60_000, 60_000, 60_000,
    ]);
  });

  it('rounds waits up to whole seconds, never below zero', () => {
    expect(secondsUntil(3571, 0)).toBe(4);
    expect(secondsUntil(0, 5000)).toBe(0);
  });
});

describe('the pace records in the lock table', () => {
  const sim = new SimDynamo();
  installSimDynamo(sim);
  const store = new DynamoPaceStore(new DynamoDBClient({ region: 'us-east-1' }), 'locks');

  it('gives 30 callers racing at the same moment 30 distinct slots, as the pure rule would', async () => {
    const key = paceKeyOf('endpoint', { accountId: '111122223333', region: 'us-east-1' });
    const reservations = await Promise.all(
      Array.from({ length: 30 }, () => store.reserve(key, EC2_ENDPOINT_BUCKET, 0)),
    );
    const got = reservations.map((r) => Math.round(r.grantAt)).sort((a, b) => a - b);
    expect(got).toEqual(grants(Array(30).fill(0), EC2_ENDPOINT_BUCKET).map(Math.round));
  });

  it('keeps one record per bucket, account and region', async () => {
    const other = await store.reserve(
      paceKeyOf('endpoint', { accountId: '444455556666', region: 'us-east-1' }),
      EC2_ENDPOINT_BUCKET,
      0,
    );
    expect(other.grantAt).toBe(0);
    expect([...sim.table('locks').keys()].sort()).toEqual([
      JSON.stringify([['vpcId', { S: 'pace#endpoint#111122223333#us-east-1' }]]),
      JSON.stringify([['vpcId', { S: 'pace#endpoint#444455556666#us-east-1' }]]),
    ]);
  });
});

describe('a step that makes several endpoint calls', () => {
  const vpc = { accountId: '111122223333', region: 'us-east-1', vpcId: 'vpc-0123456789abcdef0', own: true };
  const limit = { burst: 3, perSecond: 0.28 };
  const ctx = { config: { pace: { endpoint: limit } } } as never;
  const storeAt = (tat: number | undefined) => ({
    reserve: async (_key: string, l: PaceLimit, now: number, cost?: number) =>
      reservePermit(tat, now, l, cost),
  });

  it('goes at once with nothing to call, or when its reservation is due now', async () => {
    const deps = { pace: storeAt(undefined), now: () => 1_000 };
    expect(await permitToCall(0, undefined, vpc, ctx, deps)).toEqual({ go: true });
    expect(await permitToCall(2, undefined, vpc, ctx, deps)).toEqual({ go: true });
  });

  it('waits for a permit covering all its calls when the queue is long, then goes with it', async () => {
    const deps = { pace: storeAt(100_000), now: () => 1_000 };
    const first = await permitToCall(3, undefined, vpc, ctx, deps);
    expect(first).toMatchObject({ go: false, permit: { calls: 3, taken: 1 } });
    const permit = 'permit' in first ? first.permit : null;
    expect(await permitToCall(3, { permit, throttled: null }, vpc, ctx, deps)).toEqual({ go: true });
  });

  it('queues again after throttling, and gives up naming the cause after its permits ran out', async () => {
    const deps = { pace: storeAt(100_000), now: () => 1_000 };
    const permit = { grantAt: '', waitSeconds: 1, calls: 1, taken: MAX_PERMITS_PER_ENDPOINT - 1 };
    const again = await permitToCall(1, { permit, throttled: { Error: 'ThrottlingError' } }, vpc, ctx, deps);
    expect(again).toMatchObject({ go: false, permit: { taken: MAX_PERMITS_PER_ENDPOINT } });
    const last = 'permit' in again ? again.permit : null;
    await expect(
      permitToCall(1, { permit: last, throttled: { Error: 'ThrottlingError' } }, vpc, ctx, deps),
    ).rejects.toThrow(EndpointApiBusyError);
  });
});

describe('calls of several buckets that one step makes together', () => {
  const READS: PaceLimit = { burst: 80, perSecond: 15 };
  const ASSOCIATE: PaceLimit = { burst: 18, perSecond: 4.75 };
  /** A pace store of the pure rule, one record per key. */
  const memoryStore = () => {
    const tats = new Map<string, number>();
    return {
      reserve: async (key: string, limit: PaceLimit, now: number, cost?: number) => {
        const r = reservePermit(tats.get(key), now, limit, cost);
        tats.set(key, r.nextTat);
        return r;
      },
    };
  };

  it('never spend a bucket faster than its burst and rate, though another bucket sets when they go', async () => {
    const pace = memoryStore();
    // A fleet's first reads queued the read bucket 100 s ahead; then spokes' links come a second apart,
    // each 5 reads and 6 associations, all made at the step's grant.
    await pace.reserve('reads', READS, 0, 1500);
    const used: number[] = [];
    for (let at = 0; at < 20_000; at += 1000) {
      const { grantAt } = await reserveTogether({ pace, now: () => at }, [
        { key: 'reads', limit: READS, cost: 5 },
        { key: 'associate', limit: ASSOCIATE, cost: 6 },
      ]);
      used.push(...Array<number>(6).fill(grantAt));
    }
    for (let i = 0; i < used.length; i += 1)
      for (let j = i; j < used.length; j += 1) {
        const window = ((used[j] ?? 0) - (used[i] ?? 0)) / 1000;
        expect(j - i + 1).toBeLessThanOrEqual(ASSOCIATE.burst + window * ASSOCIATE.perSecond + 1e-9);
      }
  });
});
