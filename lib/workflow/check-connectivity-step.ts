import type { RegionCatalogues } from '../aws/catalogues';
import { readWholeVpc } from '../aws/discovery';
import type { Plan } from '../domain/model';
import type { VpcRef } from '../domain/vpc-ref';
import type { LinkCentralResult } from './link-central-step';
import type { PlanResult } from './plan-step';
import { withLinksReadBack } from '../domain/central/checks';
import { connectivityOf, type CheckConnectivityResult } from './connectivity';
import type { ProbeStepDeps } from './probe-step-deps';
import type { StepContext } from './step-context';

export type { CheckConnectivityResult };

/**
 * The static connectivity checks (docs/architecture.md, "Checks") of every endpoint the plan wants, and
 * of the services a central VPC serves. Read-only.
 */
export async function checkConnectivityStep(
  event: {
    vpc: VpcRef;
    plan: Plan & Pick<PlanResult, 'vpcChecks'>;
    probeRequested: boolean;
    linked?: LinkCentralResult;
  },
  ctx: StepContext,
  deps: ProbeStepDeps & { catalogues?: RegionCatalogues },
): Promise<CheckConnectivityResult> {
  // A spoke's links were read back by LinkCentral just before: checked as read, not read again.
  const linked = event.linked?.status === 'done' ? event.linked : undefined;
  const readBack = linked?.readBack;
  const known = event.plan.vpcChecks;
  const view = event.plan.central?.linkView;
  // Nothing changed the VPC since Plan read it (no endpoint retired): only its links are checked anew.
  if (known && view && readBack && linked?.retire.length === 0)
    return {
      services: withLinksReadBack(known.services, view, readBack),
      probe: known.probe,
      apiCalls: { ...ctx.api.calls },
    };
  const snapshot = await readWholeVpc(ctx.api, event.vpc, deps.catalogues);
  return connectivityOf(snapshot, event.plan, event.probeRequested, ctx, deps, readBack);
}
