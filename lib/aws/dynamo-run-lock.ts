import {
  ConditionalCheckFailedException,
  GetItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type UpdateItemCommandInput,
  type UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import {
  CREATION_INTENT_TTL_MS,
  type CreationIntent,
  type LockRecord,
  type RunLockStore,
} from '../domain/run-lock';
import { dynamoSend } from './dynamo-send';

type Item = Record<string, AttributeValue>;

function toRecord(vpcId: string, item: Item | undefined): LockRecord | undefined {
  if (!item) return undefined;
  return {
    vpcId,
    holder: item.holder?.S,
    pending: item.pending?.BOOL ?? false,
    generation: Number(item.generation?.N ?? '0'),
    epoch: item.epoch?.S ?? '0',
  };
}

const epochNow = () => Date.now().toString(36);

/** An attribute name DynamoDB takes without aliases, one per endpoint key. */
const creationAttribute = (key: string) =>
  `creating_${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;

/** The per-VPC lock record in a DynamoDB table keyed by `vpcId`, changed only by conditional updates. */
export class DynamoRunLockStore implements RunLockStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  private key(vpcId: string) {
    return { vpcId: { S: vpcId } };
  }

  /** The VPC's record as it is now (a consistent read: it follows conditional writes just made). */
  private read(vpcId: string) {
    return dynamoSend(
      this.client,
      new GetItemCommand({ TableName: this.tableName, Key: this.key(vpcId), ConsistentRead: true }),
    );
  }

  /** One conditional write to the VPC's record: its output, or undefined when its condition did not hold. */
  private async updateIf(
    vpcId: string,
    update: Omit<UpdateItemCommandInput, 'TableName' | 'Key'>,
  ): Promise<UpdateItemCommandOutput | undefined> {
    try {
      return await dynamoSend(
        this.client,
        new UpdateItemCommand({ TableName: this.tableName, Key: this.key(vpcId), ...update }),
      );
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return undefined;
      throw err;
    }
  }

  async markPending(vpcId: string): Promise<LockRecord> {
    const out = await dynamoSend(
      this.client,
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: this.key(vpcId),
        UpdateExpression:
          'SET pending = :true, epoch = if_not_exists(epoch, :epoch), generation = if_not_exists(generation, :zero)',
        ExpressionAttributeValues: {
          ':true': { BOOL: true },
          ':epoch': { S: epochNow() },
          ':zero': { N: '0' },
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toRecord(vpcId, out.Attributes) ?? { vpcId, pending: true, generation: 0, epoch: '0' };
  }

  async acquire(vpcId: string, executionId: string, staleHolder?: string) {
    const taken = await this.updateIf(vpcId, {
      UpdateExpression:
        'SET holder = :me, pending = :false, epoch = if_not_exists(epoch, :epoch), generation = if_not_exists(generation, :zero)',
      ConditionExpression: staleHolder ? 'holder = :stale' : 'attribute_not_exists(holder) OR holder = :me',
      ExpressionAttributeValues: {
        ':me': { S: executionId },
        ':false': { BOOL: false },
        ':epoch': { S: epochNow() },
        ':zero': { N: '0' },
        ...(staleHolder ? { ':stale': { S: staleHolder } } : {}),
      },
    });
    if (taken) return { acquired: true, holder: executionId };
    const current = await this.read(vpcId);
    return { acquired: false, holder: toRecord(vpcId, current.Item)?.holder };
  }

  async advanceGeneration(vpcId: string, generation: number): Promise<LockRecord> {
    const out = await this.updateIf(vpcId, {
      UpdateExpression: 'SET generation = generation + :one',
      ConditionExpression: 'generation = :seen',
      ExpressionAttributeValues: { ':one': { N: '1' }, ':seen': { N: String(generation) } },
      ReturnValues: 'ALL_NEW',
    });
    if (out) return toRecord(vpcId, out.Attributes) as LockRecord;
    // Someone moved it on first: their generation is ours too.
    const current = await this.read(vpcId);
    return toRecord(vpcId, current.Item) as LockRecord;
  }

  async release(vpcId: string, executionId: string, awaiting?: string[]): Promise<LockRecord | undefined> {
    // The endpoints left awaiting acceptance travel with the release: one write, under the same condition.
    const noted = awaiting?.length ? ', awaitingAcceptance = :aw' : '';
    const cleared = awaiting && awaiting.length === 0 ? ', awaitingAcceptance' : '';
    const out = await this.updateIf(vpcId, {
      UpdateExpression: `REMOVE holder${cleared} SET generation = generation + :one${noted}`,
      ConditionExpression: 'holder = :me',
      ExpressionAttributeValues: {
        ':me': { S: executionId },
        ':one': { N: '1' },
        ...(noted ? { ':aw': { S: JSON.stringify(awaiting) } } : {}),
      },
      ReturnValues: 'ALL_OLD',
    });
    // Not ours any more (taken over after we were presumed dead): nothing to release.
    return out ? toRecord(vpcId, out.Attributes) : undefined;
  }

  async claimCreation(vpcId: string, key: string, intent: CreationIntent): Promise<CreationIntent> {
    const current = await this.read(vpcId);
    const raw = current.Item?.[creationAttribute(key)]?.S;
    const noted = raw ? (JSON.parse(raw) as CreationIntent) : undefined;
    if (noted && noted.request === intent.request && intent.at - noted.at < CREATION_INTENT_TTL_MS)
      return noted;
    // One Map item per endpoint: each writes its own attribute, so parallel items never overwrite each other.
    await dynamoSend(
      this.client,
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: this.key(vpcId),
        UpdateExpression: `SET ${creationAttribute(key)} = :intent`,
        ExpressionAttributeValues: { ':intent': { S: JSON.stringify(intent) } },
      }),
    );
    return intent;
  }

  async forgetCreations(vpcId: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await dynamoSend(
      this.client,
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: this.key(vpcId),
        UpdateExpression: `REMOVE ${[...new Set(keys)].map(creationAttribute).join(', ')}`,
      }),
    );
  }

  async claimLinksTurn(vpcId: string, executionId: string): Promise<boolean> {
    const noted = await this.updateIf(vpcId, {
      UpdateExpression: 'SET linksActedBy = :execution',
      ConditionExpression: 'attribute_not_exists(linksActedBy) OR linksActedBy <> :execution',
      ExpressionAttributeValues: { ':execution': { S: executionId } },
    });
    return noted !== undefined;
  }

  async recordProbe(vpcId: string, result: unknown): Promise<void> {
    await dynamoSend(
      this.client,
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: this.key(vpcId),
        UpdateExpression: 'SET lastProbe = :probe',
        ExpressionAttributeValues: { ':probe': { S: JSON.stringify(result) } },
      }),
    );
  }

  async holderOf(vpcId: string): Promise<string | undefined> {
    return toRecord(vpcId, (await this.read(vpcId)).Item)?.holder;
  }

  async awaitingAcceptance(vpcId: string): Promise<string[]> {
    const raw = (await this.read(vpcId)).Item?.awaitingAcceptance?.S;
    return raw ? (JSON.parse(raw) as string[]) : [];
  }

  async lastProbe(vpcId: string): Promise<unknown> {
    const out = await this.read(vpcId);
    const raw = out.Item?.lastProbe?.S;
    return raw ? (JSON.parse(raw) as unknown) : undefined;
  }
}
