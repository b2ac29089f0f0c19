import type * as ec2 from '@aws-sdk/client-ec2';
import { ec2Error } from './simulator';
import type { SimRule } from './state';
import { candidates, flattenPermissions, matches, page, tagsOf, toTagList, type Handler } from './wire';

/** The simulated EC2: security groups and their rules. */

export const securityGroupHandlers: Record<string, Handler> = {
  DescribeSecurityGroups(sim, input: ec2.DescribeSecurityGroupsRequest) {
    const all = candidates(sim, 'securityGroups', sim.securityGroups, input.Filters).filter((g) =>
      matches(input.Filters, { 'vpc-id': g.vpcId, 'group-id': g.groupId, 'group-name': g.groupName }, g.tags),
    );
    const { items, NextToken } = page(sim, all, input.NextToken, input.MaxResults);
    const perms = (rules: SimRule[]) =>
      rules.map((r) => ({
        IpProtocol: r.IpProtocol,
        FromPort: r.FromPort,
        ToPort: r.ToPort,
        IpRanges: r.CidrIp ? [{ CidrIp: r.CidrIp }] : [],
        Ipv6Ranges: r.CidrIpv6 ? [{ CidrIpv6: r.CidrIpv6 }] : [],
        PrefixListIds: r.PrefixListId ? [{ PrefixListId: r.PrefixListId }] : [],
      }));
    return {
      SecurityGroups: items.map((g) => ({
        GroupId: g.groupId,
        GroupName: g.groupName,
        VpcId: g.vpcId,
        Description: g.description,
        IpPermissions: perms(g.ingress),
        IpPermissionsEgress: perms(g.egress),
        Tags: toTagList(g.tags),
      })),
      NextToken,
    };
  },
  AuthorizeSecurityGroupEgress(sim, input: ec2.AuthorizeSecurityGroupEgressRequest) {
    const g = sim.securityGroups.get(input.GroupId ?? '');
    if (!g) throw ec2Error('InvalidGroup.NotFound', `The security group '${input.GroupId}' does not exist`);
    const rules = flattenPermissions(input.IpPermissions);
    if (rules.some((r) => g.egress.some((x) => sim.sameRule(x, r))))
      throw ec2Error('InvalidPermission.Duplicate', 'the specified rule already exists');
    g.egress.push(...rules);
    return { Return: true };
  },
  RevokeSecurityGroupEgress(sim, input: ec2.RevokeSecurityGroupEgressRequest) {
    const g = sim.securityGroups.get(input.GroupId ?? '');
    if (!g) throw ec2Error('InvalidGroup.NotFound', `The security group '${input.GroupId}' does not exist`);
    const rules = flattenPermissions(input.IpPermissions);
    g.egress = g.egress.filter((x) => !rules.some((r) => sim.sameRule(x, r)));
    return { Return: true };
  },
  CreateSecurityGroup(sim, input: ec2.CreateSecurityGroupRequest) {
    const vpcId = input.VpcId ?? '';
    if (!sim.vpcs.has(vpcId)) throw ec2Error('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
    if ([...sim.securityGroups.values()].some((g) => g.vpcId === vpcId && g.groupName === input.GroupName)) {
      throw ec2Error(
        'InvalidGroup.Duplicate',
        `The security group '${input.GroupName}' already exists for VPC '${vpcId}'`,
      );
    }
    const groupId = sim.id('sg');
    sim.securityGroups.set(groupId, {
      groupId,
      groupName: input.GroupName ?? '',
      vpcId,
      description: input.Description ?? '',
      ingress: [],
      // A new group allows all outbound traffic.
      egress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }],
      tags: tagsOf(input.TagSpecifications, 'security-group'),
    });
    return { GroupId: groupId };
  },
  AuthorizeSecurityGroupIngress(sim, input: ec2.AuthorizeSecurityGroupIngressRequest) {
    const g = sim.securityGroups.get(input.GroupId ?? '');
    if (!g) throw ec2Error('InvalidGroup.NotFound', `The security group '${input.GroupId}' does not exist`);
    const rules = flattenPermissions(input.IpPermissions);
    // Any duplicate fails the whole call and adds nothing.
    const dup = rules.find((r) => g.ingress.some((x) => sim.sameRule(x, r)));
    if (dup)
      throw ec2Error(
        'InvalidPermission.Duplicate',
        `the specified rule "peer: ${dup.CidrIp}, TCP, from port: ${dup.FromPort}, to port: ${dup.ToPort}, ALLOW" already exists`,
      );
    g.ingress.push(...rules);
    return { Return: true };
  },
  RevokeSecurityGroupIngress(sim, input: ec2.RevokeSecurityGroupIngressRequest) {
    const g = sim.securityGroups.get(input.GroupId ?? '');
    if (!g) throw ec2Error('InvalidGroup.NotFound', `The security group '${input.GroupId}' does not exist`);
    const rules = flattenPermissions(input.IpPermissions);
    const missing = rules.find((r) => !g.ingress.some((x) => sim.sameRule(x, r)));
    if (missing)
      throw ec2Error(
        'InvalidPermission.NotFound',
        'The specified rule does not exist in this security group.',
      );
    g.ingress = g.ingress.filter((x) => !rules.some((r) => sim.sameRule(x, r)));
    return { Return: true };
  },
  DeleteSecurityGroup(sim, input: ec2.DeleteSecurityGroupRequest) {
    sim.settle();
    const g = sim.securityGroups.get(input.GroupId ?? '');
    if (!g) throw ec2Error('InvalidGroup.NotFound', `The security group '${input.GroupId}' does not exist`);
    // A group still attached to a network interface cannot be deleted.
    if (sim.groupUsers(g.groupId).length > 0)
      throw ec2Error('DependencyViolation', `resource ${g.groupId} has a dependent object`);
    sim.securityGroups.delete(g.groupId);
    return {};
  },
};
