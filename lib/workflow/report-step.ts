import type { EventSink } from '../domain/events';
import type { ApiCallCount } from '../domain/model';
import { shortServiceName } from '../domain/services';
import type { CheckResult } from '../domain/checks';
import type { ProbeResult } from './probe-steps';
import type {
  ChecksStepResult,
  DeleteStepResult,
  EndpointStepResult,
  FailureInfo,
  PlanStepResult,
  RoutesStepResult,
  SecurityGroupStepResult,
  ServiceCheck,
  WaitStepResult,
} from './types';

/** The state the report steps receive: the execution input plus every step's result, where it ran. */
export interface ExecutionState {
  executionId: string;
  plan?: PlanStepResult;
  securityGroup?: SecurityGroupStepResult;
  deleted?: DeleteStepResult;
  applied?: EndpointStepResult[];
  wait?: WaitStepResult;
  routes?: RoutesStepResult;
  cleanup?: { deletedGroupId: string | null; apiCalls: ApiCallCount };
  checks?: ChecksStepResult;
  compensation?: { removed: string[]; apiCalls: ApiCallCount };
  probe?: { functionName: string; apiCalls?: ApiCallCount };
  probeResult?: { services: ProbeResult[]; ranAt: string; apiCalls: ApiCallCount };
  probeError?: FailureInfo;
  error?: FailureInfo;
  /** The execution input's own fields, at the root of the state. */
  vpcId?: string;
  trigger?: unknown;
}

/** What the Report and ReportFailure states pass: the whole state, and the execution ARN. */
export interface ReportEvent {
  state: Omit<ExecutionState, 'executionId'>;
  executionId: string;
}

export type ServiceAction = 'created' | 'modified' | 'unchanged' | 'deleted' | 'adopted' | 'planned';

export interface ServiceResult extends Omit<ServiceCheck, 'checks'> {
  action: ServiceAction;
  reason: string;
  checks: ServiceCheck['checks'];
}

export interface ExecutionResult {
  status: 'succeeded' | 'failed';
  vpcId: string;
  region: string;
  accountId: string;
  mode: 'apply' | 'plan';
  executionId: string;
  trigger: unknown;
  securityGroup: { groupId: string | null; action: string };
  services: ServiceResult[];
  totals: Record<ServiceAction | 'checksPassed' | 'checksFailed' | 'checksSkipped', number>;
  durationMs: number;
  apiCalls: ApiCallCount;
  error?: FailureInfo;
}

/** Sums the EC2 calls every step reported; the wait loop reports its own running total. */
export function totalApiCalls(state: ExecutionState): ApiCallCount {
  const parts: (ApiCallCount | undefined)[] = [
    state.plan?.apiCalls,
    state.securityGroup?.apiCalls,
    state.deleted?.apiCalls,
    ...(state.applied ?? []).map((a) => a.apiCalls),
    state.wait?.apiCalls,
    state.routes?.apiCalls,
    state.cleanup?.apiCalls,
    state.checks?.apiCalls,
    state.compensation?.apiCalls,
    state.probe?.apiCalls,
    state.probeResult?.apiCalls,
  ];
  return parts.reduce<ApiCallCount>(
    (sum, p) => ({ read: sum.read + (p?.read ?? 0), mutating: sum.mutating + (p?.mutating ?? 0) }),
    { read: 0, mutating: 0 },
  );
}

/** The live probe's verdict for one service, as checks named `live …`; or why it did not run. */
function liveChecks(state: ExecutionState, service: string, type: string): CheckResult[] {
  if (state.probeError) {
    return [
      {
        name: 'live',
        status: 'fail',
        detail: `the probe could not run: ${causeMessage(state.probeError.Cause)}`,
      },
    ];
  }
  const result = state.probeResult?.services.find((r) => r.service === service && r.type === type);
  if (result)
    return result.checks.map((c) => ({
      name: `live ${c.name}`,
      status: c.status,
      detail: `${c.detail} (${c.ms} ms)`,
    }));
  const decision = state.checks?.probe;
  if (decision && decision.action !== 'run')
    return [{ name: 'live', status: 'skip', detail: decision.reason }];
  return [];
}

