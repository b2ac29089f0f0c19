import { deleteEndpointSecurityGroup } from '../aws/security-groups';
import type { ApiCallCount } from '../domain/model';
import type { StepContext } from './step-context';
import type { VpcRef } from '../domain/vpc-ref';

export interface CleanupSecurityGroupResult {
  deletedGroupId: string | null;
  apiCalls: ApiCallCount;
}

/** No interface endpoint of ours is left: the managed group goes (ConflictError while interfaces drain). */
export async function cleanupSecurityGroupStep(
  event: { vpc: VpcRef },
  ctx: StepContext,
): Promise<CleanupSecurityGroupResult> {
  const groupId = await deleteEndpointSecurityGroup(ctx.api, event.vpc.vpcId, ctx.config.stackName);
  return { deletedGroupId: groupId ?? null, apiCalls: ctx.api.calls };
}
