// Centralized endpoints on: the 'central' scenario reaches LinkCentral.
process.env.PRIVATELINK_CONFIG = JSON.stringify({ central: {} });

import { MAX_PERMITS_PER_ENDPOINT } from '../../lib/workflow/reserve-permit-step';
import { allStates, loadDefinition } from '../../lib/operations/local/run-state-machine';
import { SimEc2 } from '../support/sim-ec2/api';
import { ASL_PATH, createHarness, manualInput, tagVpc, type Harness } from '../support/workflow-harness';
import { statesEntered } from '../support/run-inspection';
import { routeTo } from '../support/central-routes';

/**
 * Every Retry and every Catch of statemachine/provision.asl.json, each exercised: the error a retrier
 * names is thrown once by the real step and the execution still ends as it would have; the error a
 * catcher takes is thrown on every attempt and the execution follows the catcher to its Next state.
 */

interface Retrier {
  ErrorEquals: string[];
}
interface Catcher extends Retrier {
  Next: string;
  ResultPath?: string;
}
type Scenario = 'fresh' | 'optOut' | 'failing' | 'central' | 'moveToCentral';

const states = allStates(loadDefinition(ASL_PATH));
const tasks = Object.entries(states).filter(([, s]) => ['Task', 'Map', 'Parallel'].includes(s.Type));
const functionOf = (stateName: string): string => {
  const state = states[stateName];
  if (state?.Type === 'Map') return 'applyEndpoint';
  if (state?.Type === 'Parallel') return 'prepareProbe';
  return state?.Resource?.split(':function:')[1] ?? '';
};

/**
 * States that are a second use of a step, in a later part of the run: only the step's calls after
 * `after` ran are theirs (the cut-over's permits and modifies come after PlanCutOver).
 */
const SECOND_USE: Record<string, string> = {
  CutOverDns: 'planCutOver',
  ReserveCutOverPermit: 'planCutOver',
  TurnOnPrivateDns: 'planCutOver',
  ReserveRetirePermit: 'linkCentral',
  RetireLocalEndpoints: 'linkCentral',
};

/** A predicate of the calls that are the state's own: its function's, once the state can be reached. */
function callsOf(state: string, fn = functionOf(state)): (called: string) => boolean {
  const after = SECOND_USE[state];
  let reached = !after;
  return (called) => {
    if (called === after) reached = true;
    return reached && called === fn;
  };
}

/** Which scenario reaches each state. */
const SCENARIO: Record<string, Scenario> = {
  ReserveDeletionPermit: 'optOut',
  DeleteEndpoints: 'optOut',
  CleanupSecurityGroup: 'optOut',
  LinkCentral: 'central',
  ReserveRetirePermit: 'moveToCentral',
  RetireLocalEndpoints: 'moveToCentral',
  Compensate: 'failing',
  ReportFailure: 'failing',
  ReleaseLockAfterFailure: 'failing',
};
/** States whose failure is reported but does not fail provisioning. */
const NON_FATAL = new Set(['LiveProbe', 'RemoveProbe']);
const scenarioOf = (state: string): Scenario => SCENARIO[state] ?? 'fresh';
const EXPECTED: Record<Scenario, { status: string; error?: string }> = {
  fresh: { status: 'SUCCEEDED' },
  optOut: { status: 'SUCCEEDED' },
  failing: { status: 'FAILED', error: 'EndpointFailedError' },
  central: { status: 'SUCCEEDED' },
  moveToCentral: { status: 'SUCCEEDED' },
};

async function prepare(scenario: Scenario): Promise<{ harness: Harness; vpcId: string }> {
  const sim = new SimEc2();
  sim.addDefaultOffers();
  const vpc = sim.addVpc({ azs: 2 });
  const harness = createHarness(sim);
  tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'ssm, s3' });
  if (scenario === 'optOut') {
    const setup = await harness.run(manualInput(vpc.vpcId), { name: 'setup' });
    expect(setup.status).toBe('SUCCEEDED');
    delete sim.vpcs.get(vpc.vpcId)?.tags['privatelink:services'];
  }
  if (scenario === 'failing') sim.failingServices.add(sim.serviceName('ssm'));
  if (scenario === 'central') tagVpc(sim, vpc.vpcId, { 'privatelink:share': 'ssm' });
  if (scenario === 'moveToCentral') await movingToCentral(sim, harness, vpc);
  return { harness, vpcId: vpc.vpcId };
}

