import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE, type DetailType, type EventSink } from '../domain/events';

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
