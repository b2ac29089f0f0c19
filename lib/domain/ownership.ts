import { OWNER_TAG, PORTS_TAG, ROLE_TAG, SERVICE_TAG, VPC_TAG } from './config';
import { OwnershipError } from './errors';
import type { EndpointInfo, PlannedEndpoint, SecurityGroupInfo, Tagged, VpcSnapshot } from './model';
import { isDead } from './endpoint-states';

/** A tag as EC2 takes it in TagSpecifications. */
export interface Tag {
  Key: string;
  Value: string;
}

/** The tags every resource we create carries (docs/architecture.md, "Ownership"). */
export function ownershipTags(
  stackName: string,
  vpcId: string,
  name: string,
  more: { service?: string; role?: GroupRole; ports?: number[] } = {},
): Tag[] {
  const tags: Tag[] = [
    { Key: OWNER_TAG, Value: stackName },
    { Key: VPC_TAG, Value: vpcId },
    { Key: 'Name', Value: name },
  ];
  if (more.service) tags.push({ Key: SERVICE_TAG, Value: more.service });
  if (more.role) tags.push({ Key: ROLE_TAG, Value: more.role });
  if (more.ports) tags.push({ Key: PORTS_TAG, Value: more.ports.join(',') });
  return tags;
}

/**
 * Our security groups: the one the VPC's endpoints on 443 use, one per other set of ports (endpoints to
 * endpoint services or resources on their entry's ports: docs/architecture.md, "Endpoint services"), and
 * the live probe's.
 */
export type GroupRole = 'endpoints' | 'endpoint-ports' | 'probe';

/** The endpoints' group of a VPC is named after it, so a retried step finds the one it made. */
export const endpointGroupName = (stackName: string, vpcId: string) => `${stackName}-endpoints-${vpcId}`;

/** The group of a VPC's endpoints on `ports` (not [443]): named after them, found again by its name. */
export const portGroupName = (stackName: string, vpcId: string, ports: number[]) =>
  `${endpointGroupName(stackName, vpcId)}-p${ports.join('-')}`;

/** Our port groups of a VPC, each with the ports its tag says. */
export function findPortGroups(groups: SecurityGroupInfo[], vpcId: string, stackName: string) {
  return groups
    .filter(
      (g) =>
        isManaged(g.tags, stackName) && g.tags[VPC_TAG] === vpcId && g.tags[ROLE_TAG] === 'endpoint-ports',
    )
    .map((group) => ({ group, ports: (group.tags[PORTS_TAG] ?? '').split(',').map(Number).filter(Boolean) }));
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

export const isManaged = (tags: Record<string, string>, stackName: string) => tags[OWNER_TAG] === stackName;

/** What plan, apply and status say of an endpoint another stack of this product made: likely a wrong --stack-name. */
export const otherStackNote = (
  endpoint: { service: string; type: string; endpointId?: string },
  otherStack: string,
  stackName: string,
) =>
  `${endpoint.service} (${endpoint.type}) ${endpoint.endpointId ?? ''} carries ${OWNER_TAG}=${otherStack}, not ${stackName}: is --stack-name right?`;

/**
 * The live endpoint that serves a planned service: the one the plan names (ours or adopted), else the
 * one of ours created for it since the plan was made.
 */
export function endpointOfPlan(
  snapshot: VpcSnapshot,
  planned: PlannedEndpoint,
  stackName: string,
): EndpointInfo | undefined {
  if (planned.endpointId) return snapshot.endpoints.find((e) => e.endpointId === planned.endpointId);
  return snapshot.endpoints.find(
    (e) =>
      e.serviceName === planned.spec.serviceName &&
      e.type === planned.spec.type &&
      isManaged(e.tags, stackName) &&
      !isDead(e.state),
  );
}

/**
 * The one security group per VPC that our interface endpoints use: ours, for this VPC, with the
 * `endpoints` role — or, made before groups carried a role, by its name. Never the probe's group,
 * which carries the same ownership tags.
 */
export function findManagedSecurityGroup(
  groups: SecurityGroupInfo[],
  vpcId: string,
  stackName: string,
): SecurityGroupInfo | undefined {
  const role = (g: SecurityGroupInfo) =>
    g.tags[ROLE_TAG] ?? (g.groupName === endpointGroupName(stackName, vpcId) ? 'endpoints' : undefined);
  return groups.find(
    (g) => isManaged(g.tags, stackName) && g.tags[VPC_TAG] === vpcId && role(g) === 'endpoints',
  );
}
