import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mapAwsError } from './errors';

/**
 * The active accounts under each OU and every OU below it, as a service-managed StackSet rolls the spoke
 * out (its deployment targets take an OU with all its children); a suspended or closing account is left
 * out. Needs organizations:ListAccountsForParent and organizations:ListOrganizationalUnitsForParent in the
 * management or a delegated administrator account.
 */
export async function activeAccountsOf(client: OrganizationsClient, ouIds: string[]): Promise<string[]> {
  const accounts = new Set<string>();
  const seen = new Set<string>();
  const queue = [...ouIds];
  for (let ParentId = queue.shift(); ParentId; ParentId = queue.shift()) {
    if (seen.has(ParentId)) continue;
    seen.add(ParentId);
    const parent = ParentId;
    const members = await everyPage('ListAccountsForParent', parent, async (NextToken) => {
      const page = await client.send(new ListAccountsForParentCommand({ ParentId: parent, NextToken }));
      return { items: page.Accounts, NextToken: page.NextToken };
    });
    for (const a of members) if (a.Id && (a.State ?? a.Status ?? 'ACTIVE') === 'ACTIVE') accounts.add(a.Id);
    const units = await everyPage('ListOrganizationalUnitsForParent', parent, async (NextToken) => {
      const page = await client.send(
        new ListOrganizationalUnitsForParentCommand({ ParentId: parent, NextToken }),
      );
      return { items: page.OrganizationalUnits, NextToken: page.NextToken };
    });
    for (const ou of units) if (ou.Id) queue.push(ou.Id);
  }
  return [...accounts].sort();
}

/** Every page of one listing; an error names the operation and the parent. */
async function everyPage<T>(
  operation: string,
  parentId: string,
  read: (NextToken?: string) => Promise<{ items?: T[]; NextToken?: string }>,
): Promise<T[]> {
  const items: T[] = [];
  let NextToken: string | undefined;
  do {
    const page = await read(NextToken).catch((err: unknown) => {
      throw mapAwsError(err, `${operation} ${parentId}`);
    });
    items.push(...(page.items ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return items;
}
