import { decideCutover, type CutoverDecision } from '../domain/cutover';
import type { ExecutionState } from './execution-state';
import { liveChecks } from './result';

export type PlanCutOverResult = CutoverDecision;

/**
 * Which endpoints held under the safe cut-over get private DNS now (lib/domain/cutover.ts), from what this
 * run saw of them: CheckConnectivity's checks and the live probe's. Reads nothing, mutates nothing.
 */
export function planCutOverStep(event: { state: Partial<ExecutionState> }): PlanCutOverResult {
  const { state } = event;
  const planned = state.plan?.endpoints ?? [];
  return decideCutover(
    planned,
    (p) => {
      const checked = state.checks?.services.find(
        (c) => c.service === p.spec.service && c.type === p.spec.type,
      );
      if (!checked) return undefined;
      return {
        endpointId: checked.endpointId,
        state: checked.state,
        checks: [...checked.checks, ...liveChecks(state, p.spec.service, p.spec.type)],
      };
    },
    state.checks?.probe.action === 'run',
  );
}
