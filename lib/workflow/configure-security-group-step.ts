import { applyEndpointGroupPlan, type GroupResult } from '../aws/security-groups';
import type { SecurityGroupPlan } from '../domain/model';
import type { StepContext } from './step-context';
import type { VpcRef } from '../domain/vpc-ref';

export type SecurityGroupResult = Omit<GroupResult, 'groupId'> & {
  groupId: string | null;
  apiCalls: StepContext['api']['calls'];
};

/**
 * Applies the plan's decision for the endpoints' group before any endpoint is touched, so no interface
 * endpoint of ours ever runs under the VPC's default group. No group wanted: nothing to do here (an
 * unneeded group goes in CleanupSecurityGroup, once no endpoint uses it).
 */
export async function configureSecurityGroupStep(
  event: { vpc: VpcRef; securityGroup: SecurityGroupPlan },
  ctx: StepContext,
): Promise<SecurityGroupResult> {
  const { action } = event.securityGroup;
  if (action === 'none' || action === 'delete')
    return { groupId: null, created: false, addedCidrs: [], removedRules: [], apiCalls: ctx.api.calls };
  const result = await applyEndpointGroupPlan(ctx.api, {
    vpcId: event.vpc.vpcId,
    stackName: ctx.config.stackName,
    plan: event.securityGroup,
  });
  return { ...result, apiCalls: ctx.api.calls };
}
