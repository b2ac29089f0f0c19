import { GetItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** How long a local executor's lease holds without renewal; it renews at a third of that. */
export const LEASE_MS = 30_000;

/**
 * Who runs an emulator execution (docs/architecture.md, "Local runs"): the emulator records an execution
 * RUNNING and runs nothing, so a local executor (`--local`) holds a lease on each execution it runs, in the
 * lock table, and renews it while it runs. An execution RUNNING with no live lease has no executor — it
 * was killed hard (`kill -9`, a closed terminal) — and a later local run may stop it and take the VPC over.
 */
export class LocalLeases {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  private key(executionArn: string) {
    return { vpcId: { S: `lease#${executionArn}` } };
  }

  private async write(executionArn: string, until: number): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: this.key(executionArn),
        UpdateExpression: 'SET leaseUntil = :until',
        ExpressionAttributeValues: { ':until': { N: String(until) } },
      }),
    );
  }

  /** Holds the lease while the returned release is not called, renewing it in the background. */
  async hold(executionArn: string): Promise<() => Promise<void>> {
    await this.write(executionArn, this.now() + LEASE_MS);
    const renew = setInterval(() => {
      void this.write(executionArn, this.now() + LEASE_MS).catch(() => undefined);
    }, LEASE_MS / 3);
    renew.unref();
    return async () => {
      clearInterval(renew);
      await this.write(executionArn, 0);
    };
  }

  /** Whether a local executor runs the execution now (its lease has not lapsed). */
  async isHeld(executionArn: string): Promise<boolean> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: this.key(executionArn), ConsistentRead: true }),
    );
    return Number(out.Item?.leaseUntil?.N ?? '0') > this.now();
  }
}
