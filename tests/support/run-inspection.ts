import type { LocalRunResult } from '../../lib/operations/local/run-state-machine';
import type { CallRecord, SimEc2 } from './sim-ec2/simulator';

/** Names of the top-level and Map states entered, in order. */
export function statesEntered(run: LocalRunResult): string[] {
  return run.events.flatMap((e) => (e.type === 'StateEntered' ? [e.state.name] : []));
}

/** The simulator's mutating calls (admitted or not) since call number `since`. */
export function mutatingCalls(sim: SimEc2, since: number): CallRecord[] {
  return sim.calls.slice(since).filter((c) => c.category !== 'read');
}
