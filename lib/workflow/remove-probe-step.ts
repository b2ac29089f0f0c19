import { deleteProbeFunction } from '../aws/probe-function';
import { deleteProbeGroup, probeName } from '../aws/probe-group';
import { ConflictError } from '../domain/errors';
import type { ProbeDecision } from '../domain/probe-rules';
import type { ProbeStepDeps } from './probe-step-deps';
import type { StepContext } from './step-context';
import type { VpcRef } from '../domain/vpc-ref';

export interface RemoveProbeResult {
  removedFunction: boolean;
  removedGroup: string | null;
  kept: boolean;
}

/**
 * After a probe run (`decision: run`), removes the copy unless the config keeps it between runs. When the
 * VPC has no endpoint of ours left or the probe is off (`decision: remove`), removes the copy and its
 * group. The group can only go once Lambda has released its network interfaces: ConflictError until
 * then, which the state machine retries.
 */
export async function removeProbeStep(
  event: { vpc: VpcRef; decision: ProbeDecision['action'] },
  ctx: StepContext,
  deps: ProbeStepDeps,
): Promise<RemoveProbeResult> {
  const afterRun = event.decision !== 'remove';
  const name = probeName(ctx.config.stackName, event.vpc.vpcId);
  if (afterRun && ctx.config.probe.keepBetweenRuns)
    return { removedFunction: false, removedGroup: null, kept: true };
  const removedFunction = await deleteProbeFunction(deps.functions, name);
  if (afterRun) return { removedFunction, removedGroup: null, kept: false };
  try {
    const removedGroup = await deleteProbeGroup(ctx.api, event.vpc.vpcId, ctx.config.stackName);
    return { removedFunction, removedGroup: removedGroup ?? null, kept: false };
  } catch (err) {
    if (err instanceof ConflictError) {
      throw new ConflictError(
        `the probe's security group is still in use while Lambda releases its network interfaces: ${err.message}`,
        { cause: err },
      );
    }
    throw err;
  }
}
