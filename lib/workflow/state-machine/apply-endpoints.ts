import { catchTo, EXECUTION_ID, flow, resultAt, retryOn, task, wait, type Json } from './builder';

/**
 * How an execution paces EC2's endpoint API (burst 4, 0.3 per second per account and region): each item
 * reserves a permit of the account-wide pace and waits for it in a Wait state (docs/architecture.md, "One
 * pace per account"); throttling by other callers sends the item back to the queue, so no retry deadline
 * is shorter than the queue. (0.1's per-execution pacing, the benchmark's baseline, is made from this
 * definition in tests/support/baseline-pacing.ts.)
 */

const APPLY_COMMENT =
  'One endpoint, one mutating call. ConflictError covers an endpoint still pending or modifying (IncorrectState): retried for about 4 minutes, longer than an endpoint takes to settle.';
const CONFLICT_RETRY = [retryOn('ConflictError', { interval: 15, attempts: 6, backoff: 1.5, maxDelay: 60 })];
const ITEM = {
  item: '$.item',
  vpc: '$.vpc',
  securityGroupId: '$.securityGroupId',
  portGroupIds: '$.portGroupIds',
  executionId: '$.executionId',
};

/** The states of one paced item: reserve a permit, wait for it, make the one mutating call. */
export interface PacedItemNames {
  reserve: string;
  wait: string;
  apply: string;
}

const APPLY_NAMES: PacedItemNames = {
  reserve: 'ReservePermit',
  wait: 'WaitForPermit',
  apply: 'ApplyEndpoint',
};

/** An item that waits its turn in the account's pace; used by ApplyEndpoints and by CutOverDns. */
export const accountPacedItem = (names: PacedItemNames = APPLY_NAMES, comment = APPLY_COMMENT) =>
  flow(
    task(names.reserve, {
      step: 'ReservePermit',
      comment:
        "Reserves a permit of the account's endpoint-API pace, first come first served; a permit is a time, never a held resource.",
      params: {
        taken: '$.permit.taken',
        vpc: '$.vpc',
        executionId: '$.executionId',
      },
      resultPath: 'permit',
      next: names.wait,
    }),
    wait(names.wait, '$.permit.waitSeconds', names.apply),
    task(names.apply, {
      step: 'ApplyEndpoint',
      comment: `${comment} Throttled anyway (another caller spent the bucket), or a repeated creation found its endpoint deleted since: back to the queue for a new permit.`,
      params: ITEM,
      throttling: 'requeue',
      retry: CONFLICT_RETRY,
      catch: [catchTo(names.reserve, 'throttled', ['ThrottlingError', 'StaleCreationError'])],
    }),
  );

/** The ApplyEndpoints Map: one item per endpoint to create or modify. */
export const applyEndpoints: Json = {
  Type: 'Map',
  Comment: "Each endpoint waits for a permit of the account's pace, shared with every other execution.",
  ItemsPath: '$.plan.mutations',
  ItemSelector: {
    'item.$': '$$.Map.Item.Value',
    'vpc.$': '$.vpc',
    'securityGroupId.$': '$.securityGroup.groupId',
    'portGroupIds.$': '$.securityGroup.portGroupIds',
    'executionId.$': EXECUTION_ID,
    permit: { taken: 0 },
  },
  MaxConcurrency: 4,
  ItemProcessor: {
    ProcessorConfig: { Mode: 'INLINE' },
    StartAt: 'ReservePermit',
    States: accountPacedItem(),
  },
  ResultPath: resultAt('applied'),
  Catch: [catchTo('StartCompensation', 'error')],
  Next: 'StartWaiting',
};
