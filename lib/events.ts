import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';

export const EVENT_SOURCE = 'privatelink.orchestrator';
export type DetailType =
  | 'PrivateLink Provisioning Succeeded'
  | 'PrivateLink Provisioning Failed'
  | 'PrivateLink Drift Detected'
  | 'PrivateLink Connectivity Check Failed';

export interface EventSink {
  emit(detailType: DetailType, detail: Record<string, unknown>): Promise<void>;
}

/** Publishes our events on the account's default bus (or EVENT_BUS_NAME), failing loudly on rejects. */
export class EventBridgeSink implements EventSink {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName = 'default',
  ) {}

  async emit(detailType: DetailType, detail: Record<string, unknown>): Promise<void> {
    const out = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: EVENT_SOURCE,
            DetailType: detailType,
            Detail: JSON.stringify(detail),
            EventBusName: this.busName,
          },
        ],
      }),
    );
    if ((out.FailedEntryCount ?? 0) > 0) {
      const entry = out.Entries?.find((e) => e.ErrorCode);
      throw new Error(`PutEvents rejected ${detailType}: ${entry?.ErrorCode}: ${entry?.ErrorMessage}`);
    }
  }
}
