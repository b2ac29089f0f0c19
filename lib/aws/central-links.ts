import {
  AuthorizeSecurityGroupIngressCommand,
  CreateManagedPrefixListCommand,
  DescribeManagedPrefixListsCommand,
  ModifyManagedPrefixListCommand,
  type CreateManagedPrefixListResult,
  type DescribeManagedPrefixListsResult,
} from '@aws-sdk/client-ec2';
import {
  AssociateVPCWithHostedZoneCommand,
  ChangeResourceRecordSetsCommand,
  ChangeTagsForResourceCommand,
  CreateHostedZoneCommand,
  CreateVPCAssociationAuthorizationCommand,
  DeleteHostedZoneCommand,
  DeleteVPCAssociationAuthorizationCommand,
  DisassociateVPCFromHostedZoneCommand,
  GetHostedZoneCommand,
  ListHostedZonesByVPCCommand,
  type CreateHostedZoneResponse,
  type GetHostedZoneResponse,
  type ListHostedZonesByVPCResponse,
} from '@aws-sdk/client-route-53';
import { CENTRAL_TAG, OWNER_TAG } from '../domain/config';
import {
  entryDescription,
  type AliasRecord,
  type CentralWork,
  type ListChange,
} from '../domain/central/links';
import { ConflictError, DnsConflictError, InvalidConfigError, ResourceNotFoundError } from '../domain/errors';
import type { VpcRef } from '../domain/vpc-ref';
import { listEntries, type CentralApis } from './central-reads';
import { awsErrorCode, isAlreadyDone } from './errors';
import { bareZoneId } from './hosted-zones';

/** The ids of what the work made: the list and zones a later change in the same run names. */
interface Made {
  prefixListId?: string;
  zones: Map<string, string>;
}

/** How often a list change is tried against a newer version (another spoke's run changed it meanwhile). */
const LIST_ATTEMPTS = 5;

/**
 * Does the central work (lib/domain/central/links.ts), in the order that never leaves a name unanswered:
 * the list and the group's rule from it, the zones and their aliases, then the spoke's entries and its
 * associations; unlinking last, and zones no spoke uses any more after that. Every call is idempotent; a rerun after a crash finishes the rest.
 */
export async function applyCentralWork(
  apis: CentralApis,
  ref: VpcRef,
  work: CentralWork,
  ctx: { stackName: string; groupId?: string; listId?: string },
): Promise<void> {
  const made: Made = { zones: new Map(), ...(ctx.listId ? { prefixListId: ctx.listId } : {}) };
  if (work.createList) made.prefixListId = await createList(apis, ref, work.createList, ctx.stackName);
  if (work.authorizeListRule && ctx.groupId && made.prefixListId)
    await authorizeListRule(apis, ctx.groupId, made.prefixListId);
  for (const zone of work.createZones)
    made.zones.set(zone.name, await createZone(apis, ref, zone.name, ctx.stackName));
  for (const change of work.upsertRecords) {
    const zoneId = made.zones.get(change.zoneName) ?? (await zoneIdByName(apis, ref, change.zoneName));
    await upsertAliases(apis, zoneId, change.records);
  }
  for (const add of work.addEntries) await changeList(apis, add, 'add', ref);
  for (const zone of work.associate)
    if (work.centralAccountId) await associateAcross(apis, ref, zone, work.centralAccountId);
    else await associate(apis, ref, zone);
  for (const zone of work.disassociate)
    await disassociate(apis, { ...ref, vpcId: zone.vpcId ?? ref.vpcId }, zone);
  for (const rm of work.removeEntries) await changeList(apis, rm, 'remove', ref);
  for (const zone of work.deleteZones) await deleteZone(apis, zone);
  for (const spent of work.deauthorize ?? [])
    await deauthorize(apis.route53, spent.zoneId, { ...ref, vpcId: spent.vpcId });
}

