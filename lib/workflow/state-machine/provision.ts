import { applyEndpoints } from './apply-endpoints';
import { cutOver } from './cut-over';
import {
  catchTo,
  checkedMachine,
  choice,
  EXECUTION_ID,
  flow,
  resultAt,
  retryOn,
  start,
  task,
  wait,
  type Json,
} from './builder';

/**
 * The provisioning state machine (docs/architecture.md, "The state machine"): lock → plan → security
 * group → endpoints → routes → checks → live probe → report → release. Emitted to
 * statemachine/provision.asl.json by `npm run asl`; a test fails when the two differ.
 */

/** Every step that reads or changes the VPC gets where the run acts (a VpcRef: a spoke's, for a hub). */
const VPC = { vpc: '$.vpc', executionId: EXECUTION_ID };
const WHOLE_STATE = { state: '$', executionId: EXECUTION_ID };

/** Failures before anything was mutated, or of a step that only reads: straight to the failure report. */
const toFailure = [catchTo('ReportFailure', 'error')];
/** Failures once endpoints may have been made: this execution's broken endpoints go first. */
const toCompensation = [
  catchTo('ReportFailure', 'error', ['OwnershipError']),
  catchTo('StartCompensation', 'error'),
];

const lock = flow(
  task('AcquireLock', {
    comment:
      'One writer per VPC. Validates the input once: the state is the validated input from here on. ' +
      'Holds the VPC, or marks it pending for the execution holding it and stops.',
    params: { input: '$', executionId: EXECUTION_ID },
    resultPath: null,
    catch: toFailure,
    next: 'LockAcquired',
  }),
  choice('LockAcquired', {
    choices: [
      { Variable: '$.lock.acquired', BooleanEquals: false, Next: 'Coalesced' },
      { Variable: '$.lock.readsWaitSeconds', NumericGreaterThan: 0, Next: 'WaitForReads' },
    ],
    default: 'Plan',
  }),
  wait('WaitForReads', '$.lock.readsWaitSeconds', 'Plan'),
  [
    'Coalesced',
    {
      Type: 'Succeed',
      Comment: 'Another execution holds this VPC; it will start a successor that reads the tags again.',
    },
  ],
);

const plan = flow(
  task('Plan', {
    comment:
      'Reads the VPC and plans. Nothing is mutated here, so every failure goes straight to ReportFailure.',
    params: {
      ...VPC,
      mode: '$.mode',
      desired: '$.desired',
      probeRequested: '$.probe',
    },
    resultPath: 'plan',
    catch: toFailure,
    next: 'ChooseMode',
  }),
  choice('ChooseMode', {
    choices: [
      { Variable: '$.plan.mode', StringEquals: 'plan', Next: 'Report' },
      { Variable: '$.plan.checks', IsPresent: true, Next: 'UsePlanChecks' },
      { Variable: '$.plan.noop', BooleanEquals: true, Next: 'NoCentralLinks' },
      // Only the links to do (Plan sets linksOnly only when so): no endpoint step reads the VPC again.
      { Variable: '$.plan.central.linksOnly', IsPresent: true, Next: 'StartLinks' },
    ],
    default: 'ConfigureSecurityGroup',
  }),
  [
    'UsePlanChecks',
    {
      Type: 'Pass',
      Comment: 'Nothing to change: the checks Plan ran on the snapshot it read stand, with no second read.',
      InputPath: '$.plan.checks',
      ResultPath: resultAt('checks'),
      Next: 'ProbeWanted',
    },
  ],
);

const securityGroup = flow(
  task('ConfigureSecurityGroup', {
    comment:
      "The group exists before any interface endpoint, so no endpoint ever runs under the VPC's default group.",
    params: { ...VPC, securityGroup: '$.plan.securityGroup' },
    resultPath: 'securityGroup',
    catch: toCompensation,
    next: 'HasDeletions',
  }),
);

