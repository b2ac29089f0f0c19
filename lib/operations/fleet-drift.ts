import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { centralReachOf, clientsFor } from '../aws/clients/accounts';
import { centralAcross } from '../aws/central-reads';
import { Ec2Api } from '../aws/ec2-api';
import { activeAccountsOf } from '../aws/organizations';
import type { OrchestratorConfig } from '../domain/config';
import type { EventSink } from '../domain/events';
import type { RunDeps } from '../domain/run-lock';
import { runDriftCheck, type DriftReport } from './drift-check';
import { accountRegionOf, type AccountRegion, type OwnAccount } from '../domain/vpc-ref';

/** One account and region of the fleet drift check. */
export type DriftTarget = AccountRegion;

export interface FleetDriftReport {
  mode: DriftReport['mode'];
  /** Each account and region checked, with its report. */
  checked: (DriftTarget & DriftReport)[];
  /** Accounts and regions that could not be checked (a spoke role missing, say), and why: the rest go on. */
  unreachable: (DriftTarget & { error: string; message: string })[];
}

/** How many accounts and regions are read at once: each is a handful of batched calls. */
const AT_ONCE = 4;

/** Each target's result, and the targets that could not be read (a spoke role missing, say), with why. */
export interface OverTargets<T> {
  checked: (DriftTarget & T)[];
  unreachable: (DriftTarget & { error: string; message: string })[];
}

/**
 * Reads many accounts and regions a few at a time; a target that cannot be read is reported, not fatal.
 * Both lists come back sorted by account, then region.
 */
export async function overTargets<T extends object>(
  targets: DriftTarget[],
  read: (target: DriftTarget) => Promise<T>,
): Promise<OverTargets<T>> {
  const result: OverTargets<T> = { checked: [], unreachable: [] };
  const queue = [...targets];
  const worker = async () => {
    for (let target = queue.shift(); target; target = queue.shift()) {
      try {
        result.checked.push({ ...target, ...(await read(target)) });
      } catch (err) {
        const e = err as Error;
        result.unreachable.push({ ...target, error: e.name, message: e.message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, targets.length) }, worker));
  const order = (t: DriftTarget) => `${t.accountId}/${t.region}`;
  result.checked.sort((a, b) => order(a).localeCompare(order(b)));
  result.unreachable.sort((a, b) => order(a).localeCompare(order(b)));
  return result;
}

/**
 * The drift check over many accounts and regions (docs/architecture.md, "Hub and spokes"): each target is
 * checked as the single-account check does (batched reads, one event per drifted VPC, remediation through
 * the one-writer path), a few at a time, inside the drift function.
 */
export async function runFleetDrift(
  targets: DriftTarget[],
  check: (target: DriftTarget) => Promise<DriftReport>,
  mode: DriftReport['mode'],
): Promise<FleetDriftReport> {
  return { mode, ...(await overTargets(targets, check)) };
}

/** The hub's own account first, then every member, in every region (own region when none is configured). */
export function driftTargets(own: OwnAccount, members: string[], regions: string[]): DriftTarget[] {
  const inRegions = regions.length > 0 ? regions : [own.region];
  const accounts = [own.accountId, ...members.filter((a) => a !== own.accountId)];
  return accounts.flatMap((accountId) =>
    inRegions.map((region) => accountRegionOf(own, { accountId, region })),
  );
}

/**
 * The hub's targets: its own account and every member of config hub.accounts and of the active accounts
 * of hub.organizationalUnits, in every region of hub.regions (its own region when none is configured).
 */
export async function hubTargets(
  config: OrchestratorConfig,
  own: OwnAccount,
  organizations: OrganizationsClient,
): Promise<DriftTarget[]> {
  const hub = config.hub;
  const members = [
    ...(hub?.accounts ?? []),
    ...(hub?.organizationalUnits.length
      ? await activeAccountsOf(organizations, hub.organizationalUnits)
      : []),
  ];
  return driftTargets(own, [...new Set(members)], hub?.regions ?? []);
}

/** What checking one member account-region needs: where the hub runs, how it reaches members, where it reports. */
export interface MemberCheckDeps {
  config: OrchestratorConfig;
  /** The functions' (or the CLI caller's) own account, region and partition. */
  own: OwnAccount;
  /** The STS session name the spoke roles are assumed with. */
  session: string;
  events: EventSink;
  runs?: RunDeps;
  mode: DriftReport['mode'];
}

/** One account-region checked as the single-account check does, through its clients (the spoke role's in a member). */
export function checkMember(target: DriftTarget, deps: MemberCheckDeps): Promise<DriftReport> {
  const clients = clientsFor(target, deps.own, deps.config.hub, deps.session);
  const reach = centralAcross(centralReachOf(target, deps.own, deps.config.hub, deps.session));
  return runDriftCheck(
    {
      api: new Ec2Api(clients.ec2),
      route53: clients.route53,
      ...(reach ? { reach } : {}),
      config: deps.config,
      where: target,
      events: deps.events,
      runs: deps.runs,
    },
    deps.mode,
  );
}

/** What a hub's drift check over its members needs besides its config: where it runs, and where it reports. */
export interface HubDriftDeps extends MemberCheckDeps {
  organizations: OrganizationsClient;
  /** Each account and region's report as it comes in (metrics, logs). */
  onChecked?: (target: DriftTarget, report: DriftReport) => void;
}

/**
 * The hub's drift check (the schedule's and `drift --all-accounts`'): its own account and every member of
 * config hub.accounts and of the active accounts of hub.organizationalUnits, in every region of
 * hub.regions, each through its clients (the spoke role's in a member account).
 */
export async function runHubDrift(deps: HubDriftDeps): Promise<FleetDriftReport> {
  return runFleetDrift(
    await hubTargets(deps.config, deps.own, deps.organizations),
    async (target) => {
      const report = await checkMember(target, deps);
      deps.onChecked?.(target, report);
      return report;
    },
    deps.mode,
  );
}
