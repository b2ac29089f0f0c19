import { deleteManagedEndpoints } from '../aws/endpoints';
import { ConflictError } from '../domain/errors';
import type { ApiCallCount, Plan } from '../domain/model';
import { endpointKey } from '../domain/endpoint-states';
import { lockKeyOf, type RunLockStore } from '../domain/run-lock';
import type { StepContext } from './step-context';

export interface DeleteEndpointsResult {
  deleted: string[];
  apiCalls: ApiCallCount;
}

/** Pruned, failed and duplicate endpoints of ours, all in one DeleteVpcEndpoints call. */
export async function deleteEndpointsStep(
  event: { vpcId: string; accountId?: string | null; region?: string; deletions: Plan['deletions'] },
  ctx: StepContext,
  deps: { locks: Pick<RunLockStore, 'forgetCreations'> },
): Promise<DeleteEndpointsResult> {
  // A new endpoint for one of these services is a new request: never repeat the one that made these.
  await deps.locks.forgetCreations(
    lockKeyOf(event, ctx.ownAccountId),
    event.deletions.map((d) => endpointKey({ serviceName: d.service, type: d.type })),
  );
  const { deleted, failed } = await deleteManagedEndpoints(
    ctx.api,
    event.vpcId,
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