const endpoints = flow(
  choice('HasDeletions', {
    choices: [{ Variable: '$.plan.deletions[0]', IsPresent: true, Next: 'ReserveDeletionPermit' }],
    default: 'ApplyEndpoints',
  }),
  task('ReserveDeletionPermit', {
    step: 'ReservePermit',
    comment:
      "DeleteVpcEndpoints spends the same bucket: its one call waits for a permit of the account's pace too.",
    params: VPC,
    resultPath: 'deletionPermit',
    catch: toCompensation,
    next: 'WaitForDeletionPermit',
  }),
  wait('WaitForDeletionPermit', '$.deletionPermit.waitSeconds', 'DeleteEndpoints'),
  task('DeleteEndpoints', {
    comment: 'Pruned, failed and duplicate managed endpoints, all in one DeleteVpcEndpoints call.',
    params: { ...VPC, deletions: '$.plan.deletions' },
    resultPath: 'deleted',
    catch: toCompensation,
    next: 'ApplyEndpoints',
  }),
  ['ApplyEndpoints', applyEndpoints],
  start(
    'StartWaiting',
    'wait',
    {
      attempt: 0,
      status: 'waiting',
      waitingFor: [],
      nextPollSeconds: 15,
      apiCalls: { read: 0, mutating: 0 },
    },
    'WaitForEndpoints',
  ),
  wait('WaitForEndpoints', '$.wait.nextPollSeconds', 'CheckEndpoints'),
  task('CheckEndpoints', {
    comment:
      'Polls our endpoints; the function counts attempts and gives up (EndpointTimeoutError) at its deadline.',
    params: { ...VPC, deletions: '$.plan.deletions', applied: '$.applied', previous: '$.wait' },
    resultPath: 'wait',
    catch: [catchTo('StartCompensation', 'error')],
    next: 'EndpointsSettled',
  }),
  choice('EndpointsSettled', {
    choices: [{ Variable: '$.wait.status', StringEquals: 'ready', Next: 'StartRoutes' }],
    default: 'WaitForEndpoints',
  }),
);

/** A step that makes several endpoint calls starts its own permit loop with no permit held. */
const noPermit = (name: string, resultKey: 'routes' | 'compensation', next: string): [string, Json] =>
  start(name, resultKey, { status: 'waiting', permit: null, throttled: null }, next);

const routes = flow(
  noPermit('StartRoutes', 'routes', 'UpdateRoutes'),
  task('UpdateRoutes', {
    comment:
      "Route repairs are ModifyVpcEndpoint calls: they wait for permits of the account's pace, throttling sends them back for new ones.",
    params: { ...VPC, targetRouteTableIds: '$.plan.targetRouteTableIds', paced: '$.routes' },
    resultPath: 'routes',
    throttling: 'requeue',
    catch: [catchTo('UpdateRoutes', 'routes.throttled', ['ThrottlingError']), ...toCompensation],
    next: 'RoutesRepaired',
  }),
  choice('RoutesRepaired', {
    choices: [{ Variable: '$.routes.status', StringEquals: 'waiting', Next: 'WaitForRoutePermit' }],
    default: 'NeedsCleanup',
  }),
  wait('WaitForRoutePermit', '$.routes.permit.waitSeconds', 'UpdateRoutes'),
  choice('NeedsCleanup', {
    choices: [
      { Variable: '$.plan.securityGroup.action', StringEquals: 'delete', Next: 'CleanupSecurityGroup' },
      {
        Variable: '$.plan.securityGroup.portGroupDeletions[0]',
        IsPresent: true,
        Next: 'CleanupSecurityGroup',
      },
    ],
    default: 'CentralWanted',
  }),
  task('CleanupSecurityGroup', {
    comment:
      'Remove the groups no endpoint of ours needs (the managed group when none is left; port groups no endpoint uses). DependencyViolation (ConflictError) while network interfaces drain is retried.',
    params: { ...VPC, securityGroup: '$.plan.securityGroup' },
    resultPath: 'cleanup',
    retry: [retryOn('ConflictError', { interval: 20, attempts: 6, backoff: 1.5 })],
    catch: toFailure,
    next: 'CentralWanted',
  }),
);

