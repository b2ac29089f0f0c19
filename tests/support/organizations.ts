import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';

/**
 * A new Organization on a moto server, and the two things a test builds in it: an OU under a parent, and
 * an account moved from the root into an OU.
 */
export async function motoOrganization(endpoint: string) {
  const org = new OrganizationsClient({ region: 'us-east-1', endpoint });
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const root = (await org.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? '';
  const ou = async (parent: string, name: string) =>
    (await org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name }))).OrganizationalUnit
      ?.Id ?? '';
  const account = async (name: string, parent: string) => {
    const created = await org.send(
      new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
    );
    const id = created.CreateAccountStatus?.AccountId ?? '';
    await org.send(
      new MoveAccountCommand({ AccountId: id, SourceParentId: root, DestinationParentId: parent }),
    );
    return id;
  };
  return { org, root, ou, account };
}
