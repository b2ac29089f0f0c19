import {
  ConditionalCheckFailedException,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { PaceContentionError } from '../domain/errors';
import {
  paceSteps,
  reservePermit,
  type PaceLimit,
  type PaceReservation,
  type PaceStore,
} from '../domain/pace';
import { dynamoSend } from './dynamo-send';

/** Tries before a reservation gives up to Step Functions' retry: each try is one conditional write. */
const TRIES = 6;

/**
 * The pace records (lib/domain/pace.ts) in the lock table, one item per bucket, account and region,
 * keyed `pace#…` in the table's key attribute. Two conditional writes, no read:
 * - while permits are queued (`tat` not yet past), move `tat` one interval on atomically: any number of
 *   concurrent callers each get their own slot, none fails;
 * - when the queue is idle (`tat` past or missing), set it from now; a caller that loses this race finds
 *   the queue busy and takes the first path.
 */
export class DynamoPaceStore implements PaceStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async reserve(key: string, limit: PaceLimit, now: number, cost = 1): Promise<PaceReservation> {
    const { increment: interval } = paceSteps(limit, cost);
    for (let tries = 0; tries < TRIES; tries += 1) {
      const queued = await this.update(key, 'SET tat = tat + :interval', 'tat >= :now', now, interval);
      // The record moved from queued − interval: the grant is the pure rule's for that `tat`.
      if (queued !== undefined) {
        return { grantAt: reservePermit(queued - interval, now, limit, cost).grantAt, nextTat: queued };
      }
      const idle = await this.update(
        key,
        'SET tat = :next',
        'attribute_not_exists(tat) OR tat < :now',
        now,
        now + interval,
      );
      if (idle !== undefined) return { grantAt: now, nextTat: idle };
    }
    throw new PaceContentionError(key, TRIES);
  }

  /** One conditional write; the new `tat`, or undefined when the condition did not hold. */
  private async update(
    key: string,
    expression: string,
    condition: string,
    now: number,
    value: number,
  ): Promise<number | undefined> {
    const uses = (name: string) => expression.includes(name) || condition.includes(name);
    try {
      const out = await dynamoSend(
        this.client,
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { vpcId: { S: key } },
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeValues: {
            ...(uses(':now') ? { ':now': { N: String(now) } } : {}),
            ...(uses(':interval') ? { ':interval': { N: String(value) } } : {}),
            ...(uses(':next') ? { ':next': { N: String(value) } } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Number(out.Attributes?.tat?.N);
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return undefined;
      throw err;
    }
  }
}