const central = flow(
  choice('CentralWanted', {
    comment: 'Centralized endpoints: only where the config turns them on does the plan carry central links.',
    choices: [{ Variable: '$.plan.central', IsPresent: true, Next: 'StartLinks' }],
    default: 'NoCentralLinks',
  }),
  start('NoCentralLinks', 'central', { status: 'none', permit: null, throttled: null }, 'CheckConnectivity'),
  start('StartLinks', 'central', { status: 'waiting', permit: null, throttled: null }, 'LinkCentral'),
  task('LinkCentral', {
    comment:
      "A central VPC's zones, aliases and spoke list; a spoke's entry and associations; a leaver's unlinked. Its Route 53 calls wait for permits of the account's Route 53 paces; throttled anyway, a new permit. Read back; ConflictError (another spoke's list change, a zone still applying one) is retried.",
    params: { ...VPC, central: '$.plan.central', paced: '$.central' },
    resultPath: 'central',
    throttling: 'requeue',
    retry: [retryOn('ConflictError', { interval: 5, attempts: 5, backoff: 2 })],
    catch: [catchTo('LinkCentral', 'central.throttled', ['ThrottlingError']), ...toFailure],
    next: 'CentralLinked',
  }),
  choice('CentralLinked', {
    choices: [{ Variable: '$.central.status', StringEquals: 'waiting', Next: 'WaitForRoute53Permit' }],
    default: 'RetireWanted',
  }),
  wait('WaitForRoute53Permit', '$.central.permit.waitSeconds', 'LinkCentral'),
  choice('RetireWanted', {
    comment:
      "A spoke's own endpoints of services the central VPC now answers in it (zone associated, read back) go last.",
    choices: [{ Variable: '$.central.retire[0]', IsPresent: true, Next: 'ReserveRetirePermit' }],
    default: 'CheckConnectivity',
  }),
  task('ReserveRetirePermit', {
    step: 'ReservePermit',
    comment: "DeleteVpcEndpoints spends the endpoint bucket: a permit of the account's pace first.",
    params: VPC,
    resultPath: 'retirePermit',
    catch: toFailure,
    next: 'WaitForRetirePermit',
  }),
  wait('WaitForRetirePermit', '$.retirePermit.waitSeconds', 'RetireLocalEndpoints'),
  task('RetireLocalEndpoints', {
    step: 'DeleteEndpoints',
    comment: 'Only after the central zones answer in the spoke: the name is never left unanswered.',
    params: { ...VPC, deletions: '$.central.retire' },
    resultPath: 'retired',
    catch: toFailure,
    next: 'CheckConnectivity',
  }),
);

const checks = flow(
  task('CheckConnectivity', {
    comment: 'Read-only static checks (docs/architecture.md, "Checks"), and whether the live probe runs.',
    params: { ...VPC, plan: '$.plan', probeRequested: '$.probe', linked: '$.central' },
    resultPath: 'checks',
    catch: toFailure,
    next: 'ProbeWanted',
  }),
  choice('ProbeWanted', {
    comment:
      'The live probe runs after a change (or on request) and is removed when no endpoint of ours is left.',
    choices: [
      { Variable: '$.checks.probe.action', StringEquals: 'run', Next: 'LiveProbe' },
      { Variable: '$.checks.probe.action', StringEquals: 'remove', Next: 'RemoveProbe' },
      { Variable: '$.plan.cutoverServices[0]', IsPresent: true, Next: 'PlanCutOver' },
    ],
    default: 'Report',
  }),
);

/** The live probe's own flow, fenced in one Parallel branch: any failure in it is caught once, below. */
const probeBranch = flow(
  task('PrepareProbe', {
    comment:
      'A copy of the deployed probe in the endpoint subnets, with its own group (HTTPS out to the VPC and gateway services only).',
    params: { ...VPC, plan: '$.plan' },
    resultPath: 'probe',
    next: 'WaitForProbe',
  }),
  wait('WaitForProbe', 5, 'CheckProbe'),
  task('CheckProbe', {
    params: {
      ...VPC,
      functionName: '$.probe.functionName',
      subnetIds: '$.probe.subnetIds',
      attempt: '$.probe.attempt',
    },
    resultPath: 'probe',
    next: 'ProbeReady',
  }),
  choice('ProbeReady', {
    choices: [{ Variable: '$.probe.status', StringEquals: 'ready', Next: 'StartLiveChecks' }],
    default: 'WaitForProbe',
  }),
  start('StartLiveChecks', 'result', { attempt: 0, retry: false }, 'RunProbe'),
  task('RunProbe', {
    comment: 'Invokes the copy: DNS, TCP and TLS to each interface endpoint, HTTPS over each gateway route.',
    params: {
      ...VPC,
      plan: '$.plan',
      functionName: '$.probe.functionName',
      subnetIds: '$.probe.subnetIds',
      previous: '$.result',
    },
    resultPath: 'result',
    next: 'LiveChecksSettled',
  }),
  choice('LiveChecksSettled', {
    comment:
      'An endpoint passes traffic 20-30 s after it is available: failed live checks are tried again, 10 s apart, for 60 s.',
    choices: [{ Variable: '$.result.retry', BooleanEquals: true, Next: 'WaitBeforeLiveChecks' }],
    default: 'LiveChecksDone',
  }),
  wait('WaitBeforeLiveChecks', 10, 'RunProbe'),
  ['LiveChecksDone', { Type: 'Succeed' }],
);

