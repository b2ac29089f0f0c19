import { ProbeError, probeFunctionState } from '../aws/probe-function';
import type { ProbeStepDeps } from './probe-step-deps';

/** One turn of the wait-until-Active loop of the probe copy; the state machine's Wait state paces it. */
export async function checkProbeStep(event: { functionName: string; attempt: number }, deps: ProbeStepDeps) {
  const { state, reason } = await probeFunctionState(deps.functions, event.functionName);
  const attempt = event.attempt + 1;
  if (state === 'Active') return { ...event, attempt, state, status: 'ready' as const };
  if (state === 'Failed')
    throw new ProbeError(
      `the probe copy ${event.functionName} failed to start: ${reason ?? 'no reason given'}`,
    );
  if (attempt >= deps.maxActiveChecks)
    throw new ProbeError(`the probe copy ${event.functionName} is still ${state} after ${attempt} checks`);
  return { ...event, attempt, state, status: 'waiting' as const };
}
