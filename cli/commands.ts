import { accountRegionFor, centralReachFor, ownAccountOf, vpcClients, vpcRefFor } from './vpc-clients';
import { Route53HostedZones } from '../lib/aws/hosted-zones';
import { RegionCatalogues } from '../lib/aws/catalogues';
import { eventBridgeClient } from '../lib/aws/clients/eventbridge';
import { sfnClient } from '../lib/aws/clients/sfn';
import { Ec2Api } from '../lib/aws/ec2-api';
import type { Plan } from '../lib/domain/model';
import { runDriftCheck, type DriftReport } from '../lib/operations/drift-check';
import { silentEvents } from '../lib/domain/events';
import { EventBridgeSink } from '../lib/aws/event-sink';
import { requestRun, type RunRequestOutcome } from '../lib/operations/request-run';
import { costLine } from '../lib/domain/cost';
import { planOf, planStep, type PlanResult } from '../lib/workflow/plan-step';
import {
  approvedAhead,
  type ApplyOptions,
  EXIT,
  exitForExecutions,
  findStateMachineArn,
  UsageError,
  type CommandEnv,
  type ExecutionReport,
} from './context';
import { runMachinery as composedMachinery } from '../functions/_shared/compose';
import { ensureLocalBacking, runLocalExecutions, stopUnrunExecution } from './local-backing';
import { followRemote } from './remote-follow';
import { planDiff, planSummary } from './plan-diff';
import { readSavedPlan, savedFormOf, writeSavedPlan, type SavedPlan } from './saved-plan';
import { planDifferences } from '../lib/domain/plan-differences';
import { driftTable } from './render';

const who = () => `cli:${process.env.USER ?? 'unknown'}`;

const manual = () => ({ source: 'manual' as const, requestedBy: who() });

const ctx = async (env: CommandEnv) => {
  const clients = vpcClients(env);
  // Centralized endpoints across a hub's accounts: a member's spoke plans against the hub's central VPC.
  const reach = await centralReachFor(env);
  return {
    api: new Ec2Api(clients.ec2),
    route53: clients.route53,
    config: env.config,
    own: await ownAccountOf(env),
    ...(reach ? { reach } : {}),
  };
};

/** What an execution would decide for the VPC now, from the live VPC and its tags; nothing is mutated. */
async function currentPlan(
  vpcId: string,
  env: CommandEnv,
): Promise<{ plan: Plan; cost: PlanResult['cost'] }> {
  const vpc = await vpcRefFor(vpcId, env);
  const context = await ctx(env);
  const planned = await planStep({ vpc, mode: 'plan', desired: null }, context, {
    zones: new Route53HostedZones(context.route53),
    // The region's whole catalogue, as a run's Plan reads it: a misspelt service gets a "did you mean".
    catalogues: new RegionCatalogues(),
  });
  return { plan: planOf(planned), cost: planned.cost };
}

/** `plan`: what an execution would change, computed from the live VPC; nothing is mutated. */
export async function planCommand(
  vpcId: string,
  opts: { detailedExitcode?: boolean; out?: string },
  env: CommandEnv,
): Promise<number> {
  const { plan, cost } = await currentPlan(vpcId, env);
  if (opts.out) {
    writeSavedPlan(opts.out, { vpcId, region: env.region, stackName: env.stackName, plan });
    env.io.err(`plan saved to ${opts.out}: apply it with privatelink apply --plan ${opts.out} ${vpcId}`);
  }
  const summary = planSummary(plan);
  env.output.print(
    { vpcId, region: env.region, ...savedFormOf(plan), summary, cost },
    () => `${planDiff(plan, vpcId, env.stackName, env.terminal)}\n${costLine(cost)}`,
  );
  // --detailed-exitcode, as terraform: 2 when the plan would change something.
  return opts.detailedExitcode && !plan.noop ? EXIT.changes : EXIT.ok;
}

