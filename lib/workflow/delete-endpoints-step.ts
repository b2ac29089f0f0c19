import { deleteManagedEndpoints } from '../aws/endpoints';
import { ConflictError } from '../domain/errors';
import type { ApiCallCount, Plan } from '../domain/model';
import { endpointKey } from '../domain/endpoint-settlement';
import type { RunLockStore } from '../domain/run-lock';
import { lockKeyOf, type VpcRef } from '../domain/vpc-ref';
import type { StepContext } from './step-context';

export interface DeleteEndpointsResult {
  deleted: string[];
  apiCalls: ApiCallCount;
}

/** Pruned, failed and duplicate endpoints of ours, all in one DeleteVpcEndpoints call. */
export async function deleteEndpointsStep(
  event: { vpc: VpcRef; deletions: Plan['deletions'] },
  ctx: StepContext,
  deps: { locks: Pick<RunLockStore, 'forgetCreations'> },
): Promise<DeleteEndpointsResult> {
  // A new endpoint for one of these services is a new request: never repeat the one that made these.
  await deps.locks.forgetCreations(
    lockKeyOf(event.vpc),
    event.deletions.map((d) => endpointKey({ serviceName: d.service, type: d.type })),
  );
  const { deleted, failed } = await deleteManagedEndpoints(
    ctx.api,
    event.vpc.vpcId,
    event.deletions.map((d) => d.endpointId),
    ctx.config.stackName,
  );
  if (failed.length > 0) {
    throw new ConflictError(
      `could not delete ${failed.map((f) => `${f.endpointId} (${f.reason})`).join(', ')}`,
    );
  }
  return { deleted, apiCalls: ctx.api.calls };
}
