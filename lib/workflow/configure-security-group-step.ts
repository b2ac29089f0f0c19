import { applyEndpointGroupPlan, type GroupResult } from '../aws/security-groups';
import type { SecurityGroupPlan } from '../domain/model';
import type { StepContext } from './step-context';
import type { VpcRef } from '../domain/vpc-ref';

export type SecurityGroupResult = Omit<GroupResult, 'groupId'> & {
  groupId: string | null;
  /**
   * The port groups (endpoints on other ports than 443), by their ports (`5432`, `443,8443`): what the
   * ApplyEndpoints Map hands each item, so it joins its group without looking it up.
   */
  portGroupIds: Record<string, string>;
  apiCalls: StepContext['api']['calls'];
};

/**
 * Applies the plan's decision for the endpoints' groups (the managed group, and a port group per other
 * set of ports) before any endpoint is touched, so no endpoint of ours ever runs under the VPC's default
 * group. No group wanted: nothing to do here (an
 * unneeded group goes in CleanupSecurityGroup, once no endpoint uses it).
 */
export async function configureSecurityGroupStep(
  event: { vpc: VpcRef; securityGroup: SecurityGroupPlan },
  ctx: StepContext,
): Promise<SecurityGroupResult> {
  const { action, portGroups = [] } = event.securityGroup;
  const apply = (plan: Parameters<typeof applyEndpointGroupPlan>[1]['plan']) =>
    applyEndpointGroupPlan(ctx.api, { vpcId: event.vpc.vpcId, stackName: ctx.config.stackName, plan });
  const portGroupIds: Record<string, string> = {};
  for (const group of portGroups) portGroupIds[group.ports.join(',')] = (await apply(group)).groupId;
  if (action === 'none' || action === 'delete')
    return {
      groupId: null,
      created: false,
      addedCidrs: [],
      removedRules: [],
      portGroupIds,
      apiCalls: ctx.api.calls,
    };
  const result = await apply(event.securityGroup);
  return { ...result, portGroupIds, apiCalls: ctx.api.calls };
}
