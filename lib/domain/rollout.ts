import type { LastRun } from './fleet-row';
/**
 * Where a fleet rollout stands (`privatelink progress`): each opted-in VPC by its latest execution —
 * the lock names every execution after its VPC (`<vpc-id>-<epoch>-g<generation>`, lib/domain/run-lock.ts).
 */

export type RolloutState = 'done' | 'running' | 'failed' | 'not started';

export interface ExecutionSummary {
  name: string;
  executionArn?: string;
  status: string;
  /** ms since the epoch */
  startDate: number;
  /** Why it did not succeed (the error's name and first line), where that is known. */
  error?: string;
}

export interface RolloutRow {
  vpcId: string;
  state: RolloutState;
  execution?: string;
  startedAt?: number;
  /** Why a failed one failed. */
  error?: string;
}

export interface Rollout {
  rows: RolloutRow[];
  counts: Record<RolloutState, number>;
}

const STATE_OF: Record<string, RolloutState> = {
  SUCCEEDED: 'done',
  RUNNING: 'running',
  PENDING_REDRIVE: 'running',
  FAILED: 'failed',
  TIMED_OUT: 'failed',
  ABORTED: 'failed',
};

/**
 * The VPC an execution name belongs to (its lock key's VPC: `vpc-…`, or a member's
 * `111122223333-eu-west-1-vpc-…`), or undefined for a name the lock did not make.
 */
export const vpcOfExecution = (name: string): string | undefined =>
  /^(?:\d{12}-[a-z]{2}(?:-[a-z]+)+-\d-)?(vpc-[0-9a-f]+)-/.exec(name)?.[1];

export function rolloutOf(vpcIds: string[], executions: ExecutionSummary[]): Rollout {
  const latest = new Map<string, ExecutionSummary>();
  for (const e of executions) {
    const vpcId = vpcOfExecution(e.name);
    const seen = vpcId && latest.get(vpcId);
    if (vpcId && (!seen || seen.startDate < e.startDate)) latest.set(vpcId, e);
  }
  const rows = [...vpcIds].sort().map((vpcId): RolloutRow => {
    const e = latest.get(vpcId);
    if (!e) return { vpcId, state: 'not started' };
    const state = STATE_OF[e.status] ?? 'running';
    return {
      vpcId,
      state,
      execution: e.name,
      startedAt: e.startDate,
      ...(state === 'failed' && e.error ? { error: e.error } : {}),
    };
  });
  const counts: Record<RolloutState, number> = { done: 0, running: 0, failed: 0, 'not started': 0 };
  for (const row of rows) counts[row.state] += 1;
  return { rows, counts };
}

/** Each VPC's latest execution, as it ended: the fleet's `last run` (`fleet`, the fleet report). */
export function latestRunsOf(executions: ExecutionSummary[]): Map<string, LastRun> {
  const vpcIds = new Set(
    executions.map((e) => vpcOfExecution(e.name)).filter((v): v is string => Boolean(v)),
  );
  return new Map(rolloutOf([...vpcIds], executions).rows.map(({ vpcId, ...run }) => [vpcId, run]));
}
