import { GetItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * How a local run of an execution ended: its status, the error and cause of a run that did not succeed,
 * the output of one that did (what `follow` and `progress` report, as the emulator cannot say it).
 */
export interface LocalOutcome {
  status: string;
  error?: string;
  cause?: string;
  output?: unknown;
}

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

  private async write(executionArn: string, until: number, outcome?: LocalOutcome): Promise<void> {
    const values = {
      ':until': { N: String(until) },
      ...(outcome ? { ':outcome': { S: JSON.stringify(outcome) } } : {}),
    };
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: this.key(executionArn),
        UpdateExpression: outcome ? 'SET leaseUntil = :until, outcome = :outcome' : 'SET leaseUntil = :until',
        ExpressionAttributeValues: values,
      }),
    );
  }

  /**
   * Holds the lease while the returned release is not called, renewing it in the background; the release
   * records how the run ended (the emulator only ever records it stopped: ABORTED).
   */
  async hold(executionArn: string): Promise<(outcome: LocalOutcome) => Promise<void>> {
    await this.write(executionArn, this.now() + LEASE_MS);
    const renew = setInterval(() => {
      void this.write(executionArn, this.now() + LEASE_MS).catch(() => undefined);
    }, LEASE_MS / 3);
    renew.unref();
    return async (outcome) => {
      clearInterval(renew);
      await this.write(executionArn, 0, outcome);
    };
  }

  /** How a local run of the execution ended, when one ran it to its end. */
  async outcomeOf(executionArn: string): Promise<LocalOutcome | undefined> {
    const raw = (await this.read(executionArn)).Item?.outcome?.S;
    return raw ? (JSON.parse(raw) as LocalOutcome) : undefined;
  }

  private read(executionArn: string) {
    return this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: this.key(executionArn), ConsistentRead: true }),
    );
  }

  /** Whether a local executor runs the execution now (its lease has not lapsed). */
  async isHeld(executionArn: string): Promise<boolean> {
    return Number((await this.read(executionArn)).Item?.leaseUntil?.N ?? '0') > this.now();
  }
}
