import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { allStates } from '../../lib/operations/local/run-state-machine';
import { camelCase, checkedMachine, kebabCase, type Json } from '../../lib/workflow/state-machine/builder';
import { provisionStateMachine } from '../../lib/workflow/state-machine/provision';
import { orgDriftStateMachine } from '../../lib/workflow/state-machine/org-drift';

const ROOT = join(__dirname, '../..');
const ASL_FILE = join(ROOT, 'statemachine/provision.asl.json');
const serverless = parse(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'), { logLevel: 'silent' }) as {
  functions: Record<string, { handler: string }>;
};
/** Task states that run a step a second time under their own name, and the step they run. */
const SECOND_USES: Record<string, string> = {
  ReleaseLockAfterFailure: 'ReleaseLock',
  ReserveDeletionPermit: 'ReservePermit',
  ReserveCutOverPermit: 'ReservePermit',
  TurnOnPrivateDns: 'ApplyEndpoint',
  ReserveRetirePermit: 'ReservePermit',
  RetireLocalEndpoints: 'DeleteEndpoints',
};

const tasks = [provisionStateMachine, orgDriftStateMachine]
  .flatMap((machine) => Object.entries(allStates(machine)))
  .filter(([, s]) => s.Type === 'Task')
  .map(([state, s]) => ({
    state,
    fn: (s.Resource as unknown as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] ?? '',
  }));

describe('the state machine definition', () => {
  it('is checked in exactly as the TypeScript definition emits it (npm run asl writes it)', () => {
    expect(JSON.parse(readFileSync(ASL_FILE, 'utf8'))).toEqual(provisionStateMachine);
    expect(JSON.parse(readFileSync(join(ROOT, 'statemachine/org-drift.asl.json'), 'utf8'))).toEqual(
      orgDriftStateMachine,
    );
  });

  it('reads lock, plan, security group, endpoints, routes, checks, probe, DNS cut-over, report, release at the top level', () => {
    expect(Object.keys(provisionStateMachine.States as object)).toEqual([
      'AcquireLock',
      'LockAcquired',
      'WaitForReads',
      'Coalesced',
      'Plan',
      'ChooseMode',
      'UsePlanChecks',
      'ConfigureSecurityGroup',
      'HasDeletions',
      'ReserveDeletionPermit',
      'WaitForDeletionPermit',
      'DeleteEndpoints',
      'ApplyEndpoints',
      'StartWaiting',
      'WaitForEndpoints',
      'CheckEndpoints',
      'EndpointsSettled',
      'StartRoutes',
      'UpdateRoutes',
      'RoutesRepaired',
      'WaitForRoutePermit',
      'NeedsCleanup',
      'CleanupSecurityGroup',
      'CentralWanted',
      'NoCentralLinks',
      'StartLinks',
      'LinkCentral',
      'CentralLinked',
      'WaitForRoute53Permit',
      'RetireWanted',
      'ReserveRetirePermit',
      'WaitForRetirePermit',
      'RetireLocalEndpoints',
      'CheckConnectivity',
      'ProbeWanted',
      'LiveProbe',
      'RemoveProbe',
      'CutOverWanted',
      'PlanCutOver',
      'HasCutOvers',
      'CutOverDns',
      'StartVerifyingCutOver',
      'VerifyCutOver',
      'CutOverApplied',
      'WaitForCutOver',
      'Report',
      'StartCompensation',
      'Compensate',
      'Compensated',
      'WaitForCompensationPermit',
      'ReportFailure',
      'ReleaseLock',
      'ReleaseFailed',
      'Done',
      'ReleaseLockAfterFailure',
      'Failed',
    ]);
  });

  it.each(tasks)(
    'gives the step of $state one name from state to function, folder, export and module',
    ({ state, fn }) => {
      const step = SECOND_USES[state] ?? state;
      expect(fn).toBe(camelCase(step));
      const folder = kebabCase(fn);
      expect(serverless.functions[fn]?.handler).toBe(`functions/${folder}/handler.handler`);
      const module = join(ROOT, `lib/workflow/${folder}-step.ts`);
      expect(existsSync(module)).toBe(true);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect(typeof (require(module) as Record<string, unknown>)[`${fn}Step`]).toBe('function');
    },
  );

  it('has a function folder for every step and no step function the state machine does not use', () => {
    const stepFunctions = new Set(tasks.map((t) => t.fn));
    const notSteps = ['onVpcEvent', 'driftCheck', 'connectivityProbe'];
    expect(
      Object.keys(serverless.functions)
        .filter((f) => !notSteps.includes(f))
        .sort(),
    ).toEqual([...stepFunctions].sort());
  });
});

describe('the state machine builder', () => {
  const states = (over: Record<string, Json>) => ({
    StartAt: 'Plan',
    States: {
      Plan: { Type: 'Pass', ResultPath: '$.plan', Next: 'Done' },
      Done: { Type: 'Succeed' },
      ...over,
    },
  });

  it('builds a definition whose transitions and result paths all hold', () => {
    expect(checkedMachine(states({}))).toEqual(states({}));
  });

  it('refuses a transition to a state that is not there, naming both', () => {
    expect(() => checkedMachine(states({ Plan: { Type: 'Pass', Next: 'Dne' } }))).toThrow(
      /Plan goes to "Dne", which is not a state there/,
    );
    const map = {
      Type: 'Map',
      ItemProcessor: { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } },
      End: true,
    };
    expect(() => checkedMachine(states({ Items: map }))).toThrow(/Items › A goes to "B"/);
  });

  it('refuses a result written where the execution state has no key', () => {
    expect(() =>
      checkedMachine(states({ Plan: { Type: 'Pass', ResultPath: '$.cutOver', Next: 'Done' } })),
    ).toThrow(/Plan writes \$\.cutOver, which is no key of StepResults/);
    expect(() =>
      checkedMachine(
        states({
          Plan: { Type: 'Pass', Catch: [{ ResultPath: '$.routes.oops', Next: 'Done' }], Next: 'Done' },
        }),
      ),
    ).toThrow(/writes \$\.routes\.oops/);
  });
});
