import { OWNER_TAG } from '../domain/config';
import { readEndpoints } from '../aws/discovery';
import { createEndpoint, deleteManagedEndpoints, modifyEndpoint } from '../aws/endpoints';
import { ConflictError, EndpointFailedError, EndpointTimeoutError } from '../domain/errors';
import { ensureEndpointSecurityGroup, deleteEndpointSecurityGroup } from '../aws/security-groups';
import type { StepContext } from './plan-step';
import type {
  DeleteStepResult,
  EndpointStepInput,
  EndpointStepResult,
  SecurityGroupStepResult,
  WaitStepInput,
  WaitStepResult,
} from './types';

export const EXECUTION_TAG = 'privatelink:execution';
/** States an endpoint passes through on its way to available or gone. */
const TRANSITIONAL = new Set(['pending', 'pendingacceptance', 'modifying', 'deleting']);
const FAILED = new Set(['failed', 'rejected']);

export async function securityGroupStep(
  event: { vpcId: string; allowedCidrs: string[]; needed: boolean },
  ctx: StepContext,
): Promise<SecurityGroupStepResult> {
  if (!event.needed)
    return { groupId: null, created: false, addedCidrs: [], removedRules: [], apiCalls: ctx.api.calls };
  const result = await ensureEndpointSecurityGroup(ctx.api, {
    vpcId: event.vpcId,
    stackName: ctx.config.stackName,
    allowedCidrs: event.allowedCidrs,
  });
  return { ...result, apiCalls: ctx.api.calls };
}

export async function deleteEndpointsStep(
  event: { vpcId: string; endpointIds: string[] },
  ctx: StepContext,
): Promise<DeleteStepResult> {
  const { deleted, failed } = await deleteManagedEndpoints(
    ctx.api,
    event.vpcId,
    event.endpointIds,
    ctx.config.stackName,
  );
  if (failed.length > 0) {
    throw new ConflictError(
      `could not delete ${failed.map((f) => `${f.endpointId} (${f.reason})`).join(', ')}`,
    );
  }
  return { deleted, apiCalls: ctx.api.calls };
}

/** One Map iteration: creates or modifies one endpoint in a single mutating call. */
export async function endpointStep(event: EndpointStepInput, ctx: StepContext): Promise<EndpointStepResult> {
  const { item } = event;
  const groupId = event.securityGroupId ?? undefined;
  if (item.action === 'modify' && item.endpointId && item.changes) {
    await modifyEndpoint(ctx.api, event.vpcId, item.endpointId, item.changes, ctx.config.stackName, groupId);
    return {
      service: item.spec.service,
      endpointId: item.endpointId,
      action: 'modified',
      apiCalls: ctx.api.calls,
    };
  }
  const created = await createEndpoint(ctx.api, {
    vpcId: event.vpcId,
    spec: item.spec,
    securityGroupId: groupId,
    stackName: ctx.config.stackName,
    executionId: event.executionId,
    extraTags: [{ Key: EXECUTION_TAG, Value: event.executionId }],
  });
  return {
    service: item.spec.service,
    endpointId: created.endpointId,
    action: 'created',
    apiCalls: ctx.api.calls,
  };
}

const managedFilters = (vpcId: string, stackName: string) => [
  { Name: 'vpc-id', Values: [vpcId] },
  { Name: `tag:${OWNER_TAG}`, Values: [stackName] },
];

/**
 * One turn of the Wait loop: are our endpoints settled? Throws EndpointFailedError when an endpoint this
 * execution created went failed, EndpointTimeoutError when the attempts run out (the state machine then
 * compensates). The loop counts attempts rather than reading a clock, so it is deterministic.
 */
export async function waitStep(
  event: WaitStepInput,
  ctx: StepContext & { maxAttempts: number },
): Promise<WaitStepResult> {
  const attempt = event.previous.attempt + 1;
  const endpoints = await readEndpoints(ctx.api, managedFilters(event.vpcId, ctx.config.stackName));
  const failed = endpoints.filter((e) => FAILED.has(e.state) && e.tags[EXECUTION_TAG] === event.executionId);
  const apiCalls = {
    read: event.previous.apiCalls.read + ctx.api.calls.read,
    mutating: event.previous.apiCalls.mutating + ctx.api.calls.mutating,
  };
  if (failed.length > 0) {
    throw new EndpointFailedError(
      failed
        .map(
          (e) => `${e.endpointId} (${e.serviceName}) is ${e.state}: ${e.failureReason ?? 'no reason given'}`,
        )
        .join('; '),
    );
  }
  const waitingFor = endpoints
    .filter(
      (e) => TRANSITIONAL.has(e.state) || (event.deletionIds.includes(e.endpointId) && e.state !== 'deleted'),
    )
    .map((e) => `${e.endpointId} (${e.serviceName}) ${e.state}`);
  if (waitingFor.length === 0) return { status: 'ready', attempt, waitingFor, apiCalls };
  if (attempt >= ctx.maxAttempts) {
    throw new EndpointTimeoutError(`still not settled after ${attempt} checks: ${waitingFor.join(', ')}`);
  }
  return { status: 'waiting', attempt, waitingFor, apiCalls };
}

/** Removes what this execution created that is not available; leaves everything else alone. */
export async function compensateStep(
  event: { vpcId: string; executionId: string },
  ctx: StepContext,
): Promise<{ removed: string[]; apiCalls: typeof ctx.api.calls }> {
  const mine = await readEndpoints(ctx.api, [
    ...managedFilters(event.vpcId, ctx.config.stackName),
    { Name: `tag:${EXECUTION_TAG}`, Values: [event.executionId] },
  ]);
  const broken = mine
    .filter((e) => e.state !== 'available' && e.state !== 'deleting')
    .map((e) => e.endpointId);
  if (broken.length > 0) await deleteManagedEndpoints(ctx.api, event.vpcId, broken, ctx.config.stackName);
  return { removed: broken, apiCalls: ctx.api.calls };
}

export async function cleanupSecurityGroupStep(event: { vpcId: string }, ctx: StepContext) {
  const groupId = await deleteEndpointSecurityGroup(ctx.api, event.vpcId, ctx.config.stackName);
  return { deletedGroupId: groupId ?? null, apiCalls: ctx.api.calls };
}
