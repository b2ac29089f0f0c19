import { presentationFor } from '../../cli/output';
import { configFromEnv } from '../../lib/domain/config';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import Ajv from 'ajv';
import { followCommand } from '../../cli/commands';
import { followRemote } from '../../cli/remote-follow';
import outputSchema from '../../schemas/cli-output.schema.json';
import type { CommandEnv } from '../../cli/context';

/** Following a deployed execution: Step Functions' history API mocked, as it pages and orders. */
const sfn = mockClient(SFNClient);
const ARN = 'arn:aws:states:us-east-1:123456789012:execution:plo-provision:vpc-1-g0';

function env(json = false): CommandEnv & { lines: { out: string[]; err: string[] } } {
  const lines = { out: [] as string[], err: [] as string[] };
  const io = { out: (t: string) => lines.out.push(t), err: (t: string) => lines.err.push(t) };
  return {
    region: 'us-east-1',
    stackName: 's',
    lockTable: 's-locks',
    config: configFromEnv(),
    ...presentationFor({ json }, io),
    io,
    lines,
  };
}

/** A history of `count` exited states; GetExecutionHistory pages it (newest first when asked). */
function historyOf(count: () => number) {
  const all = () =>
    Array.from(
      { length: count() },
      (_, i): HistoryEvent => ({
        id: i + 1,
        type: 'TaskStateExited',
        timestamp: new Date(),
        stateExitedEventDetails: { name: `State${i + 1}` },
      }),
    );
  sfn
    .on(GetExecutionHistoryCommand)
    .callsFake((input: { reverseOrder?: boolean; maxResults?: number; nextToken?: string }) => {
      const events = input.reverseOrder ? all().reverse() : all();
      const start = Number(input.nextToken ?? 0);
      const end = start + (input.maxResults ?? 100);
      return { events: events.slice(start, end), nextToken: end < events.length ? String(end) : undefined };
    });
}

beforeEach(() => sfn.reset());

describe('following a deployed execution', () => {
  it('prints every state once, in order, over a history longer than one page of 1000, then the end', async () => {
    let events = 0;
    historyOf(() => events);
    let polls = 0;
    sfn.on(DescribeExecutionCommand).callsFake(() => {
      polls += 1;
      events = Math.min(events + 400, 1300);
      return {
        status: polls < 4 ? 'RUNNING' : 'FAILED',
        name: 'vpc-1-g0',
        error: 'EndpointFailedError',
        cause: 'ssm is failed',
      };
    });
    const e = env();

    const { code, report } = await followRemote(ARN, e, { pollMs: 1 });

    expect(code).toBe(1);
    expect(report).toMatchObject({ status: 'FAILED', error: 'EndpointFailedError' });
    expect(e.lines.err).toEqual(Array.from({ length: 1300 }, (_, i) => `  ✓ State${i + 1}`));
    expect(e.lines.out).toEqual(['vpc-1-g0 FAILED: EndpointFailedError: ssm is failed']);
    // Each poll reads only the newest page(s), never the whole history again.
    const reads = sfn.commandCalls(GetExecutionHistoryCommand).length;
    expect(reads).toBeLessThanOrEqual(20);
  });

  it('prints one JSON document of the documented shape under --json', async () => {
    historyOf(() => 3);
    sfn.on(DescribeExecutionCommand).resolves({
      status: 'SUCCEEDED',
      name: 'vpc-1-g0',
      output: JSON.stringify({
        status: 'succeeded',
        vpcId: 'vpc-1',
        region: 'us-east-1',
        mode: 'apply',
        executionId: ARN,
        services: [],
        totals: {},
        apiCalls: { read: 1, mutating: 0 },
      }),
    });
    const e = env(true);

    expect(await followCommand(ARN, {}, e)).toBe(0);

    const ajv = new Ajv();
    ajv.addSchema(outputSchema, 'cli');
    expect(e.lines.out).toHaveLength(1);
    expect(
      ajv.validate('cli#/definitions/follow', JSON.parse(e.lines.out[0] ?? '')) || ajv.errorsText(),
    ).toBe(true);
  });

  it.each([
    ['timed out', { timeoutSeconds: 1, pollMs: 1 }],
    ['interrupted', { pollMs: 1, signal: AbortSignal.abort() }],
  ])('says which execution keeps running and how to follow it again when %s', async (why, opts) => {
    historyOf(() => 0);
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });
    const e = env();
    const started = Date.now();

    const { code } = await followRemote(
      ARN,
      e,
      why === 'timed out' ? { ...opts, timeoutSeconds: 0.05 } : opts,
    );

    expect(code).toBe(3);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(e.lines.err.join('\n')).toBe(
      `${why}: ${ARN} keeps running in Step Functions.\n` +
        `  follow it again: privatelink follow ${ARN}\n` +
        `  or stop it:      aws stepfunctions stop-execution --execution-arn ${ARN}`,
    );
  });
});