function serviceResults(state: ExecutionState, plan: PlanStepResult): ServiceResult[] {
  const planning = plan.mode === 'plan';
  const results: ServiceResult[] = plan.plan.endpoints.map((p) => {
    const applied = state.applied?.find((a) => a.service === p.spec.service && p.action !== 'unchanged');
    const checked = state.checks?.services.find(
      (c) => c.service === p.spec.service && c.type === p.spec.type,
    );
    const action: ServiceAction =
      p.action === 'create' || p.action === 'modify'
        ? planning
          ? 'planned'
          : p.action === 'create'
            ? 'created'
            : 'modified'
        : p.action === 'adopted'
          ? 'adopted'
          : 'unchanged';
    return {
      service: p.spec.service,
      serviceName: p.spec.serviceName,
      type: p.spec.type,
      endpointId: checked?.endpointId ?? applied?.endpointId ?? p.endpointId,
      state: checked?.state ?? (planning ? 'not applied (plan mode)' : 'unknown'),
      subnetIds: checked?.subnetIds ?? p.spec.subnetIds,
      routeTableIds: checked?.routeTableIds ?? p.spec.routeTableIds,
      securityGroupIds: checked?.securityGroupIds ?? [],
      action,
      reason: p.reason,
      checks: [
        ...(checked?.checks ?? []),
        ...(checked ? liveChecks(state, p.spec.service, p.spec.type) : []),
      ],
    };
  });
  for (const d of plan.plan.deletions) {
    results.push({
      service: shortServiceName(d.service),
      serviceName: d.service,
      type: 'Interface',
      endpointId: d.endpointId,
      state: planning ? 'not applied (plan mode)' : 'deleted',
      action: planning ? 'planned' : 'deleted',
      reason: `delete: ${d.reason}`,
      checks: [],
    });
  }
  return results;
}

export function buildResult(state: ExecutionState, now = Date.now()): ExecutionResult {
  const plan = state.plan;
  const services = plan ? serviceResults(state, plan) : [];
  const totals = {
    created: 0,
    modified: 0,
    unchanged: 0,
    deleted: 0,
    adopted: 0,
    planned: 0,
    checksPassed: 0,
    checksFailed: 0,
    checksSkipped: 0,
  };
  for (const s of services) {
    totals[s.action] += 1;
    for (const c of s.checks) {
      if (c.status === 'pass') totals.checksPassed += 1;
      else if (c.status === 'fail') totals.checksFailed += 1;
      else totals.checksSkipped += 1;
    }
  }
  return {
    status: state.error ? 'failed' : 'succeeded',
    vpcId: plan?.vpcId ?? state.vpcId ?? 'unknown',
    region: plan?.region ?? 'unknown',
    accountId: plan?.accountId ?? 'unknown',
    mode: plan?.mode ?? 'apply',
    executionId: state.executionId,
    trigger: plan?.input.trigger ?? state.trigger ?? null,
    securityGroup: {
      groupId: state.securityGroup?.groupId ?? plan?.plan.securityGroup.groupId ?? null,
      action: plan?.plan.securityGroup.action ?? 'none',
    },
    services,
    totals,
    durationMs: plan ? now - Date.parse(plan.startedAt) : 0,
    apiCalls: totalApiCalls(state),
    error: state.error,
  };
}

function summary(result: ExecutionResult) {
  return {
    vpcId: result.vpcId,
    account: result.accountId,
    region: result.region,
    executionArn: result.executionId,
    mode: result.mode,
    totals: result.totals,
    services: result.services.map((s) => ({
      service: s.service,
      type: s.type,
      endpointId: s.endpointId,
      action: s.action,
      failedChecks: s.checks.filter((c) => c.status === 'fail'),
    })),
  };
}

/** Builds the result document and tells the world: a Succeeded event, plus a Connectivity event on failed checks. */
export async function reportStep(event: ReportEvent, sink: EventSink): Promise<ExecutionResult> {
  const result = buildResult({ ...event.state, executionId: event.executionId });
  await sink.emit('PrivateLink Provisioning Succeeded', summary(result));
  if (result.totals.checksFailed > 0)
    await sink.emit('PrivateLink Connectivity Check Failed', summary(result));
  return result;
}

/** Error message of a Lambda failure Cause (a JSON document on AWS, plain text locally). */
function causeMessage(cause: string): string {
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: string };
    return parsed.errorMessage ?? cause;
  } catch {
    return cause;
  }
}

export async function reportFailureStep(
  event: ReportEvent,
  sink: EventSink,
): Promise<FailureInfo & { result: ExecutionResult }> {
  const state: ExecutionState = { ...event.state, executionId: event.executionId };
  const error = state.error ?? { Error: 'UnknownError', Cause: 'the execution failed without an error' };
  const cause = causeMessage(error.Cause);
  const result = buildResult({ ...state, error: { Error: error.Error, Cause: cause } });
  await sink.emit('PrivateLink Provisioning Failed', {
    ...summary(result),
    error: error.Error,
    cause,
    removedByCompensation: state.compensation?.removed ?? [],
  });
  return { Error: error.Error, Cause: cause, result };
}
