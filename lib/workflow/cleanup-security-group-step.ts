import { deleteEndpointSecurityGroup, deletePortGroup } from '../aws/security-groups';
import type { ApiCallCount, SecurityGroupPlan } from '../domain/model';
import type { StepContext } from './step-context';
import type { VpcRef } from '../domain/vpc-ref';

export interface CleanupSecurityGroupResult {
  deletedGroupId: string | null;
  /** Port groups no endpoint of ours needs any more, removed. */
  deletedPortGroupIds?: string[];
  apiCalls: ApiCallCount;
}

/**
 * The groups no endpoint of ours needs go once the endpoints left them: the managed group when none is
 * left, and port groups the plan names (ConflictError while interfaces drain: the state machine retries).
 */
export async function cleanupSecurityGroupStep(
  event: { vpc: VpcRef; securityGroup?: Pick<SecurityGroupPlan, 'action' | 'portGroupDeletions'> },
  ctx: StepContext,
): Promise<CleanupSecurityGroupResult> {
  const { stackName } = ctx.config;
  const deletions = event.securityGroup?.portGroupDeletions ?? [];
  for (const { groupId } of deletions) await deletePortGroup(ctx.api, groupId, stackName);
  const ports = deletions.length ? { deletedPortGroupIds: deletions.map((d) => d.groupId) } : {};
  // Without the plan (an execution started before port groups): the managed group, as before.
  if (event.securityGroup && event.securityGroup.action !== 'delete')
    return { deletedGroupId: null, ...ports, apiCalls: ctx.api.calls };
  const groupId = await deleteEndpointSecurityGroup(ctx.api, event.vpc.vpcId, stackName);
  return { deletedGroupId: groupId ?? null, ...ports, apiCalls: ctx.api.calls };
}