/**
 * The VPC has its own ssm endpoint and a central VPC, reachable through a transit gateway, shares ssm: its
 * next run moves the endpoint there (LinkCentral, then ReserveRetirePermit and RetireLocalEndpoints).
 */
async function movingToCentral(sim: SimEc2, harness: Harness, vpc: ReturnType<SimEc2['addVpc']>) {
  const setup = await harness.run(manualInput(vpc.vpcId), { name: 'own-endpoints' });
  expect(setup.status).toBe('SUCCEEDED');
  const central = sim.addVpc({ azs: 2, cidr: '10.99.0.0/16' });
  tagVpc(sim, central.vpcId, { 'privatelink:services': 'ssm', 'privatelink:share': 'all' });
  expect((await harness.run(manualInput(central.vpcId), { name: 'central' })).status).toBe('SUCCEEDED');
  routeTo(sim, vpc, '10.99.0.0/16');
  tagVpc(sim, vpc.vpcId, { 'privatelink:use': 'central' });
}

function namedError(name: string): Error {
  const err = new Error(`injected ${name}`);
  err.name = name;
  return err;
}

const retryCases = tasks.flatMap(([state, def]) =>
  ((def as { Retry?: Retrier[] }).Retry ?? []).map((r, index) => ({
    state,
    index,
    error: r.ErrorEquals[0] ?? '',
  })),
);
const catchCases = tasks.flatMap(([state, def]) =>
  ((def as { Catch?: Catcher[] }).Catch ?? []).map((c, index) => ({
    state,
    index,
    next: c.Next,
    keepsOriginalError: c.ResultPath !== '$.error',
    error: c.ErrorEquals[0] === 'States.ALL' ? 'QuotaExceededError' : (c.ErrorEquals[0] ?? ''),
  })),
);

describe('the state machine definition', () => {
  it('has retriers and catchers on every task, all covered below', () => {
    const lambdaTasks = tasks.filter(([, s]) => s.Type === 'Task');
    expect(retryCases.length).toBeGreaterThanOrEqual(lambdaTasks.length * 2);
    // States inside the Map and the live probe's Parallel are caught by that state, once for all.
    const nested = new Set(
      Object.values(states).flatMap((s) => [
        ...Object.keys(s.ItemProcessor?.States ?? {}),
        ...(s.Branches ?? []).flatMap((b) => Object.keys(b.States)),
      ]),
    );
    const uncaught = tasks.filter(
      ([name, s]) => !nested.has(name) && !(s as { Catch?: unknown[] }).Catch?.length,
    );
    expect(uncaught.map(([name]) => name)).toEqual([]);
  });
});

describe.each(retryCases)('Retry $index of $state', ({ state, error }) => {
  it(`retries ${error} and the execution ends as it would have`, async () => {
    const { harness, vpcId } = await prepare(scenarioOf(state));
    let thrown = 0;
    const isTarget = callsOf(state, state === 'ApplyEndpoints' ? 'applyEndpoint' : functionOf(state));

    const run = await harness.run(manualInput(vpcId), {
      intercept: (fn, _event, invoke) => {
        if (isTarget(fn) && thrown === 0) {
          thrown += 1;
          return Promise.reject(namedError(error));
        }
        return invoke();
      },
    });

    expect(thrown).toBe(1);
    const retried = run.events.filter((e) => e.type === 'StateRetried' && e.state.name === state);
    expect(retried).toHaveLength(1);
    expect({ status: run.status, error: run.error }).toEqual(EXPECTED[scenarioOf(state)]);
  });
});

/**
 * Catchers that send a state back to queue again, and the error that ends the queueing when the caught
 * error never stops: an endpoint call throttled after each of its permits.
 */
