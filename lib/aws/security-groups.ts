import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupIngressCommand,
  type CreateSecurityGroupCommandOutput,
  type DescribeSecurityGroupsCommandOutput,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import type { Ec2Api } from './ec2-api';
import { toSecurityGroup } from './ec2-mappers';
import { isAlreadyDone } from './errors';
import { ResourceNotFoundError } from '../domain/errors';
import type { SecurityGroupRule } from '../domain/model';
import { assertManaged, ownershipTags } from '../domain/ownership';
import { HTTPS_PORT, wantedIngressDiff } from '../domain/planner/security-group-rules';

export interface EnsureGroupRequest {
  vpcId: string;
  stackName: string;
  allowedCidrs: string[];
}

export interface EnsureGroupResult {
  groupId: string;
  created: boolean;
  addedCidrs: string[];
  removedRules: SecurityGroupRule[];
}

export const groupName = (stackName: string, vpcId: string) => `${stackName}-endpoints-${vpcId}`;

/** A security group of the VPC by its name (ours are named deterministically), or undefined. */
export async function findGroupByName(api: Ec2Api, vpcId: string, name: string) {
  const out = await api.send<DescribeSecurityGroupsCommandOutput>(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'group-name', Values: [name] },
      ],
    }),
  );
  const group = out.SecurityGroups?.[0];
  return group ? toSecurityGroup(group) : undefined;
}

const findManagedGroup = (api: Ec2Api, vpcId: string, stackName: string) =>
  findGroupByName(api, vpcId, groupName(stackName, vpcId));

/**
 * Converges the one managed security group of a VPC's interface endpoints: it exists, carries our tags,
 * and allows exactly TCP 443 from the allowed CIDRs (missing rules added, any other ingress removed).
 * Safe to re-run at any point: duplicates are success, the group is found by its deterministic name.
 */
export async function ensureEndpointSecurityGroup(
  api: Ec2Api,
  req: EnsureGroupRequest,
): Promise<EnsureGroupResult> {
  let group = await findManagedGroup(api, req.vpcId, req.stackName);
  let created = false;
  if (group) {
    assertManaged(group, group.groupId, req.stackName);
  } else {
    const name = groupName(req.stackName, req.vpcId);
    const out = await api.send<CreateSecurityGroupCommandOutput>(
      new CreateSecurityGroupCommand({
        VpcId: req.vpcId,
        GroupName: name,
        Description: `HTTPS to the VPC endpoints managed by ${req.stackName}`,
        TagSpecifications: [
          { ResourceType: 'security-group', Tags: ownershipTags(req.stackName, req.vpcId, name) },
        ],
      }),
    );
    group = { groupId: out.GroupId ?? '', groupName: name, ingress: [], egress: [], tags: {} };
    created = true;
  }
  const { addCidrs, removeRules } = wantedIngressDiff(group, req.allowedCidrs);
  await authorize(api, group.groupId, addCidrs);
  if (removeRules.length > 0) {
    await api.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: group.groupId,
        IpPermissions: removeRules.map(toPermission),
      }),
    );
  }
  return { groupId: group.groupId, created, addedCidrs: addCidrs, removedRules: removeRules };
}

async function authorize(api: Ec2Api, groupId: string, cidrs: string[]): Promise<void> {
  if (cidrs.length === 0) return;
  try {
    await api.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: HTTPS_PORT,
            ToPort: HTTPS_PORT,
            IpRanges: cidrs.map((CidrIp) => ({ CidrIp, Description: 'HTTPS to VPC endpoints' })),
          },
        ],
      }),
    );
  } catch (err) {
    // A retried step finds its own rule already there: that is what we wanted.
    if (!isAlreadyDone(err)) throw err;
  }
}

function toPermission(rule: SecurityGroupRule): IpPermission {
  return {
    IpProtocol: rule.protocol,
    FromPort: rule.fromPort,
    ToPort: rule.toPort,
    IpRanges: rule.cidr ? [{ CidrIp: rule.cidr }] : undefined,
    Ipv6Ranges: rule.ipv6Cidr ? [{ CidrIpv6: rule.ipv6Cidr }] : undefined,
    UserIdGroupPairs: rule.sourceGroupId ? [{ GroupId: rule.sourceGroupId }] : undefined,
    PrefixListIds: rule.prefixListId ? [{ PrefixListId: rule.prefixListId }] : undefined,
  };
}

/**
 * Deletes one of our groups by name, after checking it carries our tag. Gone already (a retried step)
 * is done; DependencyViolation (ConflictError: still attached) propagates for the state machine to retry.
 */
export async function deleteGroupByName(
  api: Ec2Api,
  vpcId: string,
  name: string,
  stackName: string,
): Promise<string | undefined> {
  const group = await findGroupByName(api, vpcId, name);
  if (!group) return undefined;
  assertManaged(group, group.groupId, stackName);
  try {
    await api.send(new DeleteSecurityGroupCommand({ GroupId: group.groupId }));
  } catch (err) {
    if (!(err instanceof ResourceNotFoundError)) throw err;
  }
  return group.groupId;
}

/** Deletes the endpoints' managed group once no endpoint of ours uses it. */
export const deleteEndpointSecurityGroup = (api: Ec2Api, vpcId: string, stackName: string) =>
  deleteGroupByName(api, vpcId, groupName(stackName, vpcId), stackName);
