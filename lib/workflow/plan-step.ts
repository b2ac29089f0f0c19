import { inSubnets } from '../domain/services';
import { readVpc, readVpcSnapshot } from '../aws/discovery';
import { planCost, pricesOf, type PlanCost, type UnknownCost } from '../domain/cost';
import type { RunInput } from '../domain/execution-input';
import type {
  ApiCallCount,
  DesiredState,
  EndpointChanges,
  EndpointSpec,
  Plan,
  VpcSnapshot,
} from '../domain/model';
import { placementOf } from '../domain/planner/where';
import { centralApisOf, decideCentral, linksInPlace, type CentralDesired } from './central-work';
import {
  checkedOnPlan,
  servedLocally,
  spokeView,
  zonesOfService,
  type CentralState,
  type CentralWork,
  type LinkView,
} from '../domain/central/links';
import { spokeCost } from '../domain/central/cost';
import { planVpc } from '../domain/planner';
import { dnsConflicts, turnsOnPrivateDns } from '../domain/planner/dns';
import { DnsConflictError } from '../domain/errors';
import { bareZoneId, type HostedZones } from '../aws/hosted-zones';
import { desiredInputToTags, offeredDesiredState, readDesiredState } from '../domain/tags';
import type { RegionCatalogues } from '../aws/catalogues';
import { connectivityOf, type CheckConnectivityResult } from './connectivity';
import type { ProbeStepDeps } from './probe-step-deps';
import type { ReservePermitDeps } from './reserve-permit-step';
import { awaitPlanZoneReads } from './route53-permit';
import type { StepContext } from './step-context';

/** One endpoint to create or modify: an item of the ApplyEndpoints Map. */
export interface MutationItem {
  action: 'create' | 'modify';
  spec: EndpointSpec;
  endpointId?: string;
  changes?: EndpointChanges;
}

/** The plan, and what the later states iterate over; `$.plan` of the execution state. */
export interface PlanResult extends Plan {
  /** The VPC's account (its VpcRef's). */
  accountId: string;
  mutations: MutationItem[];
  apiCalls: ApiCallCount;
  /** A no-op apply's checks, on the snapshot the plan read: the execution skips CheckConnectivity. */
  checks?: CheckConnectivityResult;
  /**
   * A links-only spoke's checks on the snapshot the plan read (links.ts, checkedOnPlan): CheckConnectivity
   * makes again only those of the links, on LinkCentral's read-back, and reads no EC2.
   */
  vpcChecks?: CheckConnectivityResult;
  /** What the VPC's interface endpoints cost a month before and after this plan (lib/domain/cost.ts). */
  cost: PlanCost | UnknownCost;
  /** Services whose private DNS waits for the safe cut-over (the CutOverWanted choice tests the first). */
  cutoverServices: string[];
}

export type PlanEvent = Pick<RunInput, 'vpc' | 'mode' | 'desired'> & {
  /** The input's `probe`: run the live probe even when nothing changes. */
  probeRequested?: boolean;
};

export interface PlanDeps {
  /** With the probe machinery, a no-op apply runs the checks itself (the workflow); without, it does not (the CLI's plan). */
  probe?: ProbeStepDeps;
  catalogues?: RegionCatalogues;
  /** Route 53's view of the VPC: without it, hosted-zone conflicts are not looked for. */
  zones?: HostedZones;
  /** The account's paces: with central endpoints on, Plan's Route 53 reads wait their turn (the workflow's). */
  pace?: ReservePermitDeps & { sleep: (ms: number) => Promise<void> };
}

/**
 * Read, then decide: reads the VPC, turns its tags (or the input's `desired`) into a desired state, reads
 * what that state needs, and plans. Mutates nothing.
 */
