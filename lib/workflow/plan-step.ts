import type { Ec2Api } from '../aws/ec2-api';
import type { OrchestratorConfig } from '../domain/config';
import { readVpcSnapshot } from '../aws/discovery';
import type { DesiredState, VpcSnapshot } from '../domain/model';
import { planVpc } from '../domain/planner';
import { desiredInputToTags, parseDesiredState } from '../domain/tags';
import { parseExecutionInput } from '../domain/execution-input';
import type { MutationItem, PlanStepInput, PlanStepResult } from './types';

export interface StepContext {
  api: Ec2Api;
  config: OrchestratorConfig;
  /** The region the functions run in (AWS_REGION). */
  region: string;
}

/** Reads the VPC once, turns its tags (or `desired`) into a desired state, and plans. Mutates nothing. */
export async function planStep(event: PlanStepInput, ctx: StepContext): Promise<PlanStepResult> {
  const startedAt = new Date().toISOString();
  const input = parseExecutionInput(event.input);
  const region = input.region ?? ctx.region;
  let desired: DesiredState | undefined;
  const snapshot: VpcSnapshot = await readVpcSnapshot(ctx.api, input.vpcId, region, (vpcTags) => {
    const tags = input.desired ? desiredInputToTags(input.desired) : vpcTags;
    desired = parseDesiredState(tags, { region, config: ctx.config });
    return desired.services.map((s) => s.serviceName);
  });
  if (!desired) throw new Error('desired state was not computed');
  // A plan request from the caller always wins over the tag: asking to look must never change anything.
  const mode = input.mode === 'plan' ? 'plan' : desired.mode;
  const plan = planVpc({ ...desired, mode }, snapshot, {
    stackName: ctx.config.stackName,
    orgId: ctx.config.orgId,
  });
  const mutations: MutationItem[] = plan.endpoints
    .filter((e) => e.action === 'create' || e.action === 'modify')
    .map((e) => ({
      action: e.action as MutationItem['action'],
      spec: e.spec,
      endpointId: e.endpointId,
      changes: e.changes,
    }));
  return {
    input,
    executionId: event.executionId,
    vpcId: input.vpcId,
    region,
    accountId: input.accountId ?? snapshot.vpc.ownerId,
    mode,
    noop: plan.noop,
    plan,
    mutations,
    deletionIds: plan.deletions.map((d) => d.endpointId),
    probeRequested: input.probe === true,
    securityGroupNeeded: ['create', 'update', 'unchanged'].includes(plan.securityGroup.action),
    cleanupSecurityGroup: plan.securityGroup.action === 'delete',
    startedAt,
    apiCalls: { ...ctx.api.calls },
  };
}
