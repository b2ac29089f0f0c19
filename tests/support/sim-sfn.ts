import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  StopExecutionCommand,
  type ListExecutionsCommandInput,
  type StopExecutionCommandInput,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  SFNClient,
  StartExecutionCommand,
  type DescribeExecutionCommandInput,
  type StartExecutionCommandInput,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';

export const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:provision';
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

export interface SimExecution {
  name: string;
  executionArn: string;
  input: unknown;
  status: ExecutionStatus;
  startDate: Date;
}

/**
 * Step Functions' execution registry, as StartExecution and DescribeExecution see it: names are unique
 * (a second start with another input is ExecutionAlreadyExists; with the same input it returns the first).
 * Started executions wait in `queue` for the test to run them with the local runner.
 */
export class SimSfn {
  readonly executions = new Map<string, SimExecution>();
  readonly queue: SimExecution[] = [];
  starts = 0;

  arnOf(name: string) {
    return `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${name}`;
  }

  start(input: StartExecutionCommandInput) {
    this.starts += 1;
    const name = input.name ?? `unnamed-${this.starts}`;
    const existing = this.executions.get(name);
    if (existing) {
      // The same name and input as a RUNNING execution answers that execution; a closed one, or other
      // input, is ExecutionAlreadyExists (names stay taken 90 days after the execution closes).
      // https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
      if (existing.status === 'RUNNING' && existing.input === input.input)
        return { executionArn: existing.executionArn };
      throw new ExecutionAlreadyExists({
        $metadata: {},
        message: `Execution Already Exists: '${existing.executionArn}'`,
      });
    }
    const execution: SimExecution = {
      name,
      executionArn: this.arnOf(name),
      input: input.input,
      status: 'RUNNING',
      startDate: this.nextStartDate(),
    };
    this.executions.set(name, execution);
    this.queue.push(execution);
    return { executionArn: execution.executionArn, startDate: new Date() };
  }

  private lastStart = 0;

  /**
   * Now, with millisecond precision as Step Functions gives it; two starts within one simulated
   * millisecond are kept a millisecond apart, so newest-first listing has one order.
   */
  private nextStartDate(): Date {
    this.lastStart = Math.max(Date.now(), this.lastStart + 1);
    return new Date(this.lastStart);
  }

  register(name: string, input: unknown): SimExecution {
    const execution: SimExecution = {
      name,
      executionArn: this.arnOf(name),
      input: JSON.stringify(input),
      status: 'RUNNING',
      startDate: this.nextStartDate(),
    };
    this.executions.set(name, execution);
    return execution;
  }

  describe(input: DescribeExecutionCommandInput) {
    const execution = [...this.executions.values()].find((e) => e.executionArn === input.executionArn);
    if (!execution)
      throw new ExecutionDoesNotExist({
        $metadata: {},
        message: `Execution Does Not Exist: '${input.executionArn}'`,
      });
    return {
      executionArn: execution.executionArn,
      status: execution.status,
      name: execution.name,
      input: String(execution.input),
    };
  }

  /** Newest first, as ListExecutions answers: https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html */
  list(input: ListExecutionsCommandInput) {
    const executions = [...this.executions.values()]
      .reverse()
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime())
      .filter((e) => !input.statusFilter || e.status === input.statusFilter)
      .map((e) => ({
        executionArn: e.executionArn,
        name: e.name,
        status: e.status,
        startDate: e.startDate,
        stateMachineArn: STATE_MACHINE_ARN,
      }));
    return { executions };
  }

  /** StopExecution marks it ABORTED, as Step Functions does. */
  stop(input: StopExecutionCommandInput) {
    const execution = [...this.executions.values()].find((e) => e.executionArn === input.executionArn);
    if (!execution)
      throw new ExecutionDoesNotExist({
        $metadata: {},
        message: `Execution Does Not Exist: '${input.executionArn}'`,
      });
    execution.status = 'ABORTED';
    return { stopDate: new Date() };
  }
}

export function installSimSfn(sim: SimSfn) {
  const mock = mockClient(SFNClient);
  mock.on(StartExecutionCommand).callsFake(async (input: StartExecutionCommandInput) => sim.start(input));
  mock
    .on(DescribeExecutionCommand)
    .callsFake(async (input: DescribeExecutionCommandInput) => sim.describe(input));
  mock.on(ListExecutionsCommand).callsFake(async (input: ListExecutionsCommandInput) => sim.list(input));
  mock.on(StopExecutionCommand).callsFake(async (input: StopExecutionCommandInput) => sim.stop(input));
  return mock;
}
