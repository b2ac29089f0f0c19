import { rolloutOf, vpcOfExecution } from '../../lib/domain/rollout';

const at = (name: string, status: string, startDate: number) => ({ name, status, startDate });

describe('where a rollout stands', () => {
  it('takes each VPC by its latest execution, and counts VPCs without one as not started', () => {
    const rollout = rolloutOf(
      ['vpc-0a', 'vpc-0b', 'vpc-0c', 'vpc-0d'],
      [
        at('vpc-0a-mjuo-g0', 'FAILED', 1),
        at('vpc-0a-mjuo-g1', 'SUCCEEDED', 2),
        at('vpc-0b-mjuo-g0', 'SUCCEEDED', 1),
        at('vpc-0b-mjuo-g1', 'TIMED_OUT', 3),
        at('vpc-0c-mjuo-g0', 'RUNNING', 5),
      ],
    );
    expect(rollout.rows.map((r) => [r.vpcId, r.state])).toEqual([
      ['vpc-0a', 'done'],
      ['vpc-0b', 'failed'],
      ['vpc-0c', 'running'],
      ['vpc-0d', 'not started'],
    ]);
    expect(rollout.counts).toEqual({ done: 1, running: 1, failed: 1, 'not started': 1 });
  });

  it('ignores executions the lock did not name, and VPCs that are no longer opted in', () => {
    expect(vpcOfExecution('run-1')).toBeUndefined();
    const rollout = rolloutOf(['vpc-0a'], [at('run-1', 'FAILED', 1), at('vpc-0e-x-g0', 'FAILED', 1)]);
    expect(rollout.counts).toEqual({ done: 0, running: 0, failed: 0, 'not started': 1 });
  });
});
