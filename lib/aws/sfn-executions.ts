import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ListExecutionsCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { ExecutionSummary } from '../domain/rollout';
import type { ExecutionStarter } from '../domain/run-lock';

/** Starts and inspects executions of the provisioning state machine. */
export class SfnExecutions implements ExecutionStarter {
  constructor(
    private readonly client: SFNClient,
    readonly stateMachineArn: string,
  ) {}

  async start(name: string, input: unknown) {
    const executionArn = `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    try {
      const out = await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name,
          input: JSON.stringify(input),
        }),
      );
      return { started: true, executionArn: out.executionArn ?? executionArn };
    } catch (err) {
      // Someone in the same burst started it already: that execution reads the tags for all of us.
      if (err instanceof ExecutionAlreadyExists) return { started: false, executionArn };
      throw err;
    }
  }

  async isRunning(executionArn: string): Promise<boolean> {
    try {
      const out = await this.client.send(new DescribeExecutionCommand({ executionArn }));
      return out.status === 'RUNNING';
    } catch (err) {
      if (err instanceof ExecutionDoesNotExist) return false;
      throw err;
    }
  }

  /** Why an execution failed: its error and the first line of its cause, as Step Functions recorded them. */
  async failureOf(executionArn: string): Promise<string | undefined> {
    const out = await this.client.send(new DescribeExecutionCommand({ executionArn }));
    if (!out.error) return undefined;
    const cause = (out.cause ?? '').split('\n')[0]?.slice(0, 200);
    return cause ? `${out.error}: ${cause}` : out.error;
  }

  /** The executions started since `since` (ms), newest first as ListExecutions gives them. */
  async listSince(since: number): Promise<ExecutionSummary[]> {
    const found: ExecutionSummary[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListExecutionsCommand({ stateMachineArn: this.stateMachineArn, nextToken }),
      );
      for (const e of page.executions ?? []) {
        const startDate = e.startDate?.getTime() ?? 0;
        if (startDate < since) return found;
        found.push({ name: e.name ?? '', executionArn: e.executionArn, status: e.status ?? '', startDate });
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return found;
  }
}
