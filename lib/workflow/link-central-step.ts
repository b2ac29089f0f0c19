import type { RegionCatalogues } from '../aws/catalogues';
import { readCentralState, type CentralApis } from '../aws/central-reads';
import { applyCentralWork } from '../aws/central-links';
import { awsErrorCode } from '../aws/errors';
import { readLinkView, readVpc, readVpcSnapshot } from '../aws/discovery';
import {
  checkedOnPlan,
  linksInPlace,
  planCentralLinks,
  type LinkView,
  type CentralState,
  type CentralWork,
  spokeView,
} from '../domain/central/links';
import {
  hubCallsOf,
  route53CallsOf,
  spokeReadsAfterPlan,
  type TurnShape,
} from '../domain/central/route53-calls';
import { ConflictError, InvalidConfigError, ResourceNotFoundError } from '../domain/errors';
import type { ApiCallCount, Plan, VpcSnapshot } from '../domain/model';
import { findManagedSecurityGroup } from '../domain/ownership';
import { DEFAULT_MAX_SPOKE_CIDRS } from '../domain/config';
import { lockKeyOf, type VpcRef } from '../domain/vpc-ref';
import type { RunLockStore } from '../domain/run-lock';
import type { ReservePermitDeps } from './reserve-permit-step';
import { route53PermitToCall } from './route53-permit';
import { centralApisOf } from './central-work';
import type { StepContext } from './step-context';
import type { PacedTurn } from './step-permit';

export type LinkCentralResult = LinkTurn &
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
 * DNS names now), decides, acts, and reads back; a spoke's first turn acts on Plan's decision and only
 * reads back (actsOnPlan). Links not as wanted after that fail the step
 * (ConflictError: a change another run made meanwhile; the state machine retries). Its Route 53 calls
 * wait for permits of the account's Route 53 paces first (lib/workflow/route53-permit.ts).
 */
export async function linkCentralStep(
  event: { vpc: VpcRef; executionId: string; central: NonNullable<Plan['central']>; paced: LinkTurn },
  ctx: StepContext,
  deps: ReservePermitDeps & { locks: Pick<RunLockStore, 'claimLinksTurn'>; catalogues?: RegionCatalogues },
): Promise<LinkCentralResult> {
  const { config } = ctx;
  if (!config.central || !ctx.route53)
    throw new InvalidConfigError(
      'LinkCentral runs only where the config has a "central" section and Route 53 is reachable',
    );
  const onPlan = actsOnPlan(event.central, event.paced);
  const permit = await permitFor(event, ctx, deps, onPlan, event.paced);
  // A turn after throttling may have acted already: the turns after it read first.
  const replan = Boolean(event.paced.throttled || event.paced.replan);
  if (!permit.go)
    return { status: 'waiting', permit: permit.permit, throttled: null, ...(replan ? { replan } : {}) };
  const turn = linkTurn(event, { ...ctx, route53: ctx.route53 }, deps);
  if (onPlan) {
    // Noted already: the state machine retries in place a turn that may have acted; it reads first.
    const first = await deps.locks.claimLinksTurn(lockKeyOf(event.vpc), event.executionId);
    const done = first ? await turn.onPlan() : undefined;
    if (done) return done;
    // Plan's view went stale (a zone gone, links not as wanted after), or a retry: a whole turn, on its own permit.
    const whole = await permitFor(event, ctx, deps, false, undefined);
    if (!whole.go) return { status: 'waiting', permit: whole.permit, throttled: null, replan: true };
  }
  return turn.whole();
}

/**
 * LinkCentral's paced turn; `replan`: the next turn reads everything first (Plan's view proved stale, or
 * a turn was throttled mid-way and may have acted already).
 */
export type LinkTurn = PacedTurn & { replan?: boolean };

/**
 * A spoke's first turn acts on what Plan decided and read (its central VPC), reading back only: at fleet
 * scale the reads of a spoke's run, not Route 53's, set the pace (docs/architecture.md, "Centralized
 * endpoints"). After throttling, or with Plan's view stale, a turn reads everything again first.
 */
const actsOnPlan = (planned: NonNullable<Plan['central']>, paced: LinkTurn): boolean =>
  Boolean(planned.centralVpc) && planned.work.role === 'spoke' && !paced.throttled && !paced.replan;

/** The permit of a turn's calls (lib/workflow/route53-permit.ts), the hub's too for a member's VPC. */
function permitFor(
  event: { vpc: VpcRef; central: NonNullable<Plan['central']> },
  ctx: StepContext,
  deps: ReservePermitDeps,
  onPlan: boolean,
  paced: LinkTurn | undefined,
) {
  const planned = event.central;
  const probe = ctx.config.probe.enabled ? probeOf(planned) : undefined;
  const maxSpokeCidrs = ctx.config.central?.maxSpokeCidrs ?? DEFAULT_MAX_SPOKE_CIDRS;
  const calls = route53CallsOf(planned.work, planned.desired.share?.length ?? 0, {
    ...(probe ? { probe } : {}),
    onPlan,
    viewKnown: onPlan && Boolean(planned.linkView),
    checkedOnPlan: checkedOnPlan(planned.linkView, planned.work, ctx.config.stackName),
    maxSpokeCidrs,
    // The run's start reserved a spoke's first turn's reads, and its probe's (AcquireLock).
    prepaid: onPlan ? spokeReadsAfterPlan(maxSpokeCidrs, ctx.config.probe.enabled) : 0,
  });
  const hub = ctx.reach?.hub;
  const across = hub ? { accountId: hub.accountId, ...hubCallsOf(planned.work, onPlan) } : undefined;
  return route53PermitToCall(calls, paced, event.vpc, ctx, deps, across);
}