/**
 * A zone no spoke uses any more: its alias records, then the zone (Route 53 deletes only a zone holding
 * nothing but its SOA and NS). Gone already (NoSuchHostedZone): what we wanted.
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_DeleteHostedZone.html
 */
async function deleteZone(apis: CentralApis, zone: CentralWork['deleteZones'][number]): Promise<void> {
  const gone = (err: unknown) => {
    if (awsErrorCode((err as { cause?: unknown }).cause ?? err) !== 'NoSuchHostedZone') throw err;
  };
  if (zone.records.length > 0)
    await apis.route53
      .send(aliasChange(zone.zoneId, zone.records, 'DELETE', 'the service is no longer shared'))
      .catch(gone);
  await apis.route53.send(new DeleteHostedZoneCommand({ Id: zone.zoneId })).catch(gone);
}

async function createList(
  apis: CentralApis,
  ref: VpcRef,
  list: { name: string; maxEntries: number },
  stackName: string,
): Promise<string> {
  const made = await apis.ec2.send<CreateManagedPrefixListResult>(
    new CreateManagedPrefixListCommand({
      PrefixListName: list.name,
      MaxEntries: list.maxEntries,
      AddressFamily: 'IPv4',
      // The same token makes a rerun after a crash return the list it made, not a second one.
      ClientToken: list.name,
      TagSpecifications: [
        {
          ResourceType: 'prefix-list',
          Tags: [
            { Key: OWNER_TAG, Value: stackName },
            { Key: CENTRAL_TAG, Value: ref.vpcId },
            { Key: 'Name', Value: list.name },
          ],
        },
      ],
    }),
  );
  return made.PrefixList?.PrefixListId ?? '';
}

async function authorizeListRule(apis: CentralApis, groupId: string, prefixListId: string): Promise<void> {
  await apis.ec2
    .send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
            PrefixListIds: [{ PrefixListId: prefixListId, Description: 'spokes served by this central VPC' }],
          },
        ],
      }),
    )
    .catch((err: unknown) => {
      if (!isAlreadyDone(err)) throw err;
    });
}

/** Route 53's zone ids come as `/hostedzone/Z…`; tags and associations take the bare id. */

/** The zone's CallerReference: the same on a rerun, so Route 53 answers HostedZoneAlreadyExists, not a twin. */
const callerReference = (stackName: string, vpcId: string, name: string) =>
  `${stackName}/${vpcId}/${name}`.slice(0, 128);

/**
 * A private zone for `name`, associated with the central VPC (a private zone is made with a VPC), then
 * tagged ours. A crash between the two leaves a zone untagged: the rerun's HostedZoneAlreadyExists finds it
 * by its CallerReference among the central VPC's zones and tags it.
 */
async function createZone(apis: CentralApis, ref: VpcRef, name: string, stackName: string): Promise<string> {
  const reference = callerReference(stackName, ref.vpcId, name);
  const zoneId = await apis.route53
    .send<CreateHostedZoneResponse>(
      new CreateHostedZoneCommand({
        Name: name,
        CallerReference: reference,
        VPC: { VPCId: ref.vpcId, VPCRegion: ref.region as never },
        HostedZoneConfig: {
          PrivateZone: true,
          Comment: `privatelink-orchestrator ${stackName}: central ${ref.vpcId}`,
        },
      }),
    )
    .then((r) => bareZoneId(r.HostedZone?.Id ?? ''))
    .catch(async (err: unknown) => {
      if (awsErrorCode((err as { cause?: unknown }).cause ?? err) !== 'HostedZoneAlreadyExists') throw err;
      return zoneByReference(apis, ref, name, reference);
    });
  await apis.route53.send(
    new ChangeTagsForResourceCommand({
      ResourceType: 'hostedzone',
      ResourceId: zoneId,
      AddTags: [
        { Key: OWNER_TAG, Value: stackName },
        { Key: CENTRAL_TAG, Value: ref.vpcId },
      ],
    }),
  );
  return zoneId;
}

