import { CreateTagsCommand, DeleteTagsCommand } from '@aws-sdk/client-ec2';
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
