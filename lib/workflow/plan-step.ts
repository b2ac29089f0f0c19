import { readVpc, readVpcSnapshot } from '../aws/discovery';
import { planCost, pricesOf, type PlanCost, type UnknownCost } from '../domain/cost';
import type { RunInput } from '../domain/execution-input';
import type { ApiCallCount, EndpointChanges, EndpointSpec, Plan } from '../domain/model';
import { planVpc } from '../domain/planner';
import { InvalidTagError } from '../domain/errors';
import { desiredInputToTags, readDesiredState, unofferedServices } from '../domain/tags';
import type { RegionCatalogues } from '../aws/catalogues';
import { connectivityOf, type CheckConnectivityResult } from './check-connectivity-step';
import type { ProbeStepDeps } from './probe-step-deps';
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
  /** The VPC's owner: the input's account when it names one. */
  accountId: string;
  mutations: MutationItem[];
  apiCalls: ApiCallCount;
  /** A no-op apply's checks, on the snapshot the plan read: the execution skips CheckConnectivity. */
  checks?: CheckConnectivityResult;
  /** What the VPC's interface endpoints cost a month before and after this plan (lib/domain/cost.ts). */
  cost: PlanCost | UnknownCost;
}

export type PlanEvent = Pick<RunInput, 'vpcId' | 'region' | 'accountId' | 'mode' | 'desired'> & {
  /** The input's `probe`: run the live probe even when nothing changes. */
  probeRequested?: boolean;
};

export interface PlanDeps {
  /** With the probe machinery, a no-op apply runs the checks itself (the workflow); without, it does not (the CLI's plan). */
  probe?: ProbeStepDeps;
  catalogues?: RegionCatalogues;
}

/**
 * Read, then decide: reads the VPC, turns its tags (or the input's `desired`) into a desired state, reads
 * what that state needs, and plans. Mutates nothing.
 */
export async function planStep(event: PlanEvent, ctx: StepContext, deps: PlanDeps = {}): Promise<PlanResult> {
  const vpc = await readVpc(ctx.api, event.vpcId, event.region);
  const tags = event.desired ? desiredInputToTags(event.desired) : vpc.tags;
  const { desired, problems } = readDesiredState(tags, {
    region: event.region,
    config: ctx.config,
    vpcCidrs: vpc.cidrBlocks,
  });
  const snapshot = await readVpcSnapshot(
    ctx.api,
    vpc,
    desired.services.map((s) => s.serviceName),
    deps.catalogues,
  );
  // Every bad tag at once: the syntax, and the services the region does not offer.
  const refused = [...problems, ...unofferedServices(desired, tags, snapshot)];
  if (refused.length > 0) throw new InvalidTagError(refused);
  // A plan request from the caller always wins over the tag: asking to look must never change anything.
  const mode = event.mode === 'plan' ? 'plan' : desired.mode;
  const plan = planVpc({ ...desired, mode }, snapshot, {
    stackName: ctx.config.stackName,
    orgId: ctx.config.orgId,
  });
  const checks =
    deps.probe && plan.mode === 'apply' && plan.noop
      ? await connectivityOf(snapshot, plan, event.probeRequested ?? false, ctx, deps.probe)
      : undefined;
  return {
    ...plan,
    accountId: event.accountId ?? vpc.ownerId,
    mutations: mutationsOf(plan),
    apiCalls: { ...ctx.api.calls },
    cost: planCost(plan, snapshot.endpoints, event.region, pricesOf(ctx.config.prices)),
    ...(checks ? { checks } : {}),
  };
}

/**
 * The Map's items, interface endpoints first: they are the long pole (about a minute pending, against
 * seconds for a gateway), so they take the first permits of the pace.
 */
const mutationsOf = (plan: Plan): MutationItem[] =>
  plan.endpoints
    .filter((e) => e.action === 'create' || e.action === 'modify')
    .sort((a, b) => Number(a.spec.type === 'Gateway') - Number(b.spec.type === 'Gateway'))
    .map((e) => ({
      action: e.action as MutationItem['action'],
      spec: e.spec,
      endpointId: e.endpointId,
      changes: e.changes,
    }));
