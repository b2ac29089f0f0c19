import fc from 'fast-check';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoPaceStore } from '../../lib/aws/dynamo-pace';
import { paceKey, reservePermit, secondsUntil, type PaceLimit } from '../../lib/domain/pace';
import { installSimDynamo, SimDynamo } from '../support/sim-dynamodb';

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
    const key = paceKey('endpoint', '111122223333', 'us-east-1');
    const reservations = await Promise.all(
      Array.from({ length: 30 }, () => store.reserve(key, EC2_ENDPOINT_BUCKET, 0)),
    );
    const got = reservations.map((r) => Math.round(r.grantAt)).sort((a, b) => a - b);
    expect(got).toEqual(grants(Array(30).fill(0), EC2_ENDPOINT_BUCKET).map(Math.round));
  });

  it('keeps one record per bucket, account and region', async () => {
    const other = await store.reserve(
      paceKey('endpoint', '444455556666', 'us-east-1'),
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
