import { inSubnets } from '../domain/services';
import { isGone, toEndpointState } from '../domain/endpoint-states';
import { createHash } from 'node:crypto';
import {
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  ModifyVpcEndpointCommand,
  type CreateVpcEndpointCommandOutput,
  type DeleteVpcEndpointsCommandOutput,
  type Tag,
} from '@aws-sdk/client-ec2';
import type { Ec2Api } from './ec2-api';
import { readEndpoints } from './discovery';
import { AwsInvalidParameterError, ConflictError, ResourceNotFoundError } from '../domain/errors';
import type { EndpointChanges, EndpointInfo, EndpointSpec } from '../domain/model';
import { assertManaged, ownershipTags } from '../domain/ownership';

/**
 * Deterministic idempotency token (EC2 allows 64 characters): the same execution asking for the same
 * endpoint always sends the same token, so a retried or re-run step never makes a duplicate.
 */
export function clientToken(
  executionId: string,
  vpcId: string,
  spec: EndpointSpec,
  groupId?: string,
): string {
  const digest = createHash('sha256')
    .update(JSON.stringify({ executionId, vpcId, spec, groupId: groupId ?? null }))
    .digest('hex');
  return `plo-${digest.slice(0, 56)}`;
}

/** What makes two create requests the same, the execution aside: the VPC, the spec, the group. */
export function requestDigest(vpcId: string, spec: EndpointSpec, groupId?: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ vpcId, spec, groupId: groupId ?? null }))
    .digest('hex')
    .slice(0, 32);
}

export interface CreateRequest {
  vpcId: string;
  spec: EndpointSpec;
  securityGroupId?: string;
  stackName: string;
  executionId: string;
  extraTags?: Tag[];
}

/**
 * EC2 refuses an S3 interface endpoint with private DNS for inbound resolvers only while the VPC has no S3
 * gateway endpoint ("To set PrivateDnsOnlyForInboundResolverEndpoint to true, the VPC … must have a Gateway
 * endpoint for the service"; e.g. github.com/terraform-aws-modules/terraform-aws-vpc/issues/982). The plan
 * makes the gateway first (lib/workflow/plan-step.ts): this only means it is not there yet, so the step's
 * ConflictError retry waits for it.
 */
async function awaitingGateway<T>(call: Promise<T>, serviceName: string): Promise<T> {
  return call.catch((err: unknown) => {
    if (err instanceof AwsInvalidParameterError && /must have a Gateway endpoint/i.test(err.message))
      throw new ConflictError(`the gateway endpoint ${serviceName} needs is not in the VPC yet`, {
        cause: err,
      });
    throw err;
  });
}

/** DnsOptions and IpAddressType, set only where the spec departs from EC2's defaults. */
function addressingOf(spec: EndpointSpec) {
  return {
    ...(spec.ipAddressType ? { IpAddressType: spec.ipAddressType } : {}),
    ...(spec.ipAddressType || spec.inboundResolverOnly
      ? {
          DnsOptions: {
            ...(spec.ipAddressType ? { DnsRecordIpType: spec.ipAddressType } : {}),
            ...(spec.inboundResolverOnly ? { PrivateDnsOnlyForInboundResolverEndpoint: true } : {}),
          },
        }
      : {}),
  };
}

/** Creates one endpoint with every attribute (subnets, group, routes, policy, DNS, tags) in one call. */
export async function createEndpoint(api: Ec2Api, req: CreateRequest): Promise<EndpointInfo> {
  const { spec, vpcId } = req;
  const isInterface = spec.type === 'Interface';
  const isResource = spec.type === 'Resource';
  const request = api.send<CreateVpcEndpointCommandOutput>(
    new CreateVpcEndpointCommand({
      VpcId: vpcId,
      // A resource endpoint names its resource configuration, and takes no policy.
      ...(isResource ? { ResourceConfigurationArn: spec.serviceName } : { ServiceName: spec.serviceName }),
      VpcEndpointType: spec.type,
      SubnetIds: inSubnets(spec.type) ? spec.subnetIds : undefined,
      SecurityGroupIds: inSubnets(spec.type) && req.securityGroupId ? [req.securityGroupId] : undefined,
      PrivateDnsEnabled: isInterface ? spec.privateDns : undefined,
      RouteTableIds: spec.type === 'Gateway' ? spec.routeTableIds : undefined,
      PolicyDocument: isResource ? undefined : spec.policyDocument,
      ...(isInterface ? addressingOf(spec) : {}),
      ...(spec.serviceRegion ? { ServiceRegion: spec.serviceRegion } : {}),
      ClientToken: clientToken(req.executionId, vpcId, spec, req.securityGroupId),
      TagSpecifications: [
        {
          ResourceType: 'vpc-endpoint',
          Tags: [
            ...ownershipTags(req.stackName, vpcId, `${req.stackName}-${spec.service}`, {
              service: spec.serviceName,
            }),
            ...(req.extraTags ?? []),
          ],
        },
      ],
    }),
  );
  const out = await awaitingGateway(request, spec.serviceName);
  const endpointId = out.VpcEndpoint?.VpcEndpointId;
  if (!endpointId)
    throw new ResourceNotFoundError(`CreateVpcEndpoint for ${spec.serviceName} returned no endpoint`);
  return {
    endpointId,
    serviceName: spec.serviceName,
    type: spec.type,
    state: toEndpointState(out.VpcEndpoint?.State ?? 'pending'),
    subnetIds: out.VpcEndpoint?.SubnetIds ?? [],
    routeTableIds: out.VpcEndpoint?.RouteTableIds ?? [],
    securityGroupIds: (out.VpcEndpoint?.Groups ?? []).map((g) => g.GroupId ?? ''),
    privateDnsEnabled: out.VpcEndpoint?.PrivateDnsEnabled ?? false,
    dnsNames: [],
    networkInterfaceIds: [],
    tags: {},
  };
}