async function zonesAssociated(apis: CentralApis, ref: VpcRef) {
  const page = await apis.route53.send<ListHostedZonesByVPCResponse>(
    new ListHostedZonesByVPCCommand({ VPCId: ref.vpcId, VPCRegion: ref.region as never }),
  );
  return (page.HostedZoneSummaries ?? []).map((z) => ({
    zoneId: bareZoneId(z.HostedZoneId ?? ''),
    name: (z.Name ?? '').replace(/\.$/, '').toLowerCase(),
  }));
}

async function zoneByReference(
  apis: CentralApis,
  ref: VpcRef,
  name: string,
  reference: string,
): Promise<string> {
  for (const zone of (await zonesAssociated(apis, ref)).filter((z) => z.name === name)) {
    const got = await apis.route53.send<GetHostedZoneResponse>(new GetHostedZoneCommand({ Id: zone.zoneId }));
    if (got.HostedZone?.CallerReference === reference) return zone.zoneId;
  }
  throw new ResourceNotFoundError(
    `the zone ${name} this stack made for ${ref.vpcId} is no longer associated with it`,
  );
}

async function zoneIdByName(apis: CentralApis, ref: VpcRef, name: string): Promise<string> {
  const zone = (await zonesAssociated(apis, ref)).find((z) => z.name === name);
  if (!zone) throw new ResourceNotFoundError(`no zone ${name} is associated with ${ref.vpcId}`);
  return zone.zoneId;
}

async function upsertAliases(apis: CentralApis, zoneId: string, records: AliasRecord[]): Promise<void> {
  await apis.route53.send(aliasChange(zoneId, records, 'UPSERT', 'the central endpoint'));
}

/** One change batch of our alias A records (each to the endpoint's regional name, health not evaluated). */
const aliasChange = (zoneId: string, records: AliasRecord[], action: 'UPSERT' | 'DELETE', why: string) =>
  new ChangeResourceRecordSetsCommand({
    HostedZoneId: zoneId,
    ChangeBatch: {
      Comment: `privatelink-orchestrator: ${why}`,
      Changes: records.map((r) => ({
        Action: action,
        ResourceRecordSet: {
          Name: r.name,
          Type: 'A',
          AliasTarget: { DNSName: r.target, HostedZoneId: r.targetZoneId, EvaluateTargetHealth: false },
        },
      })),
    },
  });

/**
 * Adds or removes a spoke's entries, naming the version the work was planned on (then the one it read): a
 * change another spoke made meanwhile fails it (ConflictError), and it reads again at once and applies only
 * what is still to do (the other change is done, so there is nothing to wait for). Still losing after
 * LIST_ATTEMPTS, the ConflictError goes to the state machine's retry, which waits.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyManagedPrefixList.html
 */
async function changeList(
  apis: CentralApis,
  change: ListChange,
  direction: 'add' | 'remove',
  spoke: VpcRef,
): Promise<void> {
  const { prefixListId } = change;
  // A list in the hub's account (a member's spoke): changed there, each entry naming the spoke's account.
  const ec2 = change.accountId ? hubOf(apis, change.accountId).ec2 : apis.ec2;
  const Description = entryDescription(spoke.vpcId, change.accountId ? spoke.accountId : undefined);
  const add = direction === 'add' ? change.cidrs : [];
  const remove = direction === 'remove' ? change.cidrs : [];
  for (let attempt = 1; ; attempt += 1) {
    // The first try names the version the work was planned on; a later one reads the list again.
    const { version, cidrs } =
      attempt === 1 && change.version !== undefined
        ? { version: change.version, cidrs: remove }
        : await listNow(ec2, prefixListId);
    const toAdd = add.filter((c) => !cidrs.includes(c));
    const toRemove = remove.filter((c) => cidrs.includes(c));
    if (toAdd.length === 0 && toRemove.length === 0) return;
    try {
      await ec2.send(
        new ModifyManagedPrefixListCommand({
          PrefixListId: prefixListId,
          CurrentVersion: version,
          AddEntries: toAdd.map((Cidr) => ({ Cidr, Description })),
          RemoveEntries: toRemove.map((Cidr) => ({ Cidr })),
        }),
      );
      return;
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= LIST_ATTEMPTS) throw err;
    }
  }
}

