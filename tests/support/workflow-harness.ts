import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { join } from 'node:path';
import {
  allStates,
  loadDefinition,
  runLocally,
  type EventLog,
  type LocalRunResult,
} from '../../lib/operations/local/run-state-machine';
import { asLocalHandlers, loadStateMachineHandlers, type Interceptor } from '../../cli/local-handlers';
import { installSimDynamo, SimDynamo } from './sim-dynamodb';
import { installSimEc2, SimEc2 } from './sim-ec2/api';
import { SimLambda } from './sim-lambda';
import { installSimSfn, SimSfn, type SimExecution } from './sim-sfn';
import { installSimSts } from './sim-sts';
import { ProductTime } from './product-time';
import { forgetContainerCatalogues } from '../../functions/_shared/catalogues';

export const ASL_PATH = join(__dirname, '../../statemachine/provision.asl.json');

export interface Harness {
  sim: SimEc2;
  sfn: SimSfn;
  dynamo: SimDynamo;
  lambda: SimLambda;
  /** Runs, one after the other, the executions that StartExecution queued (triggers, successors). */
  runQueued: (opts?: RunOptions) => Promise<HarnessRun[]>;
  /**
   * Runs the queued executions, and those they queue, all at once on one timeline (product-time.ts):
   * what a fleet does to one account's EC2. Returns them in the order they ended.
   */
  runTogether: () => Promise<HarnessRun[]>;
  events: () => { detailType: string; detail: Record<string, unknown> }[];
  run: (input: unknown, opts?: RunOptions & { name?: string }) => Promise<HarnessRun>;
  invocations: { fn: string; event: unknown }[];
}

export interface RunOptions {
  intercept?: Interceptor;
  /**
   * The process dies right after the Nth mutating call (EC2 or Lambda) of this run took effect: the
   * execution is aborted there, as when a Lambda is killed and the execution stopped — no Catch runs.
   */
  crashAfter?: number;
}

/** A run, and the mutating calls it made (EC2 and Lambda commands, in order). */
export type HarnessRun = LocalRunResult & { mutations: string[] };

const LAMBDA_MUTATIONS = new Set([
  'CreateFunction',
  'UpdateFunctionConfiguration',
  'DeleteFunction',
  'Invoke',
]);

type WaitInput = { permit?: { grantAt: string } } & Record<string, unknown>;

/** The value at a simple reference path (`$.a.b`) of a state's input. */
const valueAt = (input: unknown, path: string): unknown =>
  path
    .slice(2)
    .split('.')
    .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], input);

interface Retrier {
  IntervalSeconds?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
}

/**
 * The real ASL over the simulated EC2, its functions in-process. The product's Date is the simulator's
 * clock. One execution at a time (`run`, `runQueued`): Wait states and Retry pauses take a millisecond of
 * real time and move the clock by what they would take on AWS (retry pauses at their jitter-free upper
 * bound); fixed Waits inside a Map run side by side in MaxConcurrency slots, so each moves the clock by its
 * share (seconds / MaxConcurrency); a wait for a permit moves it to the permit's time. Executions that
 * overlap (`runTogether`) share one timeline instead, where each pause is its real length.
 */
