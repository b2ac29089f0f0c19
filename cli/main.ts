import { Command, InvalidArgumentError, Option } from 'commander';
import { createInterface } from 'node:readline/promises';
import { version } from '../package.json';
import {
  assertApprovable,
  type ApplyOptions,
  EXIT,
  UsageError,
  type CommandEnv,
  type GlobalOptions,
  type Io,
} from './context';
import { debugRequests } from './debug';
import { OUTPUT_FORMATS, presentationFor } from './output';
import { failure } from './failure';
import { FLEET_FILTERS, FLEET_SORTS, type FleetOptions } from './fleet-options';

const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  ask: async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
};

/** The commands and the AWS SDK load only when a command runs: `--help` and `--version` stay fast. */
const commands = () => import('./commands');

/** `--timeout <seconds>`: a whole number of seconds ≥ 1, or exit 1 naming the value. */
function timeoutOption() {
  return new Option(
    '--timeout <seconds>',
    'stop following after this long; the execution goes on (default 3600)',
  ).argParser((value: string) => {
    const seconds = Number(value);
    if (!Number.isInteger(seconds) || seconds < 1)
      throw new InvalidArgumentError(`"${value}" is not a whole number of seconds ≥ 1`);
    return seconds;
  });
}

/** The `privatelink` command line. Returns the exit code (context.ts EXIT: 0 ok, 1 error, 2 changes pending, 3 attention needed). */
export async function main(argv: string[], io: Io = processIo, signal?: AbortSignal): Promise<number> {
  const program = new Command('privatelink')
    .description('Keep VPCs connected to AWS services over PrivateLink: plan, apply, status and drift.')
    .option('--region <region>', 'AWS region (default: AWS_REGION, else us-east-1)')
    .option(
      '--profile <name>',
      'AWS profile for the credentials (default: AWS_PROFILE, else the default chain)',
    )
    .option(
      '--account <id>',
      "a member account's VPCs, through the hub's spoke role there (config hub.roleName, its external id)",
    )
    .option('--role-arn <arn>', "a member account's VPCs, through this role (its account is the target)")
    .option('--endpoint-url <url>', 'AWS endpoint, e.g. a local moto server (default: AWS_ENDPOINT_URL)')
    .option(
      '--stack-name <name>',
      'the deployed stack: ownership tag value (default: STACK_NAME, else privatelink-orchestrator-dev)',
    )
    .option(
      '--config <file>',
      "configuration JSON (default: PRIVATELINK_CONFIG, else this package's own config/privatelink.json, not one in the current directory)",
    )
    .option('--lock-table <name>', 'one-writer lock table (default: <stack-name>-locks)')
    .option(
      '--state-machine-arn <arn>',
      'provisioning state machine (default: the one named <stack-name>-provision)',
    )
    .addOption(
      new Option(
        '--output <format>',
        'json, yaml or text for scripts; table for people (the default)',
      ).choices(OUTPUT_FORMATS),
    )
    .option('--json', 'the same as --output json')
    .option(
      '--query <jmespath>',
      "keep only this part of the command's document (a JMESPath expression, as the AWS CLI's); JSON unless --output says",
    )
    .option('--no-color', 'no colour, even on a terminal (also: NO_COLOR set)')
    .option('--debug', 'each AWS request on stderr, with its status and request id')
    .option('--verbose', "every state of a run in its progress, the workflow's plumbing included")
    .version(version, '--version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(add --help for usage)');

  let code: number = EXIT.ok;
  /** Runs a command; one that acts for no stack (`stack: false`) never looks for one. */
  const run =
    (fn: (env: CommandEnv) => Promise<number> | number, { stack = true } = {}) =>
    async () => {
      code = await fn(await environment(stack));
    };
  // Ctrl-C stops following or running and says what goes on; a second Ctrl-C ends the process.
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  signal?.addEventListener('abort', onSigint, { once: true });
  process.once('SIGINT', onSigint);
  const environment = async (stack: boolean): Promise<CommandEnv> => {
    const opts = program.opts<GlobalOptions>();
    const presentation = presentationFor(opts, io);
    debugRequests(opts.debug ? io.err : undefined);
    const base = (await deploymentFor(opts, io, stack)).deployment;
    return {
      ...base,
      ...presentation,
      io,
      stateMachineArn: opts.stateMachineArn,
      signal: interrupt.signal,
    };
  };

  program
    .command('plan')
    .description('show what an execution would change in a VPC; nothing is mutated')
    .argument('<vpc-id>', 'the VPC, e.g. vpc-0123456789abcdef0')
    .option(
      '--detailed-exitcode',
      'exit 2 when the plan would change something, 0 when not, 1 on an error (as terraform plan)',
    )
    .option('--out <file>', 'also save the plan, for apply --plan')
    .action((vpcId: string, opts: { detailedExitcode?: boolean; out?: string }) =>
      run(async (env) => (await commands()).planCommand(vpcId, opts, env))(),
    );
  program
    .command('apply')
    .description('provision a VPC now: start an execution (or --local: run the state machine in-process)')
    .argument('<vpc-id>', 'the VPC, e.g. vpc-0123456789abcdef0')
    .addOption(
      new Option(
        '--local',
        'run the real state machine in this process against --endpoint-url (e.g. moto)',
      ).conflicts('wait'),
    )
    .option('--no-wait', 'start the execution and return without following it')
    .addOption(timeoutOption())
    .option(
      '--plan <file>',
      'apply only while this saved plan (plan --out) still holds; refuse if the VPC changed (asks nothing: the plan was reviewed)',
    )
    .option('--yes', 'apply without asking (scripts); on a terminal apply shows the plan and asks for yes')
    .option('--auto-approve', 'the same as --yes, as terraform says it')
    .action((vpcId: string, opts: ApplyOptions) => {
      assertApprovable(opts, io);
      return run(async (env) => (await commands()).applyCommand(vpcId, opts, env))();
    });
  program
    .command('follow')
    .description('follow a deployed execution to its end (after --timeout or Ctrl-C stopped following it)')
    .argument('<execution-arn>', 'the execution, as apply printed it')
    .addOption(timeoutOption())
    .action((executionArn: string, opts: { timeout?: number }) =>
      run(async (env) => (await commands()).followCommand(executionArn, opts, env))(),
    );
  program
    .command('status')
    .description(
      "a VPC's endpoints, routes, security group and static checks, read now (exit 3 when a check fails)",
    )
    .argument('<vpc-id>', 'the VPC, e.g. vpc-0123456789abcdef0')
    .action((vpcId: string) => run(async (env) => (await import('./status')).statusCommand(vpcId, env))());
  program
    .command('uninstall')
    .description(
      'opt every VPC of the region out (its endpoints of ours go), then say how to remove the stack',
    )
    .option('--yes', 'really remove the endpoints this stack made')
    .option('--local', 'run the opt-out executions in-process against --endpoint-url (e.g. moto)')
    .option(
      '--tags-file <file>',
      'where the removed tags are kept for restore (default: privatelink-tags-<region>-<time>.json here)',
    )
    .action((opts: { yes?: boolean; local?: boolean; tagsFile?: string }) =>
      run(async (env) => (await commands()).uninstall(opts, env))(),
    );
  program
    .command('restore')
    .description(
      'put back the privatelink tags uninstall removed (its tags file), and provision those VPCs again',
    )
    .argument('<file>', 'the tags file uninstall wrote')
    .option('--local', 'run the executions in-process against --endpoint-url (e.g. moto)')
    .action((file: string, opts: { local?: boolean }) =>
      run(async (env) => (await commands()).restore(file, opts, env))(),
    );
  program
    .command('progress')
    .description(
      'where a fleet rollout stands: each opted-in VPC done, running, failed or not started (exit 3 unless all done)',
    )
    .option('--since <duration>', 'executions started within this long, such as 30m, 6h or 2d', '24h')
    .option('--watch', 'look again every 15 s until no execution runs, a progress line each time')
    .action((opts: { since?: string; watch?: boolean }) =>
      run(async (env) => (await import('./progress')).progressCommand(opts, env))(),
    );
  program
    .command('fleet')
    .description(
      'one row per opted-in VPC: services, endpoints ok / missing / failed, AZs, cost, drift, last run (exit 3 when one needs attention)',
    )
    .option('--all-regions', 'every region enabled in the account (EC2 DescribeRegions), not only --region')
    .option(
      '--all-accounts',
      "the hub's members (config hub.accounts, hub.organizationalUnits) in hub.regions, through the spoke roles",
    )
    .addOption(
      new Option('--filter <rows>', 'only drifted VPCs, those with a failure, or any that needs attention')
        .choices(FLEET_FILTERS)
        .default('all'),
    )
    .addOption(new Option('--sort <by>', 'order of the rows').choices(FLEET_SORTS).default('vpc'))
    .option('--since <duration>', 'last runs started within this long, such as 6h or 30d', '30d')
    .action((opts: FleetOptions) => run(async (env) => (await import('./fleet')).fleetCommand(opts, env))());
  program
    .command('advise')
    .description(
      'the AWS-service traffic of VPCs through NAT or an internet gateway, from their flow logs, and the endpoints that would save (reads only)',
    )
    .argument('[vpc-ids...]', 'the VPCs, e.g. vpc-0123456789abcdef0 (or --all)')
    .option('--all', 'every VPC of the region')
    .option('--since <duration>', 'records within this long, such as 14d or 48h', '14d')
    .option(
      '--resolver-logs <log-group>',
      'a CloudWatch Logs group of Route 53 Resolver query logs: names the services flow logs call only AMAZON',
    )
    .option(
      '--ip-ranges <file>',
      "AWS's ip-ranges.json, downloaded (https://ip-ranges.amazonaws.com/ip-ranges.json): says which AMAZON addresses are another region's",
    )
    .option('--tag', 'also show the tag changes that would carry the advice, as a plan shows changes')
    .option('--yes', 'with --tag: set those tags and ask a run of each VPC through the one-writer path')
    .option('--local', 'with --tag --yes: run those executions in-process against --endpoint-url')
    .action((vpcIds: string[], opts: import('./advise').AdviseOptions) =>
      run(async (env) => (await commands()).advise(vpcIds, opts, env))(),
    );
  program
    .command('report')
    .description('the fleet on one self-contained HTML page: VPCs × services, cost, advice, runs and drift')
    .option('--html <file>', 'write the page here (works offline, printable)')
    .option(
      '--all-accounts',
      "the hub's members, as fleet --all-accounts reads them (no advice: it reads this account)",
    )
    .option('--all-regions', 'every region enabled in the account, as fleet --all-regions')
    .option('--since <duration>', 'last runs started within this long', '30d')
    .option('--no-advice', 'leave out the advice (it reads flow logs)')
    .option('--advice-since <duration>', "the advice's flow log records within this long", '14d')
    .option('--resolver-logs <log-group>', 'Route 53 Resolver query logs for the advice (as advise)')
    .option('--ip-ranges <file>', "AWS's ip-ranges.json for the advice (as advise)")
    .action((opts: import('./report').ReportOptions) =>
      run(async (env) => (await import('./report')).reportCommand(opts, env))(),
    );
  program
    .command('spoke-template')
    .description(
      'print the CloudFormation template a member account deploys so this hub can reach its VPCs (e.g. > spoke.yaml, or a StackSet)',
    )
    .action(() =>
      run(async (env) => (await import('./spoke-template')).spokeTemplateCommand(env), { stack: false })(),
    );
  program
    .command('prices')
    .description(
      "PrivateLink's prices per region from the AWS Price List API (pricing:GetProducts); --write keeps them in a config file",
    )
    .argument('[regions...]', 'regions such as eu-west-1 (default: --region)')
    .option(
      '--write <file>',
      'set them, dated today, as the "prices" of this config file (e.g. config/privatelink.json)',
    )
    .action((regions: string[], opts: { write?: string }) =>
      run(async (env) => (await import('./prices')).pricesCommand(regions, opts, env), { stack: false })(),
    );
  program
    .command('drift')
    .description('check every opted-in VPC of the region for drift now (exit 3 when drift is found)')
    .option('--remediate', 'start an execution for each drifted VPC')
    .option(
      '--local',
      'with --remediate: run those executions in-process against --endpoint-url; with --all-accounts: run the Organization check in-process',
    )
    .option('--emit-events', 'also emit PrivateLink Drift Detected events, as the schedule does')
    .option(
      '--all-accounts',
      "a hub's check of every member (config hub.accounts, hub.organizationalUnits) in every region of hub.regions",
    )
    .action((opts: { remediate?: boolean; local?: boolean; emitEvents?: boolean; allAccounts?: boolean }) => {
      // The Organization check, in-process: its Distributed Map by the local runner, against --endpoint-url.
      if (opts.allAccounts && opts.local)
        return run(async (env) => (await import('./org-check')).localOrgCheckCommand(opts, env))();
      if (opts.local && !opts.remediate)
        throw new UsageError(
          'drift --local runs the executions --remediate starts in-process: add --remediate',
        );
      if (opts.allAccounts)
        return run(async (env) => (await import('./org-check')).orgCheckCommand(opts, env))();
      return run(async (env) => (await commands()).driftCommand(opts, env))();
    });

  const context = program
    .command('context')
    .description(
      'the stack, region and endpoint commands act on when no flag or environment variable says: saved per directory (.privatelink/context.json) or for the user',
    );
  const contextCommand = () => import('./context-command');
  context
    .command('show')
    .description('what commands here act on, and where each value comes from')
    .action(async () => {
      const opts = program.opts<GlobalOptions>();
      const { settings } = await deploymentFor(opts, io);
      code = (await contextCommand()).showContext(settings, presentationFor(opts, io));
    });
  context
    .command('set')
    .description('save --stack-name, --region and --endpoint-url for this directory (or --user: for you)')
    .option('--user', "in the user's context (~/.config/privatelink/context.json), not this directory's")
    .action(async (opts: { user?: boolean }) => {
      code = (await contextCommand()).setContext(program.opts<GlobalOptions>(), opts, io);
    });
  context
    .command('clear')
    .description("remove this directory's saved context (or --user: yours)")
    .option('--user', "the user's context, not this directory's")
    .action(async (opts: { user?: boolean }) => {
      code = (await contextCommand()).clearContext(opts, io);
    });

  // Global options are listed once, in the main help; each command's help points there.
  for (const command of program.commands)
    command.addHelpText('after', '\nGlobal options (--region, --output, --query, …): privatelink --help');

  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    return failure(err, io, program.opts<GlobalOptions>());
  } finally {
    process.removeListener('SIGINT', onSigint);
    debugRequests(undefined);
  }
}

/** The deployment a command acts for: flags, environment, saved context, else the stack found in AWS. */
async function deploymentFor(opts: GlobalOptions, io: Io, findStack = true) {
  const { resolveDeployment } = await import('./settings');
  const find = async () => {
    const [{ deployedStacks }, { sfnClient }] = await Promise.all([
      import('./stack-discovery'),
      import('../lib/aws/clients/sfn'),
    ]);
    return deployedStacks(sfnClient);
  };
  return resolveDeployment(opts, io, findStack ? find : undefined);
}
