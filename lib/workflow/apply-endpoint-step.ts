import { createEndpoint, modifyEndpoint } from '../aws/endpoints';
import { EXECUTION_TAG } from '../domain/config';
import type { ApiCallCount } from '../domain/model';
import type { MutationItem } from './plan-step';
import type { StepContext } from './step-context';

export interface ApplyEndpointEvent {
  item: MutationItem;
  vpcId: string;
  securityGroupId: string | null;
  executionId: string;
}

export interface ApplyEndpointResult {
  service: string;
  endpointId: string;
  action: 'created' | 'modified';
  apiCalls: ApiCallCount;
}

/** One item of the ApplyEndpoints Map: creates or modifies one endpoint in a single mutating call. */
export async function applyEndpointStep(
  event: ApplyEndpointEvent,
  ctx: StepContext,
): Promise<ApplyEndpointResult> {
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
