import { ListAccountsForParentCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { mapAwsError } from './errors';

/**
 * The active accounts directly under each OU (ListAccountsForParent, every page); a suspended or closing
 * account is left out. Needs organizations:ListAccountsForParent in the management or a delegated
 * administrator account.
 */
export async function activeAccountsOf(client: OrganizationsClient, ouIds: string[]): Promise<string[]> {
  const accounts = new Set<string>();
  for (const ParentId of ouIds) {
    let NextToken: string | undefined;
    do {
      const page = await client
        .send(new ListAccountsForParentCommand({ ParentId, NextToken }))
        .catch((err: unknown) => {
          throw mapAwsError(err, `ListAccountsForParent ${ParentId}`);
        });
      for (const a of page.Accounts ?? []) {
        const active = (a.State ?? a.Status ?? 'ACTIVE') === 'ACTIVE';
        if (a.Id && active) accounts.add(a.Id);
      }
      NextToken = page.NextToken;
    } while (NextToken);
  }
  return [...accounts].sort();
}
