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
import type { SecurityGroupPlan, SecurityGroupRule } from '../domain/model';
import { assertManaged, endpointGroupName, ownershipTags, portGroupName } from '../domain/ownership';
import { HTTPS_PORT, isIpv6Cidr, missingIngress, portsOfGroup } from '../domain/planner/security-group-rules';

export interface GroupPlanRequest {
  vpcId: string;
  stackName: string;
  /** The planner's decision for the group: its rules to add and remove, computed once from the snapshot. */
  plan: Pick<SecurityGroupPlan, 'addCidrs' | 'removeRules' | 'ports'>;
}

export interface GroupResult {
  groupId: string;
  created: boolean;
  addedCidrs: string[];
  removedRules: SecurityGroupRule[];
}

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

/**
 * Applies the plan to the one managed security group of a VPC's interface endpoints: the group exists,
 * carries our tags, and gets the rules the planner added and loses the ones it removed. Safe to re-run at
 * any point: the group is found by its deterministic name, a rule already added or already gone is done.
 */
export async function applyEndpointGroupPlan(api: Ec2Api, req: GroupPlanRequest): Promise<GroupResult> {
  // A port group (endpoints on other ports than 443) is named and tagged after its ports.
  const ports = req.plan.ports;
  const name = ports
    ? portGroupName(req.stackName, req.vpcId, ports)
    : endpointGroupName(req.stackName, req.vpcId);
  let group = await findGroupByName(api, req.vpcId, name);
  let created = false;
  if (group) {
    assertManaged(group, group.groupId, req.stackName);
  } else {
    const out = await api.send<CreateSecurityGroupCommandOutput>(
      new CreateSecurityGroupCommand({
        VpcId: req.vpcId,
        GroupName: name,
        Description: ports
          ? `TCP ${ports.join(', ')} to the VPC endpoints managed by ${req.stackName}`
          : `HTTPS to the VPC endpoints managed by ${req.stackName}`,
        TagSpecifications: [
          {
            ResourceType: 'security-group',
            Tags: ownershipTags(
              req.stackName,
              req.vpcId,
              name,
              ports ? { role: 'endpoint-ports', ports } : { role: 'endpoints' },
            ),
          },
        ],
      }),
    );
    group = { groupId: out.GroupId ?? '', groupName: name, ingress: [], egress: [], tags: {} };
    created = true;
  }
  const { addCidrs, removeRules } = req.plan;
  // Only the (port, CIDR) pairs the group lacks now: EC2 refuses a whole request with one duplicate in it.
  for (const { port, cidrs } of missingIngress(group, addCidrs, portsOfGroup(req.plan)))
    await authorize(api, group.groupId, port, cidrs);
  await revoke(api, group.groupId, removeRules);
  return { groupId: group.groupId, created, addedCidrs: addCidrs, removedRules: removeRules };
}

async function revoke(api: Ec2Api, groupId: string, rules: SecurityGroupRule[]): Promise<void> {
  if (rules.length === 0) return;
  try {
    await api.send(
      new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: rules.map(toPermission) }),
    );
  } catch (err) {
    // A retried step finds its rules already gone: that is what we wanted.
    if (!isAlreadyDone(err)) throw err;
  }
}

async function authorize(api: Ec2Api, groupId: string, port: number, cidrs: string[]): Promise<void> {
  const description = port === HTTPS_PORT ? 'HTTPS to VPC endpoints' : `TCP ${port} to VPC endpoints`;
  try {
    await api.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: port,
            ToPort: port,
            IpRanges: cidrs
              .filter((c) => !isIpv6Cidr(c))
              .map((CidrIp) => ({ CidrIp, Description: description })),
            Ipv6Ranges: cidrs.filter(isIpv6Cidr).map((CidrIpv6) => ({ CidrIpv6, Description: description })),
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

/** Deletes one of our port groups by id, after checking it carries our tag; gone already is done. */
export async function deletePortGroup(api: Ec2Api, groupId: string, stackName: string): Promise<void> {
  const out = await api.send<DescribeSecurityGroupsCommandOutput>(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }),
  );
  const group = out.SecurityGroups?.[0];
  if (!group) return;
  assertManaged(toSecurityGroup(group), groupId, stackName);
  try {
    await api.send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
  } catch (err) {
    if (!(err instanceof ResourceNotFoundError)) throw err;
  }
}

/** Deletes the endpoints' managed group once no endpoint of ours uses it. */
export const deleteEndpointSecurityGroup = (api: Ec2Api, vpcId: string, stackName: string) =>
  deleteGroupByName(api, vpcId, endpointGroupName(stackName, vpcId), stackName);
