import type * as ec2 from '@aws-sdk/client-ec2';
import { ec2Error, type SimEc2 } from './simulator';

import { candidates, matches, page, toTagList, type Handler } from './wire';

/** The simulated EC2: the VPC and what it is made of (subnets, route tables, ACLs, prefix lists, interfaces). */

export const networkHandlers: Record<string, Handler> = {
  DescribeVpcs(sim, input: ec2.DescribeVpcsRequest) {
    const ids = input.VpcIds ?? [];
    const missing = ids.find((id) => !sim.vpcs.has(id));
    if (missing) throw ec2Error('InvalidVpcID.NotFound', `The vpc ID '${missing}' does not exist`);
    const vpcs = [...sim.vpcs.values()].filter(
      (v) =>
        (ids.length === 0 || ids.includes(v.vpcId)) &&
        matches(input.Filters, { 'vpc-id': v.vpcId, 'owner-id': v.ownerId }, v.tags),
    );
    const { items, NextToken } = page(sim, vpcs, input.NextToken, input.MaxResults);
    return {
      Vpcs: items.map((v) => ({
        VpcId: v.vpcId,
        OwnerId: v.ownerId,
        CidrBlock: v.cidrBlocks[0],
        CidrBlockAssociationSet: v.cidrBlocks.map((CidrBlock) => ({
          CidrBlock,
          CidrBlockState: { State: 'associated' },
        })),
        Ipv6CidrBlockAssociationSet: (v.ipv6CidrBlocks ?? []).map((Ipv6CidrBlock) => ({
          Ipv6CidrBlock,
          Ipv6CidrBlockState: { State: 'associated' as const },
        })),
        State: 'available',
        Tags: toTagList(v.tags),
      })),
      NextToken,
    };
  },
  DescribeVpcAttribute(sim, input: ec2.DescribeVpcAttributeRequest) {
    const vpc = sim.vpcs.get(input.VpcId ?? '');
    if (!vpc) throw ec2Error('InvalidVpcID.NotFound', `The vpc ID '${input.VpcId}' does not exist`);
    if (input.Attribute === 'enableDnsSupport')
      return { VpcId: vpc.vpcId, EnableDnsSupport: { Value: vpc.dnsSupport } };
    if (input.Attribute === 'enableDnsHostnames')
      return { VpcId: vpc.vpcId, EnableDnsHostnames: { Value: vpc.dnsHostnames } };
    throw ec2Error('InvalidParameterValue', `Unsupported attribute ${input.Attribute}`);
  },
  DescribeSubnets(sim, input: ec2.DescribeSubnetsRequest) {
    const all = candidates(sim, 'subnets', sim.subnets, input.Filters).filter((s) =>
      matches(
        input.Filters,
        { 'vpc-id': s.vpcId, 'subnet-id': s.subnetId, 'availability-zone': s.availabilityZone },
        s.tags,
      ),
    );
    const { items, NextToken } = page(sim, all, input.NextToken, input.MaxResults);
    return {
      Subnets: items.map((s) => ({
        SubnetId: s.subnetId,
        VpcId: s.vpcId,
        AvailabilityZone: s.availabilityZone,
        CidrBlock: s.cidrBlock,
        Ipv6CidrBlockAssociationSet: s.ipv6CidrBlock
          ? [{ Ipv6CidrBlock: s.ipv6CidrBlock, Ipv6CidrBlockState: { State: 'associated' as const } }]
          : [],
        AvailableIpAddressCount: s.availableIpCount,
        Tags: toTagList(s.tags),
      })),
      NextToken,
    };
  },
  DescribeRouteTables(sim, input: ec2.DescribeRouteTablesRequest) {
    const all = candidates(sim, 'routeTables', sim.routeTables, input.Filters).filter((rt) =>
      matches(input.Filters, { 'vpc-id': rt.vpcId, 'route-table-id': rt.routeTableId }, rt.tags),
    );
    const { items, NextToken } = page(sim, all, input.NextToken, input.MaxResults);
    return {
      RouteTables: items.map((rt) => ({
        RouteTableId: rt.routeTableId,
        VpcId: rt.vpcId,
        Associations: [
          ...(rt.main ? [{ Main: true, RouteTableId: rt.routeTableId }] : []),
          ...rt.subnetIds.map((SubnetId) => ({ Main: false, SubnetId, RouteTableId: rt.routeTableId })),
        ],
        Routes: rt.routes.map((r) => ({ ...r })),
        Tags: toTagList(rt.tags),
      })),
      NextToken,
    };
  },
  DescribeNetworkAcls(sim, input: ec2.DescribeNetworkAclsRequest) {
    // Every VPC has its default network ACL, allowing all traffic both ways (rule 100), denying the rest.
    const acls = [...sim.vpcs.values()]
      .filter((v) => matches(input.Filters, { 'vpc-id': v.vpcId }, {}))
      .map((v) => ({
        NetworkAclId: `acl-${v.vpcId.slice(4)}`,
        VpcId: v.vpcId,
        IsDefault: true,
        Associations: [...sim.subnets.values()]
          .filter((s) => s.vpcId === v.vpcId)
          .map((s) => ({ SubnetId: s.subnetId })),
        Entries: [false, true].flatMap((Egress) => [
          { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow' as const, Egress, CidrBlock: '0.0.0.0/0' },
          { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny' as const, Egress, CidrBlock: '0.0.0.0/0' },
        ]),
      }));
    const { items, NextToken } = page(sim, acls, input.NextToken, input.MaxResults);
    return { NetworkAcls: items, NextToken };
  },
  DescribeManagedPrefixLists(sim, input: ec2.DescribeManagedPrefixListsRequest) {
    const ids = input.PrefixListIds ?? [];
    const aws = [...sim.prefixLists.entries()].map(([PrefixListName, PrefixListId]) => ({
      PrefixListName,
      PrefixListId,
      OwnerId: 'AWS',
      AddressFamily: 'IPv4',
      tags: {},
    }));
    const customer = [...sim.managedLists.values()].map((l) => ({
      PrefixListName: l.name,
      PrefixListId: l.prefixListId,
      OwnerId: sim.accountId,
      AddressFamily: 'IPv4',
      MaxEntries: l.maxEntries,
      Version: l.version,
      State: 'modify-complete',
      tags: l.tags,
    }));
    const missing = ids.find((id) => ![...aws, ...customer].some((l) => l.PrefixListId === id));
    if (missing)
      throw ec2Error('InvalidPrefixListID.NotFound', `The prefix list ID '${missing}' does not exist`);
    const all = [...aws, ...customer]
      .filter((l) => ids.length === 0 || ids.includes(l.PrefixListId))
      .filter((l) =>
        matches(
          input.Filters,
          { 'prefix-list-name': l.PrefixListName, 'prefix-list-id': l.PrefixListId },
          l.tags,
        ),
      )
      .map(({ tags, ...l }) => ({ ...l, Tags: toTagList(tags) }));
    const { items, NextToken } = page(sim, all, input.NextToken, input.MaxResults);
    return { PrefixLists: items, NextToken };
  },
  DescribeNetworkInterfaces(sim, input: ec2.DescribeNetworkInterfacesRequest) {
    // Interface endpoints' network interfaces: one per subnet, a private address inside it.
    const interfaces = [...sim.endpoints.values()].flatMap((e) =>
      e.networkInterfaceIds.map((id, i) => {
        const subnet = sim.subnets.get(e.subnetIds[i] ?? '');
        const [a, b, c] = (subnet?.cidrBlock ?? '10.0.0.0/24').split('.');
        return {
          NetworkInterfaceId: id,
          SubnetId: subnet?.subnetId,
          VpcId: e.vpcId,
          PrivateIpAddress: `${a}.${b}.${c}.${10 + i}`,
          InterfaceType: 'vpc_endpoint',
        };
      }),
    );
    const ids = input.NetworkInterfaceIds ?? [];
    const missing = ids.find((id) => !interfaces.some((n) => n.NetworkInterfaceId === id));
    if (missing)
      throw ec2Error(
        'InvalidNetworkInterfaceID.NotFound',
        `The networkInterface ID '${missing}' does not exist`,
      );
    return {
      NetworkInterfaces: interfaces.filter((n) => ids.length === 0 || ids.includes(n.NetworkInterfaceId)),
    };
  },
  /** Tags on VPCs (the trigger tags a new VPC with the default profile). */
  CreateTags(sim: SimEc2, input: ec2.CreateTagsRequest) {
    for (const id of input.Resources ?? []) {
      const vpc = sim.vpcs.get(id);
      if (!vpc) throw ec2Error('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`);
      for (const t of input.Tags ?? []) vpc.tags[t.Key ?? ''] = t.Value ?? '';
    }
    return {};
  },
  DeleteTags(sim: SimEc2, input: ec2.DeleteTagsRequest) {
    for (const id of input.Resources ?? []) {
      const vpc = sim.vpcs.get(id);
      if (!vpc) throw ec2Error('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`);
      for (const t of input.Tags ?? []) delete vpc.tags[t.Key ?? ''];
    }
    return {};
  },
};