export function createHarness(sim = new SimEc2(), definition = loadDefinition(ASL_PATH)): Harness {
  installSimEc2(sim);
  installSimSts();
  // A new world: the functions' containers start cold, as for a fresh account.
  forgetContainerCatalogues();
  const time = new ProductTime(sim.clock);
  time.followClock();
  const sfn = new SimSfn();
  installSimSfn(sfn);
  const dynamo = new SimDynamo();
  installSimDynamo(dynamo);
  const lambda = new SimLambda(sim.clock);
  // The probe's answers follow the simulated endpoints: a check passes once the endpoint passes traffic.
  lambda.responder = (payload) =>
    payload.targets.map((t) => {
      const working = sim.passesTraffic(t.serviceName, t.type);
      return {
        service: t.service,
        type: t.type,
        checks: [
          {
            name: 'dns',
            status: working ? 'pass' : 'fail',
            detail: working ? 'simulated' : 'connection timed out',
            ms: 3,
          },
        ],
      };
    });
  lambda.deploy(`${process.env.STACK_NAME}-connectivityProbe`);
  lambda.install();
  const eventBridge = mockClient(EventBridgeClient);
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  const states = allStates(definition);
  const invocations: Harness['invocations'] = [];
  let runs = 0;

  /** How long a Wait state waits: to its permit's time, its SecondsPath's value, or its Seconds (shared in a Map). */
  const waitOf = (name: string, input: WaitInput): number => {
    if (input?.permit) return Date.parse(input.permit.grantAt) - sim.clock.now();
    const state = states[name];
    if (state?.SecondsPath) return Number(valueAt(input, state.SecondsPath)) * 1000;
    const share = Number.isFinite(state?.concurrency) ? (state?.concurrency ?? 1) : 1;
    return ((state?.Seconds ?? 0) * 1000) / share;
  };

  const onEvent = (event: EventLog) => {
    if (event.type === 'StateEntered' && event.state.type === 'Wait') {
      sim.clock.advance(Math.max(0, waitOf(event.state.name, event.state.input as WaitInput)));
    }
    if (event.type === 'StateRetried') {
      const r = event.retry.retrier as Retrier;
      const pause = (r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** (event.retry.attempt - 1);
      sim.clock.advance(Math.min(pause, r.MaxDelaySeconds ?? Infinity) * 1000);
    }
  };

  const run = async (
    input: unknown,
    opts: RunOptions & { name?: string; registered?: SimExecution; together?: boolean } = {},
  ): Promise<HarnessRun> => {
    runs += 1;
    const name = opts.registered?.name ?? opts.name ?? `run-${runs}`;
    const execution = opts.registered ?? sfn.register(name, input);
    const handlers = asLocalHandlers(loadStateMachineHandlers(definition), (fn, event, invoke) => {
      invocations.push({ fn, event });
      return opts.intercept ? opts.intercept(fn, event, invoke) : invoke();
    });
    const controller = new AbortController();
    const mutations: string[] = [];
    const mutated = (command: string) => {
      mutations.push(command);
      if (mutations.length === opts.crashAfter) {
        controller.abort();
        throw new Error(`the process crashed after ${command}`);
      }
    };
    if (opts.together) {
      const result = await runLocally(definition, input, handlers, { executionName: name, aslTiming: true });
      execution.status = result.status;
      return { ...result, mutations };
    }
    sim.afterCall = (command) => {
      if (sim.calls.at(-1)?.category !== 'read') mutated(command);
    };
    sim.afterRoute53Call = mutated;
    lambda.afterCall = (command) => {
      if (LAMBDA_MUTATIONS.has(command)) mutated(command);
    };
    try {
      const result = await runLocally(definition, input, handlers, {
        executionName: name,
        onEvent,
        signal: controller.signal,
      });
      execution.status = result.status;
      return { ...result, mutations };
    } finally {
      sim.afterCall = undefined;
      sim.afterRoute53Call = undefined;
      lambda.afterCall = undefined;
    }
  };

  const runTogether = () =>
    time.runTogether(async () => {
      const ended: HarnessRun[] = [];
      const running = new Set<Promise<void>>();
      const startQueued = () => {
        for (let next = sfn.queue.shift(); next; next = sfn.queue.shift()) {
          const registered = next;
          const one = run(JSON.parse(String(registered.input)), { registered, together: true }).then((r) => {
            ended.push(r);
          });
          running.add(one);
          void one.finally(() => running.delete(one));
        }
      };
      // An execution may queue its successor as it ends: keep starting until none runs and none is queued.
      for (startQueued(); running.size > 0; startQueued()) await Promise.race(running);
      return ended;
    });

  return {
    sim,
    sfn,
    dynamo,
    lambda,
    invocations,
    events: () =>
      eventBridge.commandCalls(PutEventsCommand).flatMap((call) =>
        (call.args[0].input.Entries ?? []).map((e) => ({
          detailType: e.DetailType ?? '',
          detail: JSON.parse(e.Detail ?? '{}') as Record<string, unknown>,
        })),
      ),
    run,
    runTogether,
    runQueued: async (opts = {}) => {
      const results: HarnessRun[] = [];
      for (let next = sfn.queue.shift(); next; next = sfn.queue.shift()) {
        results.push(await run(JSON.parse(String(next.input)), { ...opts, registered: next }));
      }
      return results;
    },
  };
}

/** Tags a simulated VPC the way a person would. */
export function tagVpc(sim: SimEc2, vpcId: string, tags: Record<string, string>): void {
  const vpc = sim.vpcs.get(vpcId);
  if (!vpc) throw new Error(`no VPC ${vpcId}`);
  Object.assign(vpc.tags, tags);
}

export const manualInput = (vpcId: string, extra: Record<string, unknown> = {}) => ({
  vpcId,
  trigger: { source: 'manual', requestedBy: 'workflow-test' },
  ...extra,
});

export type { Interceptor };
