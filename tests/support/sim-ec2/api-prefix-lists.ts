import type * as ec2 from '@aws-sdk/client-ec2';
import { ec2Error } from './simulator';
import { page, tagsOf, type Handler } from './wire';

/**
 * The simulated EC2's customer-managed prefix lists: a change names the version it read and fails when the
 * list moved on ("If you specify a current version number that does not match the true current version
 * number, the request fails"; the page names no error code: the simulator answers IncorrectState, EC2's code
 * for a resource not in the state a call needs). The entries never exceed MaxEntries.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyManagedPrefixList.html
 * https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html
 */
export const prefixListHandlers: Record<string, Handler> = {
  CreateManagedPrefixList(sim, input: ec2.CreateManagedPrefixListRequest) {
    const same = [...sim.managedLists.values()].find(
      (l) => input.ClientToken && l.clientToken === input.ClientToken,
    );
    const list = same ?? {
      prefixListId: sim.id('pl'),
      name: input.PrefixListName ?? '',
      maxEntries: input.MaxEntries ?? 0,
      version: 1,
      entries: (input.Entries ?? []).map((e) => ({ cidr: e.Cidr ?? '', description: e.Description })),
      tags: tagsOf(input.TagSpecifications, 'prefix-list'),
      ...(input.ClientToken ? { clientToken: input.ClientToken } : {}),
    };
    sim.managedLists.set(list.prefixListId, list);
    return {
      PrefixList: {
        PrefixListId: list.prefixListId,
        PrefixListName: list.name,
        Version: list.version,
        MaxEntries: list.maxEntries,
      },
    };
  },
  ModifyManagedPrefixList(sim, input: ec2.ModifyManagedPrefixListRequest) {
    const list = sim.managedLists.get(input.PrefixListId ?? '');
    if (!list)
      throw ec2Error(
        'InvalidPrefixListID.NotFound',
        `The prefix list ID '${input.PrefixListId}' does not exist`,
      );
    if (input.CurrentVersion !== undefined && input.CurrentVersion !== list.version)
      throw ec2Error(
        'IncorrectState',
        `The prefix list ${list.prefixListId} has version ${list.version}, not ${input.CurrentVersion}`,
      );
    const removed = new Set((input.RemoveEntries ?? []).map((e) => e.Cidr));
    const entries = [
      ...list.entries.filter((e) => !removed.has(e.cidr)),
      ...(input.AddEntries ?? []).map((e) => ({ cidr: e.Cidr ?? '', description: e.Description })),
    ];
    if (entries.length > list.maxEntries)
      throw ec2Error(
        'PrefixListMaxEntriesExceeded',
        `The prefix list ${list.prefixListId} takes at most ${list.maxEntries} entries`,
      );
    list.entries = entries;
    list.version += 1;
    return { PrefixList: { PrefixListId: list.prefixListId, Version: list.version } };
  },
  GetManagedPrefixListEntries(sim, input: ec2.GetManagedPrefixListEntriesRequest) {
    const list = sim.managedLists.get(input.PrefixListId ?? '');
    if (!list)
      throw ec2Error(
        'InvalidPrefixListID.NotFound',
        `The prefix list ID '${input.PrefixListId}' does not exist`,
      );
    const { items, NextToken } = page(
      sim,
      list.entries.map((e) => ({ Cidr: e.cidr, Description: e.description })),
      input.NextToken,
      input.MaxResults,
    );
    return { Entries: items, NextToken };
  },
};
