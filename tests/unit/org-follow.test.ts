import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ListMapRunsCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import type { CommandEnv } from '../../cli/context';
import { orgCheckCommand } from '../../cli/org-check';
import { presentationFor } from '../../cli/output';
import { testConfig } from '../support/config';

/** `drift --all-accounts` against a deployed hub: Step Functions' API mocked as it answers. */
const sfn = mockClient(SFNClient);
const ORG = 'arn:aws:states:us-east-1:123456789012:stateMachine:plo-org-drift';
const RUN = 'arn:aws:states:us-east-1:123456789012:execution:plo-org-drift:r1';
const MAP_RUN = 'arn:aws:states:us-east-1:123456789012:mapRun:plo-org-drift/CheckTargets:m1';

function env(json = false): CommandEnv & { lines: { out: string[]; err: string[] } } {
  const lines = { out: [] as string[], err: [] as string[] };
  const io = { out: (t: string) => lines.out.push(t), err: (t: string) => lines.err.push(t) };
  return {
    region: 'us-east-1',
    stackName: 'plo',
    lockTable: 'plo-locks',
    config: testConfig({
      hub: {
        roleName: 'privatelink-spoke',
        externalId: 'org-test',
        accounts: ['444455556666'],
        regions: ['us-east-1'],
      },
    }),
    ...presentationFor({ json }, io),
    io,
    lines,
  };
}

beforeEach(() => {
  sfn.reset();
  sfn.on(ListStateMachinesCommand).resolves({
    stateMachines: [
      { name: 'plo-org-drift', stateMachineArn: ORG, type: 'STANDARD', creationDate: new Date() },
    ],
  });
  sfn.on(StartExecutionCommand).resolves({ executionArn: RUN, startDate: new Date() });
  sfn.on(ListMapRunsCommand).resolves({
    mapRuns: [{ mapRunArn: MAP_RUN, executionArn: RUN, stateMachineArn: ORG, startDate: new Date() }],
  });
  sfn
    .on(DescribeMapRunCommand)
    .resolvesOnce({ itemCounts: { total: 4, succeeded: 1, failed: 0, running: 3 } } as never)
    .resolves({ itemCounts: { total: 4, succeeded: 3, failed: 1, running: 0 } } as never);
});

describe('drift --all-accounts on a deployed hub', () => {
  it('starts the Organization check in the asked mode, says its batches as they finish, and prints its summary', async () => {
    const summary = {
      targets: 40,
      checked: 30,
      vpcsChecked: 120,
      drifted: [{ accountId: '444455556666', region: 'us-east-1', vpcIds: ['vpc-1'] }],
      remediationsStarted: 0,
      unreachable: [],
    };
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({ status: 'RUNNING' } as never)
      .resolvesOnce({ status: 'RUNNING' } as never)
      .resolves({ status: 'SUCCEEDED', output: JSON.stringify(summary) } as never);
    const e = env();

    const code = await orgCheckCommand({}, e, 1);

    expect(code).toBe(3);
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: ORG,
      input: JSON.stringify({ mode: 'report' }),
    });
    expect(e.lines.err).toEqual([
      `started ${RUN}`,
      '  account-regions 1/4 done, 0 in failed batches, 3 running',
      '  account-regions 4/4 done, 1 in failed batches, 0 running',
    ]);
    expect(e.lines.out.join('\n')).toContain(
      '30 of 40 account-region(s) checked: 120 opted-in VPC(s), 1 account-region(s) with drift',
    );
  });

  it('says how the check ended when it did not succeed, exit 1', async () => {
    sfn.on(DescribeExecutionCommand).resolves({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
      cause: '5 of 10 failed',
    } as never);
    await expect(orgCheckCommand({ remediate: true }, env(), 1)).rejects.toThrow(
      `the Organization check ${RUN} FAILED: States.ExceedToleratedFailureThreshold: 5 of 10 failed`,
    );
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input).toBe(
      JSON.stringify({ mode: 'remediate' }),
    );
  });
});
