import type { RegionCatalogues } from '../aws/catalogues';
import { readCentralState, type CentralApis } from '../aws/central-reads';
import { applyCentralWork } from '../aws/central-links';
import { readLinkView, readVpc, readVpcSnapshot } from '../aws/discovery';
import {
  linksInPlace,
  planCentralLinks,
  type LinkView,
  type CentralState,
  type CentralWork,
  type SpokeList,
} from '../domain/central/links';
import { hubCallsOf, route53CallsOf } from '../domain/central/route53-calls';
import { ConflictError, InvalidConfigError } from '../domain/errors';
import type { ApiCallCount, Plan, VpcSnapshot } from '../domain/model';
import { findManagedSecurityGroup } from '../domain/ownership';
import type { VpcRef } from '../domain/vpc-ref';
import type { ReservePermitDeps } from './reserve-permit-step';
import { route53PermitToCall } from './route53-permit';
import { centralApisOf } from './central-work';
import type { StepContext } from './step-context';
import type { PacedTurn } from './step-permit';

export type LinkCentralResult = PacedTurn &
  (
    | {
        /**
         * `waiting`: the Route 53 calls wait for the permit (WaitForRoute53Permit), then the step runs
         * again; `none`: the plan has no central links (written by the NoCentralLinks state).
         */
        status: 'waiting' | 'none';
      }
    | {
        status: 'done';
        /** What this step did: the work planned on what it read (endpoints made by this run included). */
        work: CentralWork;
        /** Read back afterwards: every link as wanted. */
        verified: true;
        /** Our endpoints of the services the central VPC now answers here: RetireLocalEndpoints deletes them. */
        retire: NonNullable<CentralWork['retire']>;
        /** A spoke: the links as read back, which CheckConnectivity checks instead of reading them again. */
        readBack?: CentralState;
        apiCalls: ApiCallCount;
        route53Calls: ApiCallCount;
      }
  );

/**
 * The links of centralized endpoints (docs/architecture.md, "Centralized endpoints"), once the endpoints
 * are settled: reads the VPC and its links again (a central VPC's endpoints made by this run have their
 * DNS names now), decides, acts, and reads back. Links not as wanted after that fail the step
 * (ConflictError: a change another run made meanwhile; the state machine retries). Its Route 53 calls
 * wait for permits of the account's Route 53 paces first (lib/workflow/route53-permit.ts).
 */
export async function linkCentralStep(
  event: { vpc: VpcRef; central: NonNullable<Plan['central']>; paced: PacedTurn },
  ctx: StepContext,
  deps: ReservePermitDeps & { catalogues?: RegionCatalogues },
): Promise<LinkCentralResult> {
  const { config } = ctx;
  if (!config.central || !ctx.route53)
    throw new InvalidConfigError(
      'LinkCentral runs only where the config has a "central" section and Route 53 is reachable',
    );
  const planned = event.central;
  const servedOnly = planned.desired.services.every((s) => planned.work.served.includes(s.name));
  const probe = config.probe.enabled ? (servedOnly ? 'servedOnly' : 'withOwn') : undefined;
  const calls = route53CallsOf(planned.work, planned.desired.share?.length ?? 0, probe);
  const hub = ctx.reach?.hub;
  const across = hub ? { accountId: hub.accountId, ...hubCallsOf(event.central.work) } : undefined;
  const permit = await route53PermitToCall(calls, event.paced, event.vpc, ctx, deps, across);
  if (!permit.go) return { status: 'waiting', permit: permit.permit, throttled: null };
  // Zone tags read once a turn: the read-back asks only where the zones are associated.
  const apis = centralApisOf({ ...ctx, route53: ctx.route53 }, new Map());
  const serviceNames = event.central.desired.services.map((s) => s.serviceName);
  // A central VPC's links need its groups (the list's rule); anything else's, its VPC and endpoints only.
  const readSnapshot = async (): Promise<LinkView & Partial<Pick<VpcSnapshot, 'securityGroups'>>> =>
    event.central.desired.share
      ? readVpcSnapshot(ctx.api, await readVpc(ctx.api, event.vpc), serviceNames, deps.catalogues)
      : readLinkView(ctx.api, event.vpc, serviceNames, deps.catalogues);
  const decide = async (known?: {
    snapshot: LinkView & Partial<Pick<VpcSnapshot, 'securityGroups'>>;
    central: CentralState['central'];
  }) => {
    const snapshot = known?.snapshot ?? (await readSnapshot());
    const knownCentral = known?.central;
    const state = await readCentralState(apis, snapshot, event.central.desired, config, knownCentral);
    const work = planCentralLinks(
      event.central.desired,
      snapshot,
      state,
      config.stackName,
      config.central?.maxSpokeCidrs ?? 50,
    );
    return { snapshot, state, work };
  };
  const { snapshot, state, work } = await decide();
  await applyCentralWork(apis, event.vpc, work, {
    stackName: config.stackName,
    groupId: findManagedSecurityGroup(snapshot.securityGroups ?? [], event.vpc.vpcId, config.stackName)
      ?.groupId,
    ...(state.own?.list ? { listId: state.own.list.prefixListId } : {}),
  });
  // A spoke's run changes nothing of its own VPC nor of its central VPC: the read-back reads its links only.
  const after = await decide(work.role === 'spoke' ? { snapshot, central: state.central } : undefined);
  if (!linksInPlace(after.work))
    throw new ConflictError(
      `the central links of ${event.vpc.vpcId} are not as wanted after this step: ${JSON.stringify(after.work)}`,
    );
  return {
    status: 'done',
    permit: null,
    throttled: null,
    work,
    verified: true,
    retire: after.work.retire ?? [],
    ...(after.work.role === 'spoke' ? { readBack: spokeView(after.state, event.vpc.vpcId) } : {}),
    apiCalls: { ...ctx.api.calls },
    route53Calls: route53CallsMade(apis),
  };
}

/**
 * What a spoke's checks need of the state read back, small enough for the execution state: each list
 * with this spoke's entries only (a central VPC's list holds every spoke's).
 */
function spokeView(state: CentralState, vpcId: string): CentralState {
  const mine = (list: SpokeList): SpokeList => ({
    ...list,
    entries: list.entries.filter((e) => e.spokeVpcId === vpcId),
  });
  const central = state.central;
  return {
    associated: state.associated,
    listsWithEntries: state.listsWithEntries.map(mine),
    ...(central ? { central: { ...central, ...(central.list ? { list: mine(central.list) } : {}) } } : {}),
    ...(state.foreignZones ? { foreignZones: state.foreignZones } : {}),
  };
}

/** Route 53 calls of the turn, in every account it reached (the hub's too, for a member's spoke). */
function route53CallsMade(apis: CentralApis): ApiCallCount {
  const hub = apis.hub?.route53.calls ?? { read: 0, mutating: 0 };
  return { read: apis.route53.calls.read + hub.read, mutating: apis.route53.calls.mutating + hub.mutating };
}