/** How the live probe after a spoke's turn reads (route53-calls.ts, PROBE_EC2_READS). */
function probeOf(planned: NonNullable<Plan['central']>): NonNullable<TurnShape['probe']> {
  const servedOnly = planned.desired.services.every((s) => planned.work.served.includes(s.name));
  if (!servedOnly) return 'withOwn';
  // With only links to do, the probe's steps take the VPC's CIDRs and the central interfaces from Plan.
  return planned.linkView && planned.centralVpc?.endpointEnis ? 'servedOnlyOnPlan' : 'servedOnly';
}

type Snapshot = LinkView & Partial<Pick<VpcSnapshot, 'securityGroups'>>;

/** One turn's reads, decisions and acts, with its own Route 53 doors (zone tags read once a turn). */
function linkTurn(
  event: { vpc: VpcRef; central: NonNullable<Plan['central']> },
  ctx: StepContext & { route53: NonNullable<StepContext['route53']> },
  deps: { catalogues?: RegionCatalogues },
) {
  const { config } = ctx;
  const planned = event.central;
  const apis = centralApisOf(ctx, new Map());
  const serviceNames = planned.desired.services.map((s) => s.serviceName);
  // A central VPC's links need its groups (the list's rule); anything else's, its VPC and endpoints only.
  const readSnapshot = async (): Promise<Snapshot> =>
    planned.desired.share
      ? readVpcSnapshot(ctx.api, await readVpc(ctx.api, event.vpc), serviceNames, deps.catalogues)
      : readLinkView(ctx.api, event.vpc, serviceNames, deps.catalogues);
  const decide = async (known?: { snapshot: Snapshot; central: CentralState['central'] }) => {
    const snapshot = known?.snapshot ?? (await readSnapshot());
    const state = await readCentralState(apis, snapshot, planned.desired, config, known?.central);
    const maxCidrs = config.central?.maxSpokeCidrs ?? DEFAULT_MAX_SPOKE_CIDRS;
    const work = planCentralLinks(planned.desired, snapshot, state, config.stackName, maxCidrs);
    return { snapshot, state, work };
  };
  const done = (work: CentralWork, after: Awaited<ReturnType<typeof decide>>): LinkCentralResult => ({
    status: 'done',
    permit: null,
    throttled: null,
    work,
    verified: true,
    retire: after.work.retire ?? [],
    ...(after.work.role === 'spoke' ? { readBack: spokeView(after.state, event.vpc.vpcId) } : {}),
    apiCalls: { ...ctx.api.calls },
    route53Calls: route53CallsMade(apis),
  });
  return {
    /** Plan's work, then the read-back against Plan's central VPC: undefined when not as wanted. */
    async onPlan(): Promise<LinkCentralResult | undefined> {
      const known = { snapshot: planned.linkView ?? (await readSnapshot()), central: planned.centralVpc };
      const acted = await applyCentralWork(apis, event.vpc, planned.work, { stackName: config.stackName })
        .then(() => true)
        .catch((err: unknown) => {
          if (isGone(err)) return false;
          throw err;
        });
      const after = acted ? await decide(known) : undefined;
      return after && linksInPlace(after.work) ? done(planned.work, after) : undefined;
    },
    /** Read, decide, act, read back. */
    async whole(): Promise<LinkCentralResult> {
      const { snapshot, state, work } = await decide();
      await applyCentralWork(apis, event.vpc, work, {
        stackName: config.stackName,
        groupId: findManagedSecurityGroup(snapshot.securityGroups ?? [], event.vpc.vpcId, config.stackName)
          ?.groupId,
        ...(state.own?.list ? { listId: state.own.list.prefixListId } : {}),
      });
      // A spoke's run changes nothing of its own VPC nor of its central VPC: the read-back reads its links.
      const after = await decide(work.role === 'spoke' ? { snapshot, central: state.central } : undefined);
      if (!linksInPlace(after.work))
        throw new ConflictError(
          `the central links of ${event.vpc.vpcId} are not as wanted after this step: ${JSON.stringify(after.work)}`,
        );
      return done(work, after);
    },
  };
}

/** Route 53 calls of the turn, in every account it reached (the hub's too, for a member's spoke). */
function route53CallsMade(apis: CentralApis): ApiCallCount {
  const hub = apis.hub?.route53.calls ?? { read: 0, mutating: 0 };
  return { read: apis.route53.calls.read + hub.read, mutating: apis.route53.calls.mutating + hub.mutating };
}

/** A zone or list Plan saw, gone since: the turn reads again instead of failing. */
const isGone = (err: unknown): boolean =>
  err instanceof ResourceNotFoundError ||
  awsErrorCode((err as { cause?: unknown }).cause ?? err) === 'NoSuchHostedZone';