const REQUEUES: Record<string, { error: string; times: number; map: string }> = {
  ApplyEndpoint: { error: 'EndpointApiBusyError', times: MAX_PERMITS_PER_ENDPOINT, map: 'ApplyEndpoints' },
  TurnOnPrivateDns: { error: 'EndpointApiBusyError', times: MAX_PERMITS_PER_ENDPOINT, map: 'CutOverDns' },
};

/** Steps with their own permit loop: throttled, they run again and queue for a new permit themselves. */
const SELF_REQUEUES = new Set(['UpdateRoutes', 'Compensate', 'LinkCentral']);
const requeuesItself = (c: { state: string; next: string }) =>
  SELF_REQUEUES.has(c.state) && c.next === c.state;

describe.each(catchCases.filter((c) => !REQUEUES[c.state] && !requeuesItself(c)))(
  'Catch $index of $state',
  ({ state, next, error, keepsOriginalError }) => {
    it(`sends ${error} to ${next}`, async () => {
      const scenario = scenarioOf(state);
      const { harness, vpcId } = await prepare(scenario);
      const isTarget = callsOf(state);

      const run = await harness.run(manualInput(vpcId), {
        intercept: (fn, _event, invoke) => (isTarget(fn) ? Promise.reject(namedError(error)) : invoke()),
      });

      const caught = run.events.filter((e) => e.type === 'StateCaught' && e.state.name === state);
      expect(caught).toHaveLength(1);
      const entered = statesEntered(run);
      const caughtAt = entered.lastIndexOf(state);
      expect(entered.slice(caughtAt + 1)).toContain(next);
      // Failing to probe (reported as a failed live check) does not fail provisioning; failing to free the
      // lock does, with its own error; a catcher that keeps $.error ends the execution with the error that
      // began the failure path.
      const expected = NON_FATAL.has(state)
        ? { status: 'SUCCEEDED', error: undefined }
        : {
            status: 'FAILED',
            error: keepsOriginalError && scenario === 'failing' ? 'EndpointFailedError' : error,
          };
      expect({ status: run.status, error: run.error }).toEqual(expected);
    });
  },
);

describe.each(catchCases.filter((c) => REQUEUES[c.state]))(
  'Catch $index of $state',
  ({ state, next, error }) => {
    it(`sends ${error} back to ${next}, until the permits run out`, async () => {
      const { harness, vpcId } = await prepare(scenarioOf(state));
      const isTarget = callsOf(state);
      const requeue = REQUEUES[state] ?? { error: '', times: 0, map: '' };

      const run = await harness.run(manualInput(vpcId), {
        intercept: (fn, _event, invoke) => (isTarget(fn) ? Promise.reject(namedError(error)) : invoke()),
      });

      // Each endpoint queued again after every throttled call, until the first one's permits ran out
      // (which fails the Map, and stops the others).
      const caught = run.events.filter((e) => e.type === 'StateCaught' && e.state.name === state);
      const items = run.events.filter(
        (e) => e.type === 'MapIterationStarted' && e.parentState.name === requeue.map,
      ).length;
      expect(caught.length).toBeGreaterThanOrEqual(requeue.times);
      expect(caught.length).toBeLessThanOrEqual(items * requeue.times);
      expect(statesEntered(run).filter((s) => s === next)).toHaveLength(caught.length + items);
      expect({ status: run.status, error: run.error }).toEqual({ status: 'FAILED', error: requeue.error });
    });
  },
);

describe.each(catchCases.filter(requeuesItself))('Catch $index of $state', ({ state, error }) => {
  it(`sends ${error} back to ${state}, which queues for a new permit and goes on`, async () => {
    const scenario = scenarioOf(state);
    const { harness, vpcId } = await prepare(scenario);
    const isTarget = callsOf(state);
    let thrown = 0;

    const run = await harness.run(manualInput(vpcId), {
      intercept: (fn, _event, invoke) => {
        if (isTarget(fn) && thrown < 2) {
          thrown += 1;
          return Promise.reject(namedError(error));
        }
        return invoke();
      },
    });

    const caught = run.events.filter((e) => e.type === 'StateCaught' && e.state.name === state);
    expect(caught).toHaveLength(2);
    expect({ status: run.status, error: run.error }).toEqual(EXPECTED[scenario]);
  });
});
