import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';

export const EVENT_SOURCE = 'privatelink.orchestrator';
export type DetailType =
  | 'PrivateLink Provisioning Succeeded'
  | 'PrivateLink Provisioning Failed'
  | 'PrivateLink Drift Detected'
  | 'PrivateLink Connectivity Check Failed';

export interface EventSink {
  emit(detailType: DetailType, detail: Record<string, unknown>): Promise<void>;
  /** Many events of one type, in as few PutEvents calls as EventBridge allows (10 entries each). */
  emitAll(detailType: DetailType, details: Record<string, unknown>[]): Promise<void>;
}

const PUT_EVENTS_MAX_ENTRIES = 10;

/** Publishes our events on the account's default bus (or EVENT_BUS_NAME), failing loudly on rejects. */
export class EventBridgeSink implements EventSink {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName = 'default',
  ) {}

  emit(detailType: DetailType, detail: Record<string, unknown>): Promise<void> {
    return this.emitAll(detailType, [detail]);
  }

  async emitAll(detailType: DetailType, details: Record<string, unknown>[]): Promise<void> {
    for (let i = 0; i < details.length; i += PUT_EVENTS_MAX_ENTRIES) {
      const entries = details.slice(i, i + PUT_EVENTS_MAX_ENTRIES).map((detail) => ({
        Source: EVENT_SOURCE,
        DetailType: detailType,
        Detail: JSON.stringify(detail),
        EventBusName: this.busName,
      }));
      const out = await this.client.send(new PutEventsCommand({ Entries: entries }));
      if ((out.FailedEntryCount ?? 0) > 0) {
        const entry = out.Entries?.find((e) => e.ErrorCode);
        throw new Error(`PutEvents rejected ${detailType}: ${entry?.ErrorCode}: ${entry?.ErrorMessage}`);
      }
    }
  }
}
