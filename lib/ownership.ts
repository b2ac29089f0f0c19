import type { Tag } from '@aws-sdk/client-ec2';
import { OWNER_TAG, SERVICE_TAG, VPC_TAG } from './config';
import { OwnershipError } from './errors';
import type { Tagged } from './model';

/** The tags every resource we create carries (DESIGN §3.3). */
export function ownershipTags(stackName: string, vpcId: string, name: string, service?: string): Tag[] {
  const tags: Tag[] = [
    { Key: OWNER_TAG, Value: stackName },
    { Key: VPC_TAG, Value: vpcId },
    { Key: 'Name', Value: name },
  ];
  if (service) tags.push({ Key: SERVICE_TAG, Value: service });
  return tags;
}

/** Refuses, before any call, to mutate something that does not carry our ownership tag. */
export function assertManaged(resource: Tagged, id: string, stackName: string): void {
  if (resource.tags[OWNER_TAG] !== stackName) {
    throw new OwnershipError(
      `refusing to modify ${id}: it does not carry ${OWNER_TAG}=${stackName} (found ${
        resource.tags[OWNER_TAG] ?? 'no such tag'
      })`,
    );
  }
}
