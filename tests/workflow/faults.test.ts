import fc from 'fast-check';
import { OWNER_TAG } from '../../lib/domain/config';
import type { ExecutionResult } from '../../lib/workflow/result-document';
import { mutatingCalls, statesEntered } from '../support/run-inspection';
import type { SimEc2 } from '../support/sim-ec2/api';
import { askForRun, taggedWorld } from '../support/trigger';
import { manualInput, tagVpc } from '../support/workflow-harness';

/**
 * Faults that once left a VPC stuck, leaked something or reported falsely, each driven through the real
 * path: a trigger event → the lock → an execution of the real state machine.
 */
const ownServices = (sim: SimEc2) =>
  [...sim.endpoints.values()]
    .filter((e) => e.tags[OWNER_TAG] && e.state !== 'deleted')
    .map((e) => e.serviceName)
    .sort();

const namedError = (name: string) => Object.assign(new Error(`injected ${name}`), { name });

describe('a run that dies without releasing its VPC', () => {
  it.each([
    ['its ReleaseLock fails (caught)', 'releaseLock'],
    ['it fails at its last step and cannot release', 'reportFailure'],
  ])('never wedges the VPC when %s: the next tag event takes over', async (_case, dyingStep) => {
    const { sim, vpc, harness } = taggedWorld('ssm');
    await askForRun(vpc.vpcId, 'event-1');
    const [dead] = await harness.runQueued({
      intercept: (fn, _event, invoke) =>
        fn === 'releaseLock' || (dyingStep === 'reportFailure' && fn === 'plan')
          ? Promise.reject(namedError('AccessDeniedException'))
          : invoke(),
    });
    expect(dead).toBeDefined();

    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm, logs' });
    const asked = await askForRun(vpc.vpcId, 'event-2');
    const next = await harness.runQueued();

    expect(asked).toMatchObject({ runs: [{ outcome: 'started' }] });
    expect(next.map((r) => r.status)).toEqual(['SUCCEEDED']);
    expect(statesEntered(next[0]!)).toContain('Plan');
    expect(ownServices(sim)).toEqual([sim.serviceName('logs'), sim.serviceName('ssm')]);
  });

  it('still collapses a burst into one execution when it takes over from a dead holder', async () => {
    const { vpc, harness } = taggedWorld('ssm');
    await askForRun(vpc.vpcId, 'event-1');
    await harness.runQueued({
      intercept: (fn, _event, invoke) =>
        fn === 'releaseLock' ? Promise.reject(namedError('AccessDeniedException')) : invoke(),
    });
    const before = harness.sfn.executions.size;

    await Promise.all(Array.from({ length: 10 }, (_, i) => askForRun(vpc.vpcId, `burst-${i}`)));

    expect(harness.sfn.executions.size).toBe(before + 1);
    expect(await harness.runQueued()).toHaveLength(1);
  });
});

describe('a start that finds the VPC held', () => {
  it('is not lost when the holder lets go between the failed acquire and the pending mark', async () => {
    const { sim, vpc, harness } = taggedWorld('ssm');
    let releaseHolder: () => void = () => undefined;
    const holderMayRelease = new Promise<void>((resolve) => (releaseHolder = resolve));
    let holderReleased: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (holderReleased = resolve));
    const holder = harness.run(manualInput(vpc.vpcId), {
      name: 'holder',
      intercept: async (fn, _event, invoke) => {
        if (fn !== 'releaseLock') return invoke();
        await holderMayRelease;
        const out = await invoke();
        holderReleased();
        return out;
      },
    });
    // The holder is now waiting to release; the second start's pending mark lets it go first.
    while (!harness.invocations.some((i) => i.fn === 'releaseLock'))
      await new Promise((r) => setTimeout(r, 1));
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm, logs' });
    let raced = false;
    harness.dynamo.beforeUpdate = async (input) => {
      if (raced || !input.UpdateExpression?.startsWith('SET pending = :true')) return;
      raced = true;
      releaseHolder();
      await released;
    };

    const second = await harness.run(manualInput(vpc.vpcId), { name: 'second' });
    await holder;
    const successors = await harness.runQueued();

    expect(raced).toBe(true);
    const ran = [second, ...successors].filter((r) => statesEntered(r).includes('Plan'));
    expect(ran).toHaveLength(1);
    expect(ownServices(sim)).toEqual([sim.serviceName('logs'), sim.serviceName('ssm')]);
  });
});

describe('Lambda service and runtime errors', () => {
  it.each(['Lambda.Unknown', 'Sandbox.Timedout', 'Lambda.ServiceException'])(
    'are retried inside the endpoint Map (%s) instead of compensating the other endpoints away',
    async (error) => {
      const { sim, vpc, harness } = taggedWorld('ssm, logs, sts');
      let thrown = 0;
      const run = await harness.run(manualInput(vpc.vpcId), {
        intercept: (fn, _event, invoke) =>
          fn === 'applyEndpoint' && thrown++ === 1 ? Promise.reject(namedError(error)) : invoke(),
      });

      expect(run.status).toBe('SUCCEEDED');
      expect(ownServices(sim)).toHaveLength(3);
    },
  );
});

