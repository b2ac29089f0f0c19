import { createHash } from 'node:crypto';
import {
  AuthorizeSecurityGroupEgressCommand,
  CreateSecurityGroupCommand,
  RevokeSecurityGroupEgressCommand,
  type CreateSecurityGroupCommandOutput,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import type { Ec2Api } from './ec2-api';
import { isAlreadyDone } from './errors';
import type { SecurityGroupRule } from '../domain/model';
import { assertManaged, ownershipTags } from '../domain/ownership';
import { isProbeEgress } from '../domain/probe-rules';
import { deleteGroupByName, findGroupByName } from './security-groups';

/** A function's name is at most 64 characters: readable when it fits, hashed when the stack name is long. */
export function probeName(stackName: string, vpcId: string): string {
  const readable = `${stackName}-probe-${vpcId}`;
  if (readable.length <= 64) return readable;
  return `plo-probe-${createHash('sha256').update(stackName).digest('hex').slice(0, 12)}-${vpcId}`;
}

/**
 * The probe's own security group: no ingress; egress TCP to the VPC's CIDRs on the endpoints' ports (443 for AWS's services)
 * and to the gateway services' prefix lists (S3 and DynamoDB over the gateway route), nothing else.
 * Traffic to the VPC's DNS resolver is not filtered by security groups.
 */
export async function ensureProbeGroup(
  api: Ec2Api,
  req: {
    vpcId: string;
    stackName: string;
    cidrs: string[];
    prefixListIds: string[];
    ports?: number[];
    /** CIDRs beyond the VPC's it reaches on 443 only: a served spoke's central VPC's. */
    httpsCidrs?: string[];
  },
): Promise<string> {
  const name = probeName(req.stackName, req.vpcId);
  let group = await findGroupByName(api, req.vpcId, name);
  if (group) assertManaged(group, group.groupId, req.stackName);
  if (!group) {
    const created = await api.send<CreateSecurityGroupCommandOutput>(
      new CreateSecurityGroupCommand({
        VpcId: req.vpcId,
        GroupName: name,
        Description: `Connectivity probe of ${req.stackName}: HTTPS out to the VPC and gateway services only`,
        TagSpecifications: [
          {
            ResourceType: 'security-group',
            Tags: ownershipTags(req.stackName, req.vpcId, name, { role: 'probe' }),
          },
        ],
      }),
    );
    group = {
      groupId: created.GroupId ?? '',
      groupName: name,
      ingress: [],
      egress: [{ protocol: '-1', cidr: '0.0.0.0/0' }],
      tags: {},
    };
  }
  const ports = req.ports ?? [443];
  const httpsCidrs = req.httpsCidrs ?? [];
  // The rule the checks step holds the group to: the two never disagree about an open group.
  const isWanted = (r: SecurityGroupRule) =>
    isProbeEgress(r, req.cidrs, req.prefixListIds, ports, httpsCidrs);
  const extra = group.egress.filter((r) => !isWanted(r));
  if (extra.length > 0) {
    await api.send(
      new RevokeSecurityGroupEgressCommand({
        GroupId: group.groupId,
        IpPermissions: extra.map((r) => ({
          IpProtocol: r.protocol,
          FromPort: r.fromPort,
          ToPort: r.toPort,
          IpRanges: r.cidr ? [{ CidrIp: r.cidr }] : undefined,
          PrefixListIds: r.prefixListId ? [{ PrefixListId: r.prefixListId }] : undefined,
        })),
      }),
    );
  }
  // Only the rules the group lacks: EC2 refuses a whole request with one duplicate in it.
  const kept = group.egress.filter(isWanted);
  const has = (port: number, match: (r: SecurityGroupRule) => boolean) =>
    kept.some((r) => r.fromPort === port && match(r));
  const cidrsOn = (port: number) => [
    ...(ports.includes(port) ? req.cidrs : []),
    ...(port === 443 ? httpsCidrs : []),
  ];
  const wanted: IpPermission[] = [...new Set([...ports, ...(httpsCidrs.length ? [443] : [])])]
    .map((port) => ({
      IpProtocol: 'tcp',
      FromPort: port,
      ToPort: port,
      IpRanges: cidrsOn(port)
        .filter((c) => !has(port, (r) => r.cidr === c))
        .map((CidrIp) => ({ CidrIp })),
      PrefixListIds:
        port === 443
          ? req.prefixListIds
              .filter((id) => !has(port, (r) => r.prefixListId === id))
              .map((PrefixListId) => ({ PrefixListId }))
          : [],
    }))
    .filter((p) => p.IpRanges.length + p.PrefixListIds.length > 0);
  if (wanted.length > 0) {
    try {
      await api.send(
        new AuthorizeSecurityGroupEgressCommand({ GroupId: group.groupId, IpPermissions: wanted }),
      );
    } catch (err) {
      if (!isAlreadyDone(err)) throw err;
    }
  }
  return group.groupId;
}

/** Deletes the probe group; DependencyViolation (ConflictError) while Lambda releases its interfaces. */
export const deleteProbeGroup = (api: Ec2Api, vpcId: string, stackName: string) =>
  deleteGroupByName(api, vpcId, probeName(stackName, vpcId), stackName);
