import type { ReservePermitResult } from './reserve-permit-step';
import type { CutoverDecision } from '../domain/cutover';
import type { RunInput } from '../domain/execution-input';
import type { LockResult } from './acquire-lock-step';
import type { ApplyEndpointResult } from './apply-endpoint-step';
import type { CheckConnectivityResult } from './check-connectivity-step';
import type { CheckEndpointsResult } from './check-endpoints-step';
import type { checkProbeStep } from './check-probe-step';
import type { CleanupSecurityGroupResult } from './cleanup-security-group-step';
import type { CompensateResult } from './compensate-step';
import type { SecurityGroupResult } from './configure-security-group-step';
import type { DeleteEndpointsResult } from './delete-endpoints-step';
import type { PlanResult } from './plan-step';
import type { LinkCentralResult } from './link-central-step';
import type { prepareProbeStep } from './prepare-probe-step';
import type { ReleaseResult } from './release-lock-step';
import type { RemoveProbeResult } from './remove-probe-step';
import type { ExecutionResult, FailureInfo } from './result-document';
import type { RunProbeResult } from './run-probe-step';
import type { UpdateRoutesResult } from './update-routes-step';
import type { VerifyCutOverResult } from './verify-cut-over-step';

/** The probe copy as PrepareProbe and CheckProbe leave it. */
export type ProbeCopy =
  | Awaited<ReturnType<typeof prepareProbeStep>>
  | Awaited<ReturnType<typeof checkProbeStep>>;

/** The LiveProbe block's result: the copy it ran, and the probe's answer. */
export interface LiveProbeResult {
  probe: ProbeCopy;
  result: RunProbeResult;
}

/** The state of one ApplyEndpoints Map item: its permit, and the throttling that sent it back to the queue. */
export interface EndpointItemResults {
  permit: ReservePermitResult;
  throttled: FailureInfo;
}

/**
 * Where each state of the state machine writes its result (`ResultPath: "$.<key>"`). The state machine
 * builder takes its result paths from these keys only, so this table is the execution state's shape.
 */
export interface StepResults {
  lock: LockResult;
  plan: PlanResult;
  securityGroup: SecurityGroupResult;
  /** The permit DeleteEndpoints' one call waits for. */
  deletionPermit: ReservePermitResult;
  deleted: DeleteEndpointsResult;
  applied: ApplyEndpointResult[];
  wait: CheckEndpointsResult;
  routes: UpdateRoutesResult;
  cleanup: CleanupSecurityGroupResult;
  /** The links of centralized endpoints, done and read back. */
  central: LinkCentralResult;
  /** The permit RetireLocalEndpoints' one call waits for, and what it deleted. */
  retirePermit: ReservePermitResult;
  retired: DeleteEndpointsResult;
  checks: CheckConnectivityResult;
  liveProbe: LiveProbeResult;
  probeRemoval: RemoveProbeResult;
  /** Which endpoints held under the safe cut-over get private DNS now, and which stay held. */
  cutover: CutoverDecision;
  /** The CutOverDns Map's results: the endpoints whose private DNS was turned on. */
  privateDnsTurnedOn: ApplyEndpointResult[];
  /** What EC2 reports of them after the change: success only where private DNS reads back on. */
  cutoverCheck: VerifyCutOverResult;
  compensation: CompensateResult;
  result: ExecutionResult;
  failure: FailureInfo & { result: ExecutionResult };
  release: ReleaseResult;
  /** The error that started the failure path. */
  error: FailureInfo;
  /** The live probe could not run: reported as a failed live check, provisioning goes on. */
  probeError: FailureInfo;
  probeCleanupError: FailureInfo;
  compensationError: FailureInfo;
  reportError: FailureInfo;
  releaseError: FailureInfo;
}

export type ResultKey = keyof StepResults;

/** The keys of StepResults as values, for the state machine's build-time check (builder.ts); tsc holds it whole. */
export const RESULT_KEYS = [
  'lock',
  'plan',
  'securityGroup',
  'deletionPermit',
  'deleted',
  'applied',
  'wait',
  'routes',
  'cleanup',
  'central',
  'retirePermit',
  'retired',
  'checks',
  'liveProbe',
  'probeRemoval',
  'cutover',
  'privateDnsTurnedOn',
  'cutoverCheck',
  'compensation',
  'result',
  'failure',
  'release',
  'error',
  'probeError',
  'probeCleanupError',
  'compensationError',
  'reportError',
  'releaseError',
] as const satisfies readonly ResultKey[];
type Unlisted = Exclude<ResultKey, (typeof RESULT_KEYS)[number]>;
/** Fails to compile while a key of StepResults is missing from RESULT_KEYS. */
export const RESULT_KEYS_COMPLETE: [Unlisted] extends [never] ? true : Unlisted = true;

/** The execution state: the validated input at the root, and each state's result where it ran. */
export type ExecutionState = RunInput & Partial<StepResults>;
