import { SHARED_RETRY, type Json } from '../../lib/workflow/state-machine/builder';

/**
 * How an execution paced EC2's endpoint API in 0.1 — 4 slots, each held 14 s, which keeps one execution
 * within the bucket (burst 4, 0.3/s) but lets N executions send N times it — kept only as the baseline the
 * fleet test and `npm run bench` measure the shipped account-wide pace against. Made from the shipped
 * definition: its ApplyEndpoints Map runs ApplyEndpoint then a 14 s Wait, with no permits.
 */
export type EndpointPacing = 'account' | 'execution';

export function withExecutionPacing(definition: Json): Json {
  const copy = structuredClone(definition) as { States: Record<string, Json> };
  const map = copy.States.ApplyEndpoints as {
    ItemSelector: Record<string, unknown>;
    ItemProcessor: { States: Record<string, Json> };
  };
  // The item as 0.1 had it: no permits, no queue to go back to when throttled.
  const task = { ...map.ItemProcessor.States.ApplyEndpoint } as Json & { Retry: Json[] };
  delete task.Catch;
  delete task.End;
  // Throttling retried in place, as every Task did then, before the ConflictError retrier.
  task.Retry = [
    ...SHARED_RETRY,
    ...task.Retry.filter((r) => (r.ErrorEquals as string[]).includes('ConflictError')),
  ];
  delete map.ItemSelector.permit;
  map.ItemProcessor = {
    ...map.ItemProcessor,
    StartAt: 'ApplyEndpoint',
    States: {
      ApplyEndpoint: { ...task, Next: 'PaceEndpointMutations' },
      PaceEndpointMutations: { Type: 'Wait', Seconds: 14, End: true },
    },
  } as never;
  return copy;
}
