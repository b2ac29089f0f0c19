import { LockLostError } from '../domain/errors';
import type { RunLockStore } from '../domain/run-lock';
import { lockKeyOf, type VpcRef } from '../domain/vpc-ref';

/**
 * The fence of an execution's writes (docs/architecture.md, "One writer per VPC"): right before each
 * mutating call, the lock must still name this execution. A holder taken over — Step Functions gave up on
 * it while one of its Lambdas ran on — finds another name there and stops with LockLostError.
 */
export const fenceOf =
  (locks: Pick<RunLockStore, 'holderOf'>, vpc: VpcRef, executionId: string) => async (): Promise<void> => {
    const key = lockKeyOf(vpc);
    const holder = await locks.holderOf(key);
    if (holder !== executionId) throw new LockLostError(key, executionId, holder);
  };
