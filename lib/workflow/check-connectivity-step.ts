import type { RegionCatalogues } from '../aws/catalogues';
import { readWholeVpc } from '../aws/discovery';
import type { Plan } from '../domain/model';
import type { VpcRef } from '../domain/vpc-ref';
import type { LinkCentralResult } from './link-central-step';
import { connectivityOf, type CheckConnectivityResult } from './connectivity';
import type { ProbeStepDeps } from './probe-step-deps';
import type { StepContext } from './step-context';

export type { CheckConnectivityResult };

/** The static connectivity checks (docs/architecture.md, "Checks") of every endpoint the plan wants. Read-only. */
export async function checkConnectivityStep(
  event: { vpc: VpcRef; plan: Plan; probeRequested: boolean; linked?: LinkCentralResult },
  ctx: StepContext,
  deps: ProbeStepDeps & { catalogues?: RegionCatalogues },
): Promise<CheckConnectivityResult> {
  const snapshot = await readWholeVpc(ctx.api, event.vpc, deps.catalogues);
  // A spoke's links were read back by LinkCentral just before: checked as read, not read again.
  const readBack = event.linked?.status === 'done' ? event.linked.readBack : undefined;
  return connectivityOf(snapshot, event.plan, event.probeRequested, ctx, deps, readBack);
}