/** `drift`: the scheduled drift check, now. Prints; emits events only when asked. */
export async function driftCommand(
  opts: { remediate?: boolean; emitEvents?: boolean; local?: boolean },
  env: CommandEnv,
): Promise<number> {
  const runs = opts.remediate ? await runMachinery(env, Boolean(opts.local)) : undefined;
  const deps = { ...(await ctx(env)), where: await accountRegionFor(env) };
  const found = await runDriftCheck(
    { ...deps, events: opts.emitEvents ? new EventBridgeSink(eventBridgeClient) : silentEvents, runs },
    opts.remediate ? 'remediate' : 'report',
  );
  const started = found.remediations
    .filter((r) => r.outcome === 'started')
    .map((r) => nameOf(r.executionArn));
  const executions =
    opts.remediate && opts.local && runs
      ? await runLocalExecutions(runs.executions.stateMachineArn, env, started)
      : undefined;
  // Repaired only when read back so: local runs have ended, and the VPCs are checked again.
  const after = executions ? await runDriftCheck({ ...deps, events: silentEvents }, 'report') : undefined;
  const report = withVerdicts(found, after);
  if (!env.output.structured) env.io.out(driftTable(report, env.terminal));
  // One JSON document, whatever ran: the report, and the executions this command ran itself.
  if (env.output.structured) env.output.print(executions ? { ...report, executions } : report);
  const remaining = after ? after.drifted.length : report.drifted.length;
  return remaining ? EXIT.attention : EXIT.ok;
}

/**
 * Each remediation's verdict: `repaired` when the check after its run finds the VPC matches its tags,
 * `still drifted` when it does not, `not yet repaired` when its run goes on in the deployed stack.
 */
function withVerdicts(found: DriftReport, after: DriftReport | undefined): DriftReport {
  const still = new Set(after?.drifted.map((d) => d.vpcId));
  return {
    ...found,
    remediations: found.remediations.map((r) => ({
      ...r,
      verdict: !after ? 'not yet repaired' : still.has(r.vpcId) ? 'still drifted' : 'repaired',
    })),
  };
}

/** `apply`: asks for an execution through the one-writer path, then follows it to the end. */
export async function applyCommand(vpcId: string, opts: ApplyOptions, env: CommandEnv): Promise<number> {
  const approved = approvedAhead(opts);
  const vpc = await vpcRefFor(vpcId, env);
  // What the execution will decide, read now: a VPC that does not exist or whose tags do not parse is
  // refused here, before any lock is written or execution started; otherwise it is shown first.
  const { plan, cost } = await currentPlan(vpcId, env);
  if (opts.plan) {
    const changed = await staleness(readSavedPlan(opts.plan), plan, vpcId, env);
    if (changed.length > 0) {
      env.io.err(
        `refusing to apply ${opts.plan}: ${vpcId} or its tags changed since the plan, nothing was started:\n` +
          changed.map((c) => `  ${c}`).join('\n') +
          `\nrun privatelink plan --out ${opts.plan} ${vpcId} again, and review it.`,
      );
      return EXIT.failed;
    }
  }
  env.io.err(
    `${planDiff(plan, vpcId, env.stackName, env.terminal, 'what this apply asks an execution to change')}\n${costLine(cost)}`,
  );
  if (!approved && !(await confirmed(env))) {
    env.io.err('Apply cancelled: nothing was started.');
    return EXIT.failed;
  }
  const runs = await runMachinery(env, Boolean(opts.local));
  let outcome = await requestRun(vpc, { trigger: manual() }, runs);
  // Locally nothing runs an execution but a local run: one whose local run was killed holds the VPC for ever.
  if (opts.local && outcome.outcome !== 'started' && (await stopUnrunExecution(outcome.executionArn, env)))
    outcome = await requestRun(vpc, { trigger: manual() }, runs);
  if (outcome.outcome === 'queued-behind') {
    env.io.err(
      `${vpcId} is being provisioned by ${outcome.executionArn}; your change is queued and its successor will apply it.`,
    );
  } else if (outcome.outcome === 'started') {
    env.io.err(`started ${outcome.executionArn}`);
  } else {
    env.io.err(
      `joined ${outcome.executionArn}, already started for this VPC${opts.local ? ' by another local run, which executes it' : ''}`,
    );
  }
  const executions = await executionsOf(outcome, opts, runs.executions.stateMachineArn, env);
  // One JSON document: what was asked, and how each execution this command ran or followed ended.
  if (env.output.structured) env.output.print({ request: outcome, executions });
  return exitForExecutions(executions);
}