export async function planStep(event: PlanEvent, ctx: StepContext, deps: PlanDeps = {}): Promise<PlanResult> {
  if (ctx.config.central && deps.pace)
    await awaitPlanZoneReads(event.vpc, ctx.reach?.hub?.accountId, ctx, deps.pace);
  const vpc = await readVpc(ctx.api, event.vpc);
  const tags = event.desired ? desiredInputToTags(event.desired) : vpc.tags;
  const read = readDesiredState(tags, {
    region: event.vpc.region,
    config: ctx.config,
    vpcCidrs: vpc.cidrBlocks,
  });
  const { desired } = read;
  const snapshot = await readVpcSnapshot(
    ctx.api,
    vpc,
    desired.services.map((s) => s.serviceName),
    deps.catalogues,
  );
  // Every bad tag at once: the syntax, and the services the region does not offer.
  const offered = offeredDesiredState(read, tags, snapshot);
  // A plan request from the caller always wins over the tag: asking to look must never change anything.
  const mode = event.mode === 'plan' ? 'plan' : offered.mode;
  const central = await centralOf(offered, snapshot, ctx);
  const unlinking = zonesUnlinkedFrom(central?.work, event.vpc.vpcId);
  // A spoke's services its central VPC serves get no interface endpoint here. A spoke leaving it gets the
  // safe cut-over: its own endpoints answer only once LinkCentral unlinked the zones (EC2 refuses private
  // DNS while one answers the name), so the name is never left to an endpoint not yet passing traffic.
  const local = lingeringShared(servedLocally(offered, central?.work.served ?? []), central?.work);
  const wanted = unlinking.size > 0 ? { ...local, cutover: 'safe' as const } : local;
  const planned = planVpc({ ...wanted, mode }, snapshot, {
    stackName: ctx.config.stackName,
    orgId: ctx.config.orgId,
    ...(central?.state.own?.list ? { spokeListId: central.state.own.list.prefixListId } : {}),
    servedCentrally: (central?.work.served ?? []).map((s) => `com.amazonaws.${event.vpc.region}.${s}`),
  });
  // A VPC with no part in central endpoints, and nothing of ours linked to it, skips LinkCentral.
  const withLinks =
    central && (central.work.role !== 'none' || !linksInPlace(central.work))
      ? {
          ...planned,
          noop: planned.noop && linksInPlace(central.work) && !central.work.retire,
          central: {
            work: central.work,
            desired: centralDesiredOf(offered),
            subnetIds: central.subnetIds,
            ...linksOnlyOf(planned.noop, central, snapshot, event.vpc.vpcId),
            ...(central.state.central && central.work.served.length
              ? {
                  centralCidrs: central.state.central.cidrBlocks,
                  servedNames: servedNamesOf(central.work.served, snapshot),
                }
              : {}),
          },
        }
      : planned;
  const plan = await withZoneConflicts(withLinks, snapshot, ctx.config.stackName, deps.zones, unlinking);
  if (plan.mode === 'apply' && plan.conflicts.length > 0) throw conflictError(plan, event.vpc.vpcId);
  // A no-op's checks, and a links-only spoke's of its VPC: nothing changes what they read before CheckConnectivity.
  const checkNow = plan.mode === 'apply' && (plan.noop || spokeCheckedOnPlan(plan, ctx.config.stackName));
  const checked =
    deps.probe && checkNow
      ? await connectivityOf(snapshot, plan, event.probeRequested ?? false, ctx, deps.probe, central?.state)
      : undefined;
  return {
    ...plan,
    accountId: event.vpc.accountId,
    mutations: mutationsOf(plan),
    cutoverServices: plan.endpoints.filter((e) => e.cutover).map((e) => e.spec.service),
    apiCalls: { ...ctx.api.calls },
    cost: withCentralCost(
      planCost(plan, snapshot.endpoints, event.vpc.region, pricesOf(ctx.config.prices)),
      central,
      snapshot,
    ),
    ...(checked ? (plan.noop ? { checks: checked } : { vpcChecks: checked }) : {}),
  };
}

const spokeCheckedOnPlan = (plan: Plan, stackName: string): boolean =>
  plan.central !== undefined && checkedOnPlan(plan.central.linkView, plan.central.work, stackName);

/**
 * Where the config turns central endpoints on, every VPC's plan reads the links around it: a central
 * VPC's zones and list, a spoke's central VPC, and anything of ours a VPC that left still holds.
 */
async function centralOf(desired: DesiredState, snapshot: VpcSnapshot, ctx: StepContext) {
  if (!ctx.config.central || !ctx.route53) return undefined;
  const apis = centralApisOf({ ...ctx, route53: ctx.route53 });
  const subnetIds = desired.use
    ? placementOf(desired, snapshot, ctx.config).subnets.map((s) => s.subnetId)
    : [];
  return decideCentral(apis, snapshot, centralDesiredOf(desired), ctx.config, subnetIds);
}

const centralDesiredOf = (d: DesiredState): CentralDesired => ({
  services: d.services,
  ...(d.share ? { share: d.share } : {}),
  ...(d.use ? { use: d.use } : {}),
});

/**
 * A spoke's plan also says what its served services cost it, against endpoints of its own: the AZs its
 * endpoint subnets span, the central endpoint's AZs shared among the VPCs in its list and itself.
 */
function withCentralCost(
  cost: PlanCost | UnknownCost,
  central: Awaited<ReturnType<typeof centralOf>>,
  snapshot: VpcSnapshot,
): PlanCost | UnknownCost {
  const vpc = central?.state.central;
  if ('unknown' in cost || !central || !vpc || central.work.served.length === 0) return cost;
  return { ...cost, central: spokeCost(snapshot, central.subnetIds, vpc, central.work.served, cost.price) };
}

/** The zones of ours this run's LinkCentral unlinks from the VPC or deletes (bare ids). */
function zonesUnlinkedFrom(work: CentralWork | undefined, vpcId: string): Set<string> {
  const unlinked = (work?.disassociate ?? []).filter((z) => (z.vpcId ?? vpcId) === vpcId);
  return new Set([...unlinked, ...(work?.deleteZones ?? [])].map((z) => bareZoneId(z.zoneId)));
}