async function listNow(ec2: CentralApis['ec2'], prefixListId: string) {
  const page = await ec2.send<DescribeManagedPrefixListsResult>(
    new DescribeManagedPrefixListsCommand({ PrefixListIds: [prefixListId] }),
  );
  const entries = await listEntries(ec2, prefixListId);
  return {
    version: page.PrefixLists?.[0]?.Version ?? 1,
    cidrs: entries.map((e) => e.Cidr ?? ''),
  };
}

async function associate(
  apis: CentralApis,
  ref: VpcRef,
  zone: { zoneId: string; name: string },
): Promise<void> {
  await apis.route53
    .send(
      new AssociateVPCWithHostedZoneCommand({
        HostedZoneId: zone.zoneId,
        VPC: { VPCId: ref.vpcId, VPCRegion: ref.region as never },
        Comment: 'privatelink-orchestrator: a spoke of the central VPC',
      }),
    )
    .catch(async (err: unknown) => {
      if (!(err instanceof ConflictError)) throw err;
      // Already associated with this very zone: done. Any other answer for the name is a conflict.
      if ((await zonesAssociated(apis, ref)).some((z) => z.zoneId === zone.zoneId)) return;
      throw new DnsConflictError(
        `${ref.vpcId} already resolves ${zone.name} (another zone, or an endpoint with private DNS): ${(err as Error).message}`,
      );
    });
}

/** The hub's doors, which the work names: a run without them (no `hub` in the config) cannot have read it. */
function hubOf(apis: CentralApis, accountId: string) {
  if (apis.hub?.accountId !== accountId)
    throw new InvalidConfigError(`the central links name account ${accountId}, which this run cannot reach`);
  return apis.hub;
}

/**
 * A zone of the hub's account for a member's VPC (Route 53's three steps across accounts): the hub
 * authorizes the association, the VPC's account makes it, the hub deletes the authorization, which the
 * association no longer needs (left, it would let the VPC be associated again after a later unlinking).
 * A rerun after a crash before associating authorizes again; one after associating plans no association
 * and leaves the authorization to the hub's central VPC, whose run deletes it (`deauthorize`).
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-associate-vpcs-different-accounts.html
 */
async function associateAcross(
  apis: CentralApis,
  ref: VpcRef,
  zone: { zoneId: string; name: string },
  zoneAccountId: string,
): Promise<void> {
  const hub = hubOf(apis, zoneAccountId);
  const VPC = { VPCId: ref.vpcId, VPCRegion: ref.region as never };
  await hub.route53.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: zone.zoneId, VPC }));
  await associate(apis, ref, zone);
  await deauthorize(hub.route53, zone.zoneId, ref);
}

/** Deletes an association authorization; deleted already (VPCAssociationAuthorizationNotFound) is done. */
async function deauthorize(route53: CentralApis['route53'], zoneId: string, ref: VpcRef): Promise<void> {
  const VPC = { VPCId: ref.vpcId, VPCRegion: ref.region as never };
  await route53
    .send(new DeleteVPCAssociationAuthorizationCommand({ HostedZoneId: zoneId, VPC }))
    .catch((err: unknown) => {
      if (!(err instanceof ResourceNotFoundError)) throw err;
    });
}

async function disassociate(
  apis: CentralApis,
  ref: VpcRef,
  zone: { zoneId: string; name: string },
): Promise<void> {
  await apis.route53
    .send(
      new DisassociateVPCFromHostedZoneCommand({
        HostedZoneId: zone.zoneId,
        VPC: { VPCId: ref.vpcId, VPCRegion: ref.region as never },
      }),
    )
    .catch((err: unknown) => {
      // Already gone (VPCAssociationNotFound): what we wanted.
      if (!(err instanceof ResourceNotFoundError)) throw err;
    });
}