const liveProbe: Json = {
  Type: 'Parallel',
  Comment:
    'The live probe: copy, wait until Active, invoke. A failure anywhere in it is reported as a failed live check; provisioning goes on.',
  Parameters: { 'vpc.$': '$.vpc', 'plan.$': '$.plan' },
  Branches: [{ StartAt: 'PrepareProbe', States: probeBranch }],
  ResultSelector: { 'probe.$': '$[0].probe', 'result.$': '$[0].result' },
  ResultPath: resultAt('liveProbe'),
  Catch: [catchTo('RemoveProbe', 'probeError')],
  Next: 'RemoveProbe',
};

const probe = flow(
  ['LiveProbe', liveProbe],
  task('RemoveProbe', {
    comment:
      'After a run, removes the copy unless the config keeps it. With no endpoint of ours left (or the probe off), the copy and its group go; the group waits for Lambda to release its interfaces (ConflictError, retried).',
    params: { ...VPC, decision: '$.checks.probe.action' },
    resultPath: 'probeRemoval',
    retry: [retryOn('ConflictError', { interval: 30, attempts: 10, backoff: 1.5, maxDelay: 300 })],
    catch: [catchTo('CutOverWanted', 'probeCleanupError')],
    next: 'CutOverWanted',
  }),
);

const report = flow(
  task('Report', {
    comment:
      'Builds the result document (the execution output) and emits the Succeeded / Connectivity Check Failed events.',
    params: { ...WHOLE_STATE, startedAt: '$$.Execution.StartTime' },
    resultPath: 'result',
    catch: [catchTo('ReportFailure', 'error', ['VpcGoneError']), catchTo('ReleaseLockAfterFailure', 'error')],
    next: 'ReleaseLock',
  }),
  noPermit('StartCompensation', 'compensation', 'Compensate'),
  task('Compensate', {
    comment:
      "Removes only endpoints this execution created that failed; available and still-pending ones are correct and stay. Its DeleteVpcEndpoints waits for a permit of the account's pace.",
    params: { ...VPC, paced: '$.compensation' },
    resultPath: 'compensation',
    throttling: 'requeue',
    catch: [
      catchTo('Compensate', 'compensation.throttled', ['ThrottlingError']),
      catchTo('ReportFailure', 'compensationError'),
    ],
    next: 'Compensated',
  }),
  choice('Compensated', {
    choices: [
      { Variable: '$.compensation.status', StringEquals: 'waiting', Next: 'WaitForCompensationPermit' },
    ],
    default: 'ReportFailure',
  }),
  wait('WaitForCompensationPermit', '$.compensation.permit.waitSeconds', 'Compensate'),
  task('ReportFailure', {
    params: { ...WHOLE_STATE, startedAt: '$$.Execution.StartTime' },
    resultPath: 'failure',
    catch: [catchTo('ReleaseLockAfterFailure', 'reportError')],
    next: 'ReleaseLockAfterFailure',
  }),
);

const release = flow(
  task('ReleaseLock', {
    comment:
      'Frees the VPC; starts a successor when a change arrived during this execution. Still failing after its retries, the execution fails: a change noted as pending would otherwise wait for the next trigger unsaid.',
    params: WHOLE_STATE,
    resultPath: 'release',
    catch: [catchTo('ReleaseFailed', 'releaseError')],
    next: 'Done',
  }),
  [
    'ReleaseFailed',
    {
      Type: 'Fail',
      Comment:
        'The VPC was provisioned (the result says how), but its lock was not released: the next trigger or drift check takes it over.',
      ErrorPath: '$.releaseError.Error',
      CausePath: '$.releaseError.Cause',
    },
  ],
  [
    'Done',
    {
      Type: 'Pass',
      Comment: 'The execution output is the result document.',
      InputPath: '$.result',
      End: true,
    },
  ],
  task('ReleaseLockAfterFailure', {
    step: 'ReleaseLock',
    params: WHOLE_STATE,
    resultPath: 'release',
    catch: [catchTo('Failed', 'releaseError')],
    next: 'Failed',
  }),
  [
    'Failed',
    {
      Type: 'Fail',
      Comment: 'Ends with the error that started the failure path.',
      ErrorPath: '$.error.Error',
      CausePath: '$.error.Cause',
    },
  ],
);

/** The state machine, checked as it is built: every transition and result path (builder.ts). */
export const provisionStateMachine: Json = checkedMachine({
  Comment:
    'privatelink-orchestrator: lock → plan → security group → endpoints → routes → checks → live probe → DNS cut-over → report → release (docs/architecture.md).',
  StartAt: 'AcquireLock',
  States: {
    ...lock,
    ...plan,
    ...securityGroup,
    ...endpoints,
    ...routes,
    ...central,
    ...checks,
    ...probe,
    ...cutOver,
    ...report,
    ...release,
  },
});
