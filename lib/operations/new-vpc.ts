import type { Ec2Api } from '../aws/ec2-api';
import { setVpcTags } from '../aws/vpc-tags';
import type { ExecutionInput } from '../domain/execution-input';
import { TAG_KEYS } from '../domain/tags';

/**
 * A VPC created without privatelink tags, under a configured default profile, is given that profile as
 * a tag before its run is asked for: the tags stay the one source of truth (drift, status and later runs
 * read them), and the functions' IAM lets endpoints only into VPCs that carry them. The input then asks
 * for a plain run, which reads the tag.
 */
export async function tagNewVpcWithProfile(api: Ec2Api, input: ExecutionInput): Promise<ExecutionInput> {
  const profile = input.desired?.profile;
  if (input.trigger.source !== 'vpc-created' || typeof profile !== 'string') return input;
  await setVpcTags(api, input.vpcId, { [TAG_KEYS.profile]: profile });
  return { vpcId: input.vpcId, region: input.region, accountId: input.accountId, trigger: input.trigger };
}