/**
 * Reads endpoints of a VPC by id; missing ids are simply absent from the answer. (The vpc-endpoint-id
 * filter would be narrower, but moto 5.2 does not implement it; VpcEndpointIds fails whole on one gone id.)
 */
export async function describeEndpoints(
  api: Ec2Api,
  vpcId: string,
  endpointIds: string[],
): Promise<EndpointInfo[]> {
  if (endpointIds.length === 0) return [];
  const all = await readEndpoints(api, [{ Name: 'vpc-id', Values: [vpcId] }]);
  return all.filter((e) => endpointIds.includes(e.endpointId));
}

/** Applies all changes to one of our endpoints in a single ModifyVpcEndpoint call. */
export async function modifyEndpoint(
  api: Ec2Api,
  vpcId: string,
  endpointId: string,
  changes: EndpointChanges,
  stackName: string,
  securityGroupId?: string,
): Promise<void> {
  const [current] = await describeEndpoints(api, vpcId, [endpointId]);
  if (!current) throw new ResourceNotFoundError(`endpoint ${endpointId} no longer exists`);
  assertManaged(current, endpointId, stackName);
  const addGroups = changes.addManagedSecurityGroup && securityGroupId ? [securityGroupId] : undefined;
  const dnsOptions = {
    ...(changes.ipAddressType ? { DnsRecordIpType: changes.ipAddressType } : {}),
    ...(changes.inboundResolverOnly !== undefined
      ? { PrivateDnsOnlyForInboundResolverEndpoint: changes.inboundResolverOnly }
      : {}),
  };
  const request = api.send(
    new ModifyVpcEndpointCommand({
      VpcEndpointId: endpointId,
      AddSubnetIds: changes.addSubnetIds,
      RemoveSubnetIds: changes.removeSubnetIds,
      AddRouteTableIds: changes.addRouteTableIds,
      RemoveRouteTableIds: changes.removeRouteTableIds,
      AddSecurityGroupIds: addGroups,
      RemoveSecurityGroupIds: changes.removeSecurityGroupIds,
      PrivateDnsEnabled: changes.privateDns,
      PolicyDocument: changes.policyDocument,
      ResetPolicy: changes.resetPolicy,
      IpAddressType: changes.ipAddressType,
      DnsOptions: Object.keys(dnsOptions).length > 0 ? dnsOptions : undefined,
    }),
  );
  await awaitingGateway(request, current.serviceName);
}

/**
 * Deletes our endpoints in one DeleteVpcEndpoints call after checking each carries our tag.
 * Already-deleted endpoints count as done. Returns the ids AWS could not delete, with why.
 */
export async function deleteManagedEndpoints(
  api: Ec2Api,
  vpcId: string,
  endpointIds: string[],
  stackName: string,
): Promise<{ deleted: string[]; failed: { endpointId: string; reason: string }[] }> {
  const existing = (await describeEndpoints(api, vpcId, endpointIds)).filter((e) => !isGone(e.state));
  existing.forEach((e) => assertManaged(e, e.endpointId, stackName));
  const toDelete = existing.map((e) => e.endpointId);
  if (toDelete.length === 0) return { deleted: endpointIds, failed: [] };
  const out = await api.send<DeleteVpcEndpointsCommandOutput>(
    new DeleteVpcEndpointsCommand({ VpcEndpointIds: toDelete }),
  );
  const failed = (out.Unsuccessful ?? [])
    .filter((u) => !u.Error?.Code?.endsWith('NotFound'))
    .map((u) => ({ endpointId: u.ResourceId ?? '', reason: `${u.Error?.Code}: ${u.Error?.Message}` }));
  const deleted = endpointIds.filter((id) => !failed.some((f) => f.endpointId === id));
  return { deleted, failed };
}
