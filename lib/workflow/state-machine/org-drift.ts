import { RESULTS } from '../../aws/org-drift-files';
import { camelCase, EXECUTION_ID, SHARED_RETRY, type Json } from './builder';

/**
 * The Organization drift check (docs/architecture.md, "The Organization check"): the hub's targets listed
 * into a JSONL manifest, a Distributed Map over it — batches of targets, each batch a child execution that
 * checks its targets as the single-account check does — its results written to S3, then one summary.
 * Emitted to statemachine/org-drift.asl.json by `npm run asl`; a test fails when the two differ.
 */

/** Targets per child: one child checks them a few at a time, well inside an Express child's 5 minutes. */
export const TARGETS_PER_BATCH = 10;
/** Children at once: the accounts' read paces, not this, bound each account's calls. */
export const CHILDREN_AT_ONCE = 40;
/** Percent of the account-regions that may be in failed children (a Lambda crash past its retries) before the whole check fails. */
export const TOLERATED_FAILURE_PERCENT = 10;

const lambda = (state: string) => ({ 'Fn::GetAtt': [camelCase(state), 'Arn'] });

export const orgDriftStateMachine: Json = {
  Comment:
    'The Organization drift check: every member account and region of the hub, checked in batches by a Distributed Map',
  StartAt: 'ListOrgTargets',
  States: {
    ListOrgTargets: {
      Type: 'Task',
      Comment:
        "The hub's accounts and those of its OUs and every OU below them, x hub.regions, into a JSONL manifest",
      Resource: lambda('ListOrgTargets'),
      Parameters: { 'executionId.$': EXECUTION_ID },
      ResultPath: '$.manifest',
      Retry: SHARED_RETRY,
      Next: 'CheckTargets',
    },
    CheckTargets: {
      Type: 'Map',
      Comment:
        'Batches of targets, each a child execution; a failed child leaves its targets reported unchecked',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSONL' },
        Parameters: { 'Bucket.$': '$.manifest.bucket', 'Key.$': '$.manifest.key' },
      },
      ItemBatcher: {
        MaxItemsPerBatch: TARGETS_PER_BATCH,
        BatchInput: { 'mode.$': '$.mode', 'executionId.$': EXECUTION_ID },
      },
      MaxConcurrency: CHILDREN_AT_ONCE,
      ToleratedFailurePercentage: TOLERATED_FAILURE_PERCENT,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
        StartAt: 'CheckOrgTargets',
        States: {
          CheckOrgTargets: {
            Type: 'Task',
            Resource: lambda('CheckOrgTargets'),
            Retry: SHARED_RETRY,
            End: true,
          },
        },
      },
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { 'Bucket.$': '$.manifest.bucket', Prefix: RESULTS },
      },
      ResultPath: '$.map',
      Next: 'SummarizeOrgCheck',
    },
    SummarizeOrgCheck: {
      Type: 'Task',
      Comment: 'One summary: targets checked, drifted, unreachable with why; a metric and one summary event',
      Resource: lambda('SummarizeOrgCheck'),
      Parameters: {
        'manifest.$': '$.manifest',
        'results.$': '$.map.ResultWriterDetails',
        'mode.$': '$.mode',
        'executionId.$': EXECUTION_ID,
      },
      Retry: SHARED_RETRY,
      End: true,
    },
  },
};