describe('the probe security group', () => {
  it('is never taken for the endpoints group: a gateway-only VPC re-runs as a no-op', async () => {
    const { sim, vpc, harness } = taggedWorld('s3');
    const first = await harness.run(manualInput(vpc.vpcId));
    expect(statesEntered(first)).toContain('LiveProbe');
    const since = sim.calls.length;

    const again = await harness.run(manualInput(vpc.vpcId));

    expect(statesEntered(again)).not.toContain('CleanupSecurityGroup');
    expect(statesEntered(again)).not.toContain('LiveProbe');
    expect(mutatingCalls(sim, since)).toEqual([]);
    expect((again.output as ExecutionResult).securityGroup.action).toBe('none');
  });
});

describe('tags naming services the region does not offer', () => {
  it('are refused in the same error as the tags that do not parse, each tag once, nothing changed', async () => {
    const { sim, vpc, harness } = taggedWorld('sagemaker.api, ssm:transit, ssm');
    tagVpc(sim, vpc.vpcId, { 'privatelink:private-dns': 'maybe' });

    const run = await harness.run(manualInput(vpc.vpcId));

    expect(run.error).toBe('InvalidTagError');
    expect(run.cause?.split('\n')).toEqual([
      expect.stringMatching(
        /^tag privatelink:services="sagemaker\.api, ssm:transit, ssm" is invalid: "ssm:transit" has endpoint type "transit" .*; "sagemaker\.api" is not offered as an interface endpoint service in us-east-1 /,
      ),
      expect.stringMatching(/^tag privatelink:private-dns="maybe" is invalid, accepted: true or false$/),
    ]);
    expect(mutatingCalls(sim, 0)).toEqual([]);
  });
});

describe('invalid tags, fuzzed', () => {
  it('fail the execution with InvalidTagError naming the tag, and change nothing', async () => {
    const { sim, vpc, harness } = taggedWorld('ssm');
    const bad = fc.record({
      'privatelink:services': fc.constantFrom('ssm:transit', 'kms:gateway', 'com.example.svc', 'sts:gateway'),
      'privatelink:allowed-cidrs': fc.constantFrom(
        '0.0.0.0/0',
        '0.0.0.0/1 128.0.0.0/1',
        '8.8.8.0/24',
        '10.0.0.1/8',
      ),
      'privatelink:profile': fc.constantFrom('constructor', '__proto__', 'toString', 'nope'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(['privatelink:services', 'privatelink:allowed-cidrs', 'privatelink:profile'], {
          minLength: 1,
        }),
        bad,
        async (keys, values) => {
          const vpcTags = sim.vpcs.get(vpc.vpcId)!.tags;
          for (const k of Object.keys(vpcTags)) if (k.startsWith('privatelink:')) delete vpcTags[k];
          for (const k of keys) vpcTags[k] = values[k as keyof typeof values];
          const since = sim.calls.length;

          const run = await harness.run(manualInput(vpc.vpcId));

          expect(run.error).toBe('InvalidTagError');
          for (const k of keys) expect(run.cause).toContain(k);
          expect(mutatingCalls(sim, since)).toEqual([]);
        },
      ),
      { seed: 20261126, numRuns: 60 },
    );
  });
});

describe('a VPC deleted while its run goes on', () => {
  it('is reported gone, its endpoints with it, never as available', async () => {
    const { sim, vpc, harness } = taggedWorld('ssm, s3');
    await askForRun(vpc.vpcId, 'doomed');

    const [run] = await harness.runQueued({
      intercept: async (fn, _event, invoke) => {
        // Someone removes the endpoints and the VPC between the checks and the live probe.
        if (fn === 'prepareProbe' && sim.vpcs.has(vpc.vpcId)) {
          for (const e of [...sim.endpoints.values()])
            if (e.vpcId === vpc.vpcId) sim.endpoints.delete(e.endpointId);
          sim.vpcs.delete(vpc.vpcId);
        }
        return invoke();
      },
    });

    expect(run?.error).toBe('VpcGoneError');
    const failed = harness.events().find((e) => e.detailType === 'PrivateLink Provisioning Failed');
    const services = (failed?.detail.services ?? []) as { service: string; state: string }[];
    expect(services.map((s) => [s.service, s.state]).sort()).toEqual([
      ['s3', 'gone (the VPC was deleted)'],
      ['ssm', 'gone (the VPC was deleted)'],
    ]);
    expect(harness.events().map((e) => e.detailType)).not.toContain('PrivateLink Provisioning Succeeded');
  });
});

describe('a tag that misspells a service', () => {
  it('fails the run in Plan naming the service the region offers that it meant, nothing made', async () => {
    const { sim, vpc, harness } = taggedWorld('sssm, logs');
    await askForRun(vpc.vpcId, 'typo');

    const [run] = await harness.runQueued();

    expect(run?.error).toBe('InvalidTagError');
    expect(run?.cause).toMatch(
      /"sssm" is not offered as an interface endpoint service in us-east-1; did you mean "ssm"\?/,
    );
    expect(mutatingCalls(sim, 0)).toEqual([]);
  });
});
