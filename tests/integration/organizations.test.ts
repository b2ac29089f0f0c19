import { CloseAccountCommand } from '@aws-sdk/client-organizations';
import { activeAccountsOf } from '../../lib/aws/organizations';
import { useMoto } from '../support/moto';
import { motoOrganization } from '../support/organizations';

/**
 * The hub's members from its OUs, against moto's Organizations: a service-managed StackSet deploys the
 * spoke to an OU and every OU below it, so the drift check must find the accounts of nested OUs too.
 */
const moto = useMoto();

async function organization() {
  await moto.server().reset();
  return motoOrganization(moto.server().endpoint);
}

describe("the hub's members from its OUs", () => {
  it('are the active accounts of each OU and of every OU below it', async () => {
    const { org, root, ou, account } = await organization();
    const workloads = await ou(root, 'workloads');
    const prod = await ou(workloads, 'prod');
    const payments = await ou(prod, 'payments');
    const sandbox = await ou(root, 'sandbox');
    const direct = await account('direct', workloads);
    const nested = await account('nested', prod);
    const deeper = await account('deeper', payments);
    await account('elsewhere', sandbox);

    expect(await activeAccountsOf(org, [workloads])).toEqual([direct, nested, deeper].sort());
  });

  it('leave out a suspended or closing account', async () => {
    const { org, root, ou, account } = await organization();
    const workloads = await ou(root, 'workloads');
    const kept = await account('kept', workloads);
    const closed = await account('closed', await ou(workloads, 'old'));
    await org.send(new CloseAccountCommand({ AccountId: closed }));

    expect(await activeAccountsOf(org, [workloads])).toEqual([kept]);
  });
});
