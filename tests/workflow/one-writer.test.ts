import type { Context } from 'aws-lambda';
import { handler as onVpcEvent } from '../../functions/on-vpc-event/handler';
import {
  ProvisionedThroughputExceededException,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { OWNER_TAG } from '../../lib/domain/config';
import { SimEc2 } from '../support/sim-ec2/api';
import { loadEvent } from '../support/fixtures';
import { statesEntered } from '../support/run-inspection';
import { createHarness, manualInput, tagVpc, type Interceptor } from '../support/workflow-harness';

const context = {
  functionName: 'onVpcEvent',
  awsRequestId: 'r',
  getRemainingTimeInMillis: () => 30_000,
} as Context;
const MUTATING_STEPS = new Set([
  'configureSecurityGroup',
  'deleteEndpoints',
  'applyEndpoint',
  'updateRoutes',
  'cleanupSecurityGroup',
  'compensate',
]);

function world() {
  const sim = new SimEc2();
  sim.addDefaultOffers();
  const vpc = sim.addVpc({ azs: 2 });
  const harness = createHarness(sim);
  return { sim, vpc, harness };
}

/** The fixture events rewritten to name this test's VPC. */
function eventsFor(vpcId: string) {
  const tag = loadEvent('tag-change-vpc');
  tag.resources = [`arn:aws:ec2:us-east-1:123456789012:vpc/${vpcId}`];
  const trail = loadEvent('cloudtrail-create-tags-vpc');
  const detail = trail.detail as { requestParameters: { resourcesSet: { items: { resourceId: string }[] } } };
  detail.requestParameters.resourcesSet.items = [{ resourceId: vpcId }];
  return { tag, trail };
}

describe('one writer per VPC', () => {
  it('turns a burst of 50 identical tag events and the CloudTrail twin into exactly one execution', async () => {
    const { sim, vpc, harness } = world();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 's3, ssm' });
    const { tag, trail } = eventsFor(vpc.vpcId);

    const outcomes = await Promise.all([
      ...Array.from({ length: 50 }, () => onVpcEvent(structuredClone(tag) as never, context)),
      onVpcEvent(trail as never, context),
    ]);

    expect(harness.sfn.starts).toBe(51);
    expect(harness.sfn.executions.size).toBe(1);
    // Step Functions answers a repeat of a running execution's name and input with that execution, and
    // other input under that name with ExecutionAlreadyExists: either way, every event names the one run.
    const runs = outcomes.flatMap((o) => (o as { runs: { outcome: string; executionArn: string }[] }).runs);
    expect(runs).toHaveLength(51);
    expect(new Set(runs.map((r) => r.executionArn)).size).toBe(1);
    expect(runs.every((r) => ['started', 'already-started'].includes(r.outcome))).toBe(true);
    const [run, ...more] = await harness.runQueued();
    expect(more).toHaveLength(0);
    expect(run?.status).toBe('SUCCEEDED');
    expect([...sim.endpoints.values()].filter((e) => e.tags[OWNER_TAG])).toHaveLength(2);
  });

  it('never lets two executions run mutating steps on one VPC at the same time, and nothing is lost', async () => {
    const { sim, vpc, harness } = world();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 's3, ssm' });
    const windows: { execution: string; fn: string; start: number; end: number }[] = [];
    let clock = 0;
    const recorder =
      (execution: string): Interceptor =>
      async (fn, _event, invoke) => {
        const start = (clock += 1);
        // Slow the mutating steps down so the other execution has every chance to overlap.
        if (MUTATING_STEPS.has(fn)) await new Promise((r) => setTimeout(r, 5));
        const result = await invoke();
        if (MUTATING_STEPS.has(fn)) windows.push({ execution, fn, start, end: (clock += 1) });
        return result;
      };

    const [a, b] = await Promise.all([
      harness.run(manualInput(vpc.vpcId), { name: 'first', intercept: recorder('first') }),
      harness.run(manualInput(vpc.vpcId), { name: 'second', intercept: recorder('second') }),
    ]);

    const runs = { first: a, second: b };
    const coalesced = Object.entries(runs).filter(([, r]) => statesEntered(r).includes('Coalesced'));
    expect(coalesced).toHaveLength(1);
    const [writer] = Object.keys(runs).filter((n) => !coalesced.some(([c]) => c === n));
    expect(new Set(windows.map((w) => w.execution))).toEqual(new Set([writer]));
    expect(statesEntered(coalesced[0]?.[1] ?? a)).toEqual(['AcquireLock', 'LockAcquired', 'Coalesced']);

    // The coalesced start marked the VPC pending: the writer started a successor when it let go.
    const successors = await harness.runQueued({ intercept: recorder('successor') });
    expect(successors.map((r) => r.status)).toEqual(['SUCCEEDED']);
    const writerEnd = Math.max(...windows.filter((w) => w.execution === writer).map((w) => w.end));
    const successorStarts = windows.filter((w) => w.execution === 'successor').map((w) => w.start);
    expect(successorStarts.every((s) => s > writerEnd)).toBe(true);
  });

  it('picks up a tag change made while an execution runs, in a successor', async () => {
    const { sim, vpc, harness } = world();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm' });
    const { tag } = eventsFor(vpc.vpcId);
    let during: unknown;

    const first = await harness.run(manualInput(vpc.vpcId), {
      intercept: async (fn, _event, invoke) => {
        if (fn === 'applyEndpoint' && !during) {
          tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm, logs' });
          during = await onVpcEvent(structuredClone(tag) as never, context);
        }
        return invoke();
      },
    });

    expect(first.status).toBe('SUCCEEDED');
    expect(during).toMatchObject({ runs: [{ outcome: 'queued-behind' }] });
    const ownServices = () =>
      [...sim.endpoints.values()]
        .filter((e) => e.tags[OWNER_TAG])
        .map((e) => e.serviceName)
        .sort();
    expect(ownServices()).toEqual([sim.serviceName('ssm')]);
    const [successor] = await harness.runQueued();
    expect(successor?.status).toBe('SUCCEEDED');
    expect(ownServices()).toEqual([sim.serviceName('logs'), sim.serviceName('ssm')]);
    expect(harness.sfn.queue).toHaveLength(0);
  });

  it.each([
    ['its release', (u: UpdateItemCommandInput) => u.UpdateExpression?.startsWith('REMOVE holder')],
    ['its lock', (u: UpdateItemCommandInput) => u.UpdateExpression?.includes('holder = :me')],
    ['its permit', (u: UpdateItemCommandInput) => u.Key?.vpcId?.S?.startsWith('pace#endpoint')],
  ])(
    'keeps a change made during a run when DynamoDB throttles %s once: retried, released, the successor applies it',
    async (_what, isTarget) => {
      const { sim, vpc, harness } = world();
      tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm' });
      const { tag } = eventsFor(vpc.vpcId);
      let throttled = 0;
      harness.dynamo.beforeUpdate = async (update) => {
        if (throttled === 0 && isTarget(update)) {
          throttled += 1;
          throw new ProvisionedThroughputExceededException({
            $metadata: { httpStatusCode: 400 },
            message: 'The level of configured provisioned throughput for the table was exceeded.',
          });
        }
      };
      let during = false;

      const first = await harness.run(manualInput(vpc.vpcId), {
        intercept: async (fn, _event, invoke) => {
          if (fn === 'applyEndpoint' && !during) {
            during = true;
            tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm, logs' });
            await onVpcEvent(structuredClone(tag) as never, context);
          }
          return invoke();
        },
      });
      const successors = await harness.runQueued();

      expect(throttled).toBe(1);
      expect({ status: first.status, error: first.error }).toEqual({ status: 'SUCCEEDED', error: undefined });
      expect(successors.map((r) => r.status)).toEqual(['SUCCEEDED']);
      const own = [...sim.endpoints.values()].filter((e) => e.tags[OWNER_TAG]).map((e) => e.serviceName);
      expect(own.sort()).toEqual([sim.serviceName('logs'), sim.serviceName('ssm')]);
    },
  );

  it('runs a direct start whose holder let go between its refused acquire and its look: no change left unapplied', async () => {
    const { sim, vpc, harness } = world();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm' });
    const holder = harness.sfn.register('holder', manualInput(vpc.vpcId));
    const table = process.env.LOCK_TABLE_NAME;
    const key = { vpcId: { S: vpc.vpcId } };
    await harness.dynamo.update({
      TableName: table,
      Key: key,
      UpdateExpression: 'SET holder = :h, generation = :g, epoch = :e',
      ExpressionAttributeValues: { ':h': { S: holder.executionArn }, ':g': { N: '0' }, ':e': { S: 'e0' } },
    });
    let letGo = false;
    harness.dynamo.beforeGet = async () => {
      if (letGo) return;
      letGo = true;
      // The holder ends and lets go, after our conditional acquire failed and before we look.
      holder.status = 'SUCCEEDED';
      await harness.dynamo.update({ TableName: table, Key: key, UpdateExpression: 'REMOVE holder' });
    };

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(letGo).toBe(true);
    expect(statesEntered(run)).toContain('Plan');
    expect(run.status).toBe('SUCCEEDED');
    expect([...sim.endpoints.values()].filter((e) => e.tags[OWNER_TAG])).toHaveLength(1);
  });

  it('fences a taken-over holder: its Lambda that outlives the takeover changes nothing after it', async () => {
    const { sim, vpc, harness } = world();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm, logs' });
    let takeover: Awaited<ReturnType<typeof harness.run>> | undefined;
    const afterTakeover: string[] = [];

    const zombie = await harness.run(manualInput(vpc.vpcId), {
      name: 'zombie',
      intercept: async (fn, _event, invoke) => {
        if (fn === 'applyEndpoint' && !takeover) {
          // Step Functions gave up on this execution (timed out, aborted) while this Lambda still runs;
          // the next run takes the VPC over and converges it.
          const self = harness.sfn.executions.get('zombie');
          if (self) self.status = 'ABORTED';
          takeover = await harness.run(manualInput(vpc.vpcId), { name: 'successor' });
          const callsBefore = sim.calls.length;
          try {
            return await invoke();
          } finally {
            afterTakeover.push(
              ...sim.calls
                .slice(callsBefore)
                .filter((c) => c.category !== 'read')
                .map((c) => c.command),
            );
          }
        }
        return invoke();
      },
    });

    expect(takeover?.status).toBe('SUCCEEDED');
    expect(afterTakeover).toEqual([]);
    expect(zombie.error).toBe('LockLostError');
    const ours = [...sim.endpoints.values()].filter((e) => e.tags[OWNER_TAG] && e.state !== 'deleted');
    expect(ours.map((e) => e.serviceName).sort()).toEqual([sim.serviceName('logs'), sim.serviceName('ssm')]);
  });

  it('takes the VPC over from a holder that died without letting go', async () => {
    const { sim, vpc, harness } = world();
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm' });
    const dead = harness.sfn.register('crashed', manualInput(vpc.vpcId));
    dead.status = 'FAILED';
    await harness.dynamo.update({
      TableName: process.env.LOCK_TABLE_NAME,
      Key: { vpcId: { S: vpc.vpcId } },
      UpdateExpression: 'SET holder = :h',
      ExpressionAttributeValues: { ':h': { S: dead.executionArn } },
    });

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(run.status).toBe('SUCCEEDED');
    expect(statesEntered(run)).toContain('Plan');
  });
});
