export const EVENT_SOURCE = 'privatelink.orchestrator';
export type DetailType =
  | 'PrivateLink Provisioning Succeeded'
  | 'PrivateLink Provisioning Failed'
  | 'PrivateLink Drift Detected'
  | 'PrivateLink Connectivity Check Failed'
  | 'PrivateLink Endpoint Awaiting Acceptance'
  | 'PrivateLink Organization Drift Checked';

export interface EventSink {
  emit(detailType: DetailType, detail: Record<string, unknown>): Promise<void>;
  /** Many events of one type, in as few PutEvents calls as EventBridge allows (10 entries each). */
  emitAll(detailType: DetailType, details: Record<string, unknown>[]): Promise<void>;
}

/** Where events go that nobody asked for: the CLI without --emit-events, the tests, the benchmark. */
export const silentEvents: EventSink = { emit: async () => undefined, emitAll: async () => undefined };
