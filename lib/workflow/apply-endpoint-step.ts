import { createEndpoint, modifyEndpoint, requestDigest } from '../aws/endpoints';
import { HTTPS_PORT, portsOfSpec } from '../domain/planner/security-group-rules';
import { inSubnets } from '../domain/services';
import { EXECUTION_TAG } from '../domain/config';
import { StaleCreationError } from '../domain/errors';
import { endpointKey } from '../domain/endpoint-settlement';
import type { RunLockStore } from '../domain/run-lock';
import { lockKeyOf, type VpcRef } from '../domain/vpc-ref';
import type { ApiCallCount } from '../domain/model';
import type { MutationItem } from './plan-step';
import type { StepContext } from './step-context';
import { isGone } from '../domain/endpoint-states';

export interface ApplyEndpointEvent {
  item: MutationItem;
  vpc: VpcRef;
  securityGroupId: string | null;
  /** The port groups ConfigureSecurityGroup made or found, by their ports (none in the cut-over's Map). */
  portGroupIds: Record<string, string>;
  executionId: string;
}

export interface ApplyEndpointResult {
  service: string;
  endpointId: string;
  action: 'created' | 'modified';
  apiCalls: ApiCallCount;
}

export interface ApplyEndpointDeps {
  locks: Pick<RunLockStore, 'claimCreation' | 'forgetCreations'>;
  now: () => number;
}

/**
 * The group the endpoint belongs in: the managed group, or for an endpoint on other ports than 443 the
 * group of its ports — both as ConfigureSecurityGroup made or found them.
 */
function groupOf(spec: MutationItem['spec'], event: ApplyEndpointEvent): string | undefined {
  const ports = portsOfSpec(spec);
  if (!inSubnets(spec.type) || (ports.length === 1 && ports[0] === HTTPS_PORT))
    return event.securityGroupId ?? undefined;
  return event.portGroupIds[ports.join(',')];
}

/**
 * One item of the ApplyEndpoints Map: creates or modifies one endpoint in a single mutating call. A
 * create first claims the creation (docs/architecture.md, "Eventual consistency"): when an interrupted
 * run made the same request moments ago, that request is repeated exactly, and EC2 answers with the
 * endpoint it made, which its describes may not list yet.
 */
export async function applyEndpointStep(
  event: ApplyEndpointEvent,
  ctx: StepContext,
  deps: ApplyEndpointDeps,
): Promise<ApplyEndpointResult> {
  const { item, vpc } = event;
  const groupId = groupOf(item.spec, event);
  if (item.action === 'modify' && item.endpointId && item.changes) {
    await modifyEndpoint(ctx.api, vpc.vpcId, item.endpointId, item.changes, ctx.config.stackName, groupId);
    return {
      service: item.spec.service,
      endpointId: item.endpointId,
      action: 'modified',
      apiCalls: ctx.api.calls,
    };
  }
  const claim = () =>
    deps.locks.claimCreation(lockKeyOf(vpc), endpointKey(item.spec), {
      executionId: event.executionId,
      request: requestDigest(vpc.vpcId, item.spec, groupId),
      at: deps.now(),
    });
  const create = (executionId: string) =>
    createEndpoint(ctx.api, {
      vpcId: vpc.vpcId,
      spec: item.spec,
      securityGroupId: groupId,
      stackName: ctx.config.stackName,
      executionId,
      extraTags: [{ Key: EXECUTION_TAG, Value: executionId }],
    });
  const { executionId } = await claim();
  const created = await create(executionId);
  if (executionId !== event.executionId && isGone(created.state)) {
    // The repeated request names an endpoint someone has deleted since (EC2 answers a known ClientToken
    // with what it made, gone or not): forget it; the item queues for a new permit and makes a new one.
    await deps.locks.forgetCreations(lockKeyOf(vpc), [endpointKey(item.spec)]);
    throw new StaleCreationError(created.endpointId, item.spec.serviceName);
  }
  return {
    service: item.spec.service,
    endpointId: created.endpointId,
    action: 'created',
    apiCalls: ctx.api.calls,
  };
}
