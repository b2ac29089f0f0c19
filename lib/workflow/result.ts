import type { CheckResult } from '../domain/checks';
import type { ApiCallCount } from '../domain/model';
import { shortServiceName } from '../domain/services';
import { isAwaitingAcceptance, toEndpointState } from '../domain/endpoint-states';
import type { ExecutionState } from './execution-state';
import type { PlanResult } from './plan-step';
import type { ExecutionResult, FailureInfo, ServiceAction, ServiceResult } from './result-document';
import { movingToCentral } from '../domain/service-checks';

/**
 * The result document, projected from the execution state: pure, so the Report and ReportFailure steps,
 * the CLI and the tests read one shape.
 */

/** The state the report steps see: the whole execution state, and the execution's ARN and start. */
export interface ReportEvent {
  state: Partial<ExecutionState>;
  executionId: string;
  startedAt?: string;
}

/** Sums the EC2 calls every step reported; the wait loop reports its own running total. */
export function totalApiCalls(state: Partial<ExecutionState>): ApiCallCount {
  const parts: (ApiCallCount | undefined)[] = [
    state.plan?.apiCalls,
    state.securityGroup?.apiCalls,
    state.deleted?.apiCalls,
    ...(state.applied ?? []).map((a) => a.apiCalls),
    ...(state.privateDnsTurnedOn ?? []).map((a) => a.apiCalls),
    state.wait?.apiCalls,
    state.routes?.apiCalls,
    state.cleanup?.apiCalls,
    state.checks?.apiCalls,
    state.compensation?.apiCalls,
    (state.liveProbe?.probe as { apiCalls?: ApiCallCount } | undefined)?.apiCalls,
    state.liveProbe?.result.apiCalls,
  ];
  return parts.reduce<ApiCallCount>(
    (sum, p) => ({ read: sum.read + (p?.read ?? 0), mutating: sum.mutating + (p?.mutating ?? 0) }),
    { read: 0, mutating: 0 },
  );
}

/** Error message of a Lambda failure Cause (a JSON document on AWS, plain text locally). */
export function causeMessage(cause: string): string {
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: string };
    return parsed.errorMessage ?? cause;
  } catch {
    return cause;
  }
}

