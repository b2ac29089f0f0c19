import { CreateTagsCommand, DeleteTagsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { toTags } from './ec2-mappers';
import type { Ec2Api } from './ec2-api';

/** Sets tags on a VPC (one CreateTags call): the default profile of a new VPC. */
export const setVpcTags = (api: Ec2Api, vpcId: string, tags: Record<string, string>) =>
  api.send(
    new CreateTagsCommand({
      Resources: [vpcId],
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );

/** Removes tags from a VPC by key (one DeleteTags call): `uninstall`'s opt-out. */
export const removeVpcTags = (api: Ec2Api, vpcId: string, keys: string[]) =>
  api.send(new DeleteTagsCommand({ Resources: [vpcId], Tags: keys.map((Key) => ({ Key })) }));

/** A VPC's tags as EC2 reads them now, or undefined when the VPC is gone: a tag change read back. */
export async function readVpcTags(api: Ec2Api, vpcId: string): Promise<Record<string, string> | undefined> {
  const { Vpcs = [] } = await api.send<{ Vpcs?: { Tags?: { Key?: string; Value?: string }[] }[] }>(
    new DescribeVpcsCommand({ VpcIds: [vpcId] }),
  );
  return Vpcs[0] ? toTags(Vpcs[0].Tags) : undefined;
}
