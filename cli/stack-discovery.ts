import { ListStateMachinesCommand, ListTagsForResourceCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { PRODUCT_TAG } from '../lib/domain/config';

/** The provisioning state machine of a stack is named `<stack>-provision` (serverless.yml). */
const SUFFIX = '-provision';

/**
 * The stacks of this product deployed in the client's account and region: every state machine named
 * `<stack>-provision` that carries the product's tag (PRODUCT_TAG). One ListStateMachines walk, one
 * ListTagsForResource per candidate.
 */
export async function deployedStacks(sfn: SFNClient): Promise<string[]> {
  const candidates: { name: string; arn: string }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ nextToken }));
    for (const m of page.stateMachines ?? [])
      if (m.name?.endsWith(SUFFIX) && m.stateMachineArn)
        candidates.push({ name: m.name, arn: m.stateMachineArn });
    nextToken = page.nextToken;
  } while (nextToken);
  const stacks: string[] = [];
  for (const c of candidates) {
    const { tags } = await sfn.send(new ListTagsForResourceCommand({ resourceArn: c.arn }));
    if (tags?.some((t) => t.key === PRODUCT_TAG.key && t.value === PRODUCT_TAG.value))
      stacks.push(c.name.slice(0, -SUFFIX.length));
  }
  return stacks.sort();
}