/**
 * A central VPC's services it no longer shares whose zones still serve spokes are planned as shared (their
 * endpoints keep private DNS off, which EC2 would refuse while the zone answers the name) until the zones go.
 */
function lingeringShared(desired: DesiredState, work: CentralWork | undefined): DesiredState {
  const lingering = work?.lingering ?? [];
  if (!desired.share || lingering.length === 0) return desired;
  return { ...desired, share: [...new Set([...desired.share, ...lingering])] };
}

/**
 * A plan that turns private DNS on also checks the VPC's hosted zones (one Route 53 read); zones of ours
 * the run unlinks first (`unlinking`) are no conflict: its safe cut-over turns private DNS on after.
 */
async function withZoneConflicts(
  plan: Plan,
  snapshot: VpcSnapshot,
  stackName: string,
  zones: HostedZones | undefined,
  unlinking: Set<string>,
): Promise<Plan> {
  if (!zones || !turnsOnPrivateDns(plan.endpoints, snapshot)) return plan;
  const hostedZones = (await zones.associatedWith(snapshot.vpc.vpcId, snapshot.region)).filter(
    (z) => !unlinking.has(bareZoneId(z.zoneId)),
  );
  return { ...plan, conflicts: dnsConflicts(plan.endpoints, { ...snapshot, hostedZones }, stackName) };
}

/** The plan itself, without what the execution adds for its later states (mutations, calls, cost, checks). */
export function planOf(result: PlanResult): Plan {
  const { accountId, mutations, apiCalls, checks, vpcChecks, cost, cutoverServices, ...plan } = result;
  return plan;
}

/** Nothing is made while a name is taken: every conflict, with the ways out. */
const conflictError = (plan: Plan, vpcId: string) =>
  new DnsConflictError(
    `private DNS cannot answer in ${vpcId}: ${plan.conflicts
      .map((c) => `${c.name} (${c.service}) is answered by ${c.holder}`)
      .join('; ')}: remove that zone's association or that endpoint's private DNS, tag ` +
      `privatelink:private-dns=false, or leave the service out`,
  );

/**
 * The Map's items, interface endpoints first: they are the long pole (about a minute pending, against
 * seconds for a gateway), so they take the first permits of the pace. Before them only a gateway an
 * interface endpoint needs (S3's, for an S3 interface endpoint with private DNS: lib/domain/planner/dns.ts).
 */
const mutationsOf = (plan: Plan): MutationItem[] => {
  const needed = new Set(
    plan.endpoints
      .filter((e) => e.spec.inboundResolverOnly || e.cutover?.inboundResolverOnly)
      .map((e) => e.spec.serviceName),
  );
  const rank = (spec: EndpointSpec) => (inSubnets(spec.type) ? 1 : needed.has(spec.serviceName) ? 0 : 2);
  return plan.endpoints
    .filter((e) => e.action === 'create' || e.action === 'modify')
    .sort((a, b) => rank(a.spec) - rank(b.spec))
    .map((e) => ({
      action: e.action as MutationItem['action'],
      spec: e.spec,
      endpointId: e.endpointId,
      changes: e.changes,
    }));
};

/** Each served service's name as workloads call it: its first zone's (lib/domain/central/zone-names.ts). */
const servedNamesOf = (served: string[], snapshot: VpcSnapshot): Record<string, string> =>
  Object.fromEntries(
    served.map((s) => [s, zonesOfService(s, snapshot.region, snapshot.offers)[0]?.name ?? s]),
  );

/**
 * A plan with only links to do goes straight to LinkCentral (`linksOnly`); a spoke's LinkCentral acts on
 * what Plan read (`centralVpc`) and, with only links to do, plans its read-back on Plan's view of its VPC
 * and endpoints (`linkView`), which nothing before it changes (docs/architecture.md, "Centralized endpoints").
 */
function linksOnlyOf(
  endpointsNoop: boolean,
  central: { work: CentralWork; state: CentralState },
  snapshot: VpcSnapshot,
  vpcId: string,
): Pick<NonNullable<Plan['central']>, 'linksOnly' | 'centralVpc' | 'linkView'> {
  const linksOnly = endpointsNoop && !linksInPlace(central.work);
  if (central.work.role !== 'spoke' || !central.state.central) return linksOnly ? { linksOnly } : {};
  const centralVpc = spokeView(central.state, vpcId).central;
  if (!linksOnly) return { centralVpc };
  const { vpc, region, endpoints, offers } = snapshot;
  const linkView: LinkView = {
    vpc: { vpcId: vpc.vpcId, ownerId: vpc.ownerId, cidrBlocks: vpc.cidrBlocks },
    region,
    endpoints,
    offers,
  };
  return { linksOnly, centralVpc, linkView };
}