/** The live probe's verdict for one service, as checks named `live …`; or why it did not run. */
export function liveChecks(state: Partial<ExecutionState>, service: string, type: string): CheckResult[] {
  if (state.probeError) {
    return [
      {
        name: 'live',
        status: 'fail',
        detail: `the probe could not run: ${causeMessage(state.probeError.Cause)}`,
      },
    ];
  }
  const result = state.liveProbe?.result.services.find((r) => r.service === service && r.type === type);
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

function actionOf(action: PlanResult['endpoints'][number]['action'], planning: boolean): ServiceAction {
  if (action === 'create' || action === 'modify')
    return planning ? 'planned' : action === 'create' ? 'created' : 'modified';
  return action === 'adopted' ? 'adopted' : 'unchanged';
}

/** The plan's reason, and what the safe cut-over did about the endpoint's private DNS. */
function withCutover(state: Partial<ExecutionState>, p: PlanResult['endpoints'][number]): string {
  if (!p.cutover) return p.reason;
  const held = state.cutover?.held.find((h) => h.service === p.spec.service);
  if (held) return `${p.reason}; private DNS held off: ${held.reason}`;
  const readBack = state.cutoverCheck?.endpoints.find((c) => c.service === p.spec.service);
  if (readBack?.privateDnsEnabled)
    return `${p.reason}; private DNS turned on after its checks passed (safe cut-over)`;
  if (readBack) return `${p.reason}; private DNS turned on (safe cut-over), and EC2 still reports it off`;
  return `${p.reason}; private DNS turns on once the endpoint passes its checks (safe cut-over)`;
}

/**
 * The private-DNS check of an endpoint the cut-over turned on, from what EC2 reported after the change
 * (VerifyCutOver), in place of the one made while it was held off.
 */
function withCutOverReadBack(
  checks: ServiceResult['checks'],
  state: Partial<ExecutionState>,
  service: string,
): ServiceResult['checks'] {
  const readBack = state.cutoverCheck?.endpoints.find((c) => c.service === service);
  if (!readBack) return checks;
  const verdict: ServiceResult['checks'][number] = readBack.privateDnsEnabled
    ? { name: 'private-dns', status: 'pass', detail: 'on after the safe cut-over, as EC2 reports it' }
    : {
        name: 'private-dns',
        status: 'fail',
        detail: `EC2 accepted turning private DNS on, and ${readBack.endpointId} still reports it off (${readBack.state}): workloads do not resolve the service to it; drift reports it and the next run tries again`,
      };
  return [...checks.filter((c) => c.name !== 'private-dns'), verdict];
}

/**
 * Whether a step after the checks found the run's VPC gone (deleted while the run went on): the error it
 * met, naming the VPC, or undefined.
 */
export function vpcGoneDuringRun(state: Partial<ExecutionState>): string | undefined {
  const vpcId = state.vpc?.vpcId;
  if (!vpcId) return undefined;
  const errors = [state.error, state.probeError, state.probeCleanupError];
  const missing = errors.find(
    (e) =>
      e?.Error === 'ResourceNotFoundError' && causeMessage(e.Cause).includes(`VPC ${vpcId} does not exist`),
  );
  return missing
    ? `${vpcId} was deleted while its run went on (${causeMessage(missing.Cause)}): nothing of it, or of its endpoints, is left to check`
    : undefined;
}

/** A VPC deleted during the run: its services gone with it, whatever the checks read before. */
const goneWithTheVpc = (services: ServiceResult[]): ServiceResult[] =>
  services.map((s) => ({
    ...s,
    state: 'gone (the VPC was deleted)',
    checks: [{ name: 'endpoint-available', status: 'fail', detail: 'the VPC was deleted during the run' }],
  }));

function serviceResults(state: Partial<ExecutionState>, plan: PlanResult): ServiceResult[] {
  const planning = plan.mode === 'plan';
  const results: ServiceResult[] = plan.endpoints.map((p) => {
    if (movingToCentral(plan, p)) return movedResult(state, p, planning);
    const applied = state.applied?.find((a) => a.service === p.spec.service && p.action !== 'unchanged');
    const checked = state.checks?.services.find(
      (c) => c.service === p.spec.service && c.type === p.spec.type,
    );
    return {
      service: p.spec.service,
      serviceName: p.spec.serviceName,
      type: p.spec.type,
      endpointId: checked?.endpointId ?? applied?.endpointId ?? p.endpointId,
      state: checked?.state ?? (planning ? 'not applied (plan mode)' : 'unknown'),
      subnetIds: checked?.subnetIds ?? p.spec.subnetIds,
      routeTableIds: checked?.routeTableIds ?? p.spec.routeTableIds,
      securityGroupIds: checked?.securityGroupIds ?? [],
      // An otherwise unchanged endpoint whose private DNS the cut-over turned on was modified.
      action:
        p.action === 'unchanged' && state.privateDnsTurnedOn?.some((c) => c.service === p.spec.service)
          ? 'modified'
          : actionOf(p.action, planning),
      reason: withCutover(state, p),
      checks: [
        ...withCutOverReadBack(checked?.checks ?? [], state, p.spec.service),
        ...(checked ? liveChecks(state, p.spec.service, p.spec.type) : []),
      ],
    };
  });
  for (const served of state.checks?.services.filter((c) => c.servedBy) ?? [])
    results.push({
      ...served,
      // Its live probe ran in this VPC, against the central endpoint.
      checks: [...served.checks, ...liveChecks(state, served.service, served.type)],
      action: 'served',
      reason: `answered by the endpoint of the central VPC ${served.servedBy}`,
    });
  for (const d of plan.deletions) {
    results.push({
      service: shortServiceName(d.service),
      serviceName: d.service,
      type: d.type,
      endpointId: d.endpointId,
      state: planning ? 'not applied (plan mode)' : 'deleted',
      action: planning ? 'planned' : 'deleted',
      reason: `delete: ${d.reason}`,
      checks: d.rejectedBy
        ? [
            {
              name: 'acceptance',
              status: 'fail',
              detail: `${d.endpointId} was rejected by the service's owner ${d.rejectedBy}: ${planning ? 'to be removed' : 'removed'}`,
            },
          ]
        : [],
    });
  }
  return results;
}

/** One of ours moving to the central VPC: deleted once the central zone answered, else still on its way. */
function movedResult(
  state: Partial<ExecutionState>,
  p: PlanResult['endpoints'][number],
  planning: boolean,
): ServiceResult {
  const deleted = state.retired?.deleted.includes(p.endpointId ?? '') ?? false;
  return {
    service: p.spec.service,
    serviceName: p.spec.serviceName,
    type: p.spec.type,
    endpointId: p.endpointId,
    state: deleted ? 'deleted' : planning ? 'not applied (plan mode)' : 'moving to the central VPC',
    action: deleted ? 'deleted' : actionOf(p.action, planning),
    reason: deleted ? 'moved to the central VPC: its zone answers here' : p.reason,
    checks: [],
  };
}

function totalsOf(services: ServiceResult[]): ExecutionResult['totals'] {
  const totals = {
    served: 0,
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
  return totals;
}

/**
 * Failed, else checks failed, else awaiting acceptance (an endpoint waits for its service's owner: neither
 * done nor failed), else succeeded.
 */
function statusOf(
  error: FailureInfo | undefined,
  checksFailed: number,
  services: ServiceResult[],
): ExecutionResult['status'] {
  if (error) return 'failed';
  if (checksFailed > 0) return 'checks-failed';
  return services.some((s) => isAwaitingAcceptance(toEndpointState(s.state)))
    ? 'awaiting-acceptance'
    : 'succeeded';
}

export function buildResult(event: ReportEvent & { error?: FailureInfo }, now = Date.now()): ExecutionResult {
  const { state } = event;
  const plan = state.plan;
  const error = event.error ?? state.error;
  const listed = plan ? serviceResults(state, plan) : [];
  const services = error?.Error === 'VpcGoneError' ? goneWithTheVpc(listed) : listed;
  // An input too broken to resolve has no `vpc`: its raw vpcId is all there is to name.
  const raw = (state as { vpcId?: unknown }).vpcId;
  const vpcId = state.vpc?.vpcId ?? (typeof raw === 'string' ? raw : 'unknown');
  const totals = totalsOf(services);
  return {
    status: statusOf(event.error ?? state.error, totals.checksFailed, services),
    vpcId,
    region: state.vpc?.region ?? 'unknown',
    accountId: state.vpc?.accountId ?? 'unknown',
    mode: plan?.mode ?? 'apply',
    executionId: event.executionId,
    trigger: state.trigger ?? null,
    securityGroup: {
      groupId: state.securityGroup?.groupId ?? plan?.securityGroup.groupId ?? null,
      action: plan?.securityGroup.action ?? 'none',
    },
    services,
    totals,
    durationMs: plan && event.startedAt ? now - Date.parse(event.startedAt) : 0,
    apiCalls: totalApiCalls(state),
    ...(plan?.cost ? { cost: plan.cost } : {}),
    error: event.error ?? state.error,
  };
}