/** Asks as terraform does; only `yes` goes on. */
async function confirmed(env: CommandEnv): Promise<boolean> {
  const answer = await env.io.ask?.(
    "\nDo you want to apply these changes? Only 'yes' will be accepted.\n  Enter a value: ",
  );
  return answer?.trim() === 'yes';
}

/** Why a saved plan no longer holds (another VPC, region or stack, or other decisions); none: it holds. */
function staleness(saved: SavedPlan, now: Plan, vpcId: string, env: CommandEnv): string[] {
  const where = [
    saved.vpcId !== vpcId && `the plan is for ${saved.vpcId}, not ${vpcId}`,
    saved.region !== env.region && `the plan is for region ${saved.region}, not ${env.region}`,
    saved.stackName !== env.stackName && `the plan is for stack ${saved.stackName}, not ${env.stackName}`,
  ].filter((x): x is string => Boolean(x));
  if (where.length > 0) return where;
  return planDifferences(saved.plan, now);
}

/** With --local, only the execution this command started and its successors (another local run executes its own). */
async function executionsOf(
  outcome: RunRequestOutcome,
  opts: { local?: boolean; wait?: boolean; timeout?: number },
  stateMachineArn: string,
  env: CommandEnv,
): Promise<ExecutionReport[]> {
  if (opts.local)
    return outcome.outcome === 'started'
      ? runLocalExecutions(stateMachineArn, env, [nameOf(outcome.executionArn)])
      : [];
  if (opts.wait === false) return [];
  return [
    (await followRemote(outcome.executionArn, env, { timeoutSeconds: opts.timeout, signal: env.signal }))
      .report,
  ];
}

/** `follow`: follows a deployed execution again (after a timeout or Ctrl-C). */
export async function followCommand(executionArn: string, opts: { timeout?: number }, env: CommandEnv) {
  if (!/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[^:]+:[^:]+$/.test(executionArn))
    throw new UsageError(
      `execution-arn "${executionArn}" is not an execution ARN; accepted: arn:aws:states:<region>:<account>:execution:<machine>:<name>`,
    );
  const { code, report } = await followRemote(executionArn, env, {
    timeoutSeconds: opts.timeout,
    signal: env.signal,
  });
  if (env.output.structured) env.output.print({ executions: [report] });
  return code;
}

const nameOf = (executionArn: string) => executionArn.split(':').pop() ?? executionArn;

/** `uninstall`: every VPC opted out through the normal path, then the stack can go. */
export async function uninstall(
  opts: { yes?: boolean; local?: boolean; tagsFile?: string },
  env: CommandEnv,
) {
  const { uninstallCommand } = await import('./uninstall');
  return uninstallCommand(opts, env, () => runMachinery(env, Boolean(opts.local)));
}

/** `restore`: the tags uninstall removed, put back; the VPCs provisioned again. */
export async function restore(file: string, opts: { local?: boolean }, env: CommandEnv) {
  const { restoreCommand } = await import('./restore');
  return restoreCommand(file, opts, env, () => runMachinery(env, Boolean(opts.local)));
}

/** `advise`: reads only, unless `--tag --yes` asks it to tag the VPCs and ask their runs. */
export async function advise(vpcIds: string[], opts: import('./advise').AdviseOptions, env: CommandEnv) {
  const { adviseCommand } = await import('./advise');
  return adviseCommand(vpcIds, opts, env, () => runMachinery(env, Boolean(opts.local)));
}

/** The lock table and state machine runs are asked of: the deployed stack's, or the emulator's with --local. */
export async function runMachinery(env: CommandEnv, local: boolean) {
  const arn = local
    ? await ensureLocalBacking(env)
    : await findStateMachineArn(sfnClient, env.stackName, env.stateMachineArn);
  if (!arn) {
    throw new UsageError(
      `no state machine named ${env.stackName}-provision in ${env.region}: deploy the stack, pass --stack-name or --state-machine-arn, or use --local`,
    );
  }
  return composedMachinery({ lockTable: env.lockTable, stateMachineArn: arn });
}
