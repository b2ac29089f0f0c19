import { main } from '../../cli/main';
import type { Io } from '../../cli/context';
import { SimEc2 } from './sim-ec2/api';
import { STATE_MACHINE_ARN } from './sim-sfn';
import { createHarness, tagVpc } from './workflow-harness';

/**
 * The functions in this process read their config once, when first loaded, by whichever test comes
 * first: the live probe is off for the whole file, as every local CLI run turns it off. A test file that
 * needs more sets its own first (with the probe off too).
 */
process.env.PRIVATELINK_CONFIG ??= JSON.stringify({ probe: { enabled: false } });

/** The CLI against the in-memory EC2, DynamoDB and Step Functions of the workflow layer. */
export function world(services = 's3, ssm') {
  // No virtual time passes in the CLI's own in-process runs: endpoints settle and pass traffic at once.
  const sim = new SimEc2({ pendingMs: { Interface: 0, Gateway: 0 }, deletingMs: 0, workingAfterMs: 0 });
  sim.addDefaultOffers();
  const vpc = sim.addVpc({ azs: 2 });
  tagVpc(sim, vpc.vpcId, { 'privatelink:services': services });
  const harness = createHarness(sim);
  return { sim, vpc, harness };
}

/**
 * Runs the CLI in-process; `interrupt` is Ctrl-C, `onErr` sees each stderr line as it comes, `tty` is the
 * terminal it runs in (none: a pipe), `deployment: false` leaves the stack and state machine to be found.
 */
export async function cliWith(
  args: string[],
  opts: {
    interrupt?: AbortSignal;
    onErr?: (line: string) => void;
    tty?: Pick<Io, 'isTTY' | 'columns' | 'ask'>;
    deployment?: false;
  } = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const deployment =
    opts.deployment === false
      ? []
      : ['--stack-name', 'privatelink-test', '--state-machine-arn', STATE_MACHINE_ARN];
  const code = await main(
    ['node', 'privatelink', ...deployment, ...args],
    {
      ...opts.tty,
      out: (t) => out.push(t),
      err: (t) => {
        err.push(t);
        opts.onErr?.(t);
      },
    },
    opts.interrupt,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export const cli = (...args: string[]) => cliWith(args);
