import { accountPacedItem } from './apply-endpoints';
import { catchTo, choice, EXECUTION_ID, flow, resultAt, start, task, wait, type Json } from './builder';

/**
 * The safe DNS cut-over (docs/architecture.md, "Safe DNS cut-over"): after the checks and the live probe,
 * the endpoints made with private DNS held off get it, one ModifyVpcEndpoint each, paced like every other
 * call of the endpoint API. An endpoint that did not prove itself keeps it off; the next run tries again.
 */

const cutOverDns: Json = {
  Type: 'Map',
  Comment:
    "Each endpoint's private DNS turns on after a permit of the account's pace, like any endpoint mutation.",
  ItemsPath: '$.cutover.items',
  ItemSelector: {
    'item.$': '$$.Map.Item.Value',
    'vpc.$': '$.vpc',
    // Turning private DNS on changes no group.
    securityGroupId: null,
    portGroupIds: {},
    'executionId.$': EXECUTION_ID,
    permit: { taken: 0 },
  },
  MaxConcurrency: 4,
  ItemProcessor: {
    ProcessorConfig: { Mode: 'INLINE' },
    StartAt: 'ReserveCutOverPermit',
    States: accountPacedItem(
      { reserve: 'ReserveCutOverPermit', wait: 'WaitForCutOverPermit', apply: 'TurnOnPrivateDns' },
      'Turns private DNS on: workloads now resolve the service to the endpoint, which passed its checks.',
    ),
  },
  ResultPath: resultAt('privateDnsTurnedOn'),
  Catch: [catchTo('ReportFailure', 'error')],
  Next: 'StartVerifyingCutOver',
};

/** Reads the turned-on endpoints back until EC2 has applied the change: the run says what it reports. */
const verify = flow(
  start(
    'StartVerifyingCutOver',
    'cutoverCheck',
    { status: 'waiting', attempt: 0, nextPollSeconds: 0, endpoints: [], apiCalls: { read: 0, mutating: 0 } },
    'VerifyCutOver',
  ),
  task('VerifyCutOver', {
    comment:
      'EC2 takes ModifyVpcEndpoint at once and applies it after: only what it then reports says whether private DNS is on.',
    params: {
      vpc: '$.vpc',
      executionId: EXECUTION_ID,
      turnedOn: '$.privateDnsTurnedOn',
      previous: '$.cutoverCheck',
    },
    resultPath: 'cutoverCheck',
    catch: [catchTo('ReportFailure', 'error')],
    next: 'CutOverApplied',
  }),
  choice('CutOverApplied', {
    choices: [{ Variable: '$.cutoverCheck.status', StringEquals: 'waiting', Next: 'WaitForCutOver' }],
    default: 'Report',
  }),
  wait('WaitForCutOver', '$.cutoverCheck.nextPollSeconds', 'VerifyCutOver'),
);

export const cutOver = flow(
  choice('CutOverWanted', {
    comment:
      'Endpoints made with private DNS held off (privatelink:cutover=safe) get it now, if they proved themselves.',
    choices: [{ Variable: '$.plan.cutoverServices[0]', IsPresent: true, Next: 'PlanCutOver' }],
    default: 'Report',
  }),
  task('PlanCutOver', {
    comment:
      'Which held endpoints are available and passed every check, live ones included: pure, reads nothing.',
    params: { state: '$', executionId: EXECUTION_ID },
    resultPath: 'cutover',
    catch: [catchTo('ReportFailure', 'error')],
    next: 'HasCutOvers',
  }),
  choice('HasCutOvers', {
    choices: [{ Variable: '$.cutover.items[0]', IsPresent: true, Next: 'CutOverDns' }],
    default: 'Report',
  }),
  ['CutOverDns', cutOverDns],
  ...Object.entries(verify),
);
