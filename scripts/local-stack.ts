import { presentationFor } from '../cli/output';
import { forgetContainerCatalogues } from '../functions/_shared/catalogues';
import { applyEnvironment, type CommandEnv, type Io } from '../cli/context';
import { ensureLocalBacking, runLocalExecutions } from '../cli/local-backing';
import { lambdaContext, loadHandler } from '../cli/local-handlers';

export interface LocalStack {
  env: CommandEnv;
  stateMachineArn: string;
  /** Hands an EventBridge event to the deployed trigger function, in-process. */
  deliver(event: unknown): Promise<unknown>;
  /** Runs every execution the trigger (or a successor) started, with the real ASL and handlers. */
  runExecutions(): ReturnType<typeof runLocalExecutions>;
}

/**
 * The stack as it runs locally: AWS APIs at `endpointUrl` (moto), the lock table and a state machine
 * record there, the functions in this process. Used by `npm run demo` and the integration suite.
 */
export async function openLocalStack(opts: {
  endpointUrl: string;
  region?: string;
  stackName?: string;
  io: Io;
}): Promise<LocalStack> {
  const base = applyEnvironment({
    endpointUrl: opts.endpointUrl,
    region: opts.region,
    stackName: opts.stackName,
  });
  const env: CommandEnv = { ...base, ...presentationFor({}, opts.io), io: opts.io };
  // A new emulator world: what the functions' warm containers kept of the last one (prefix list ids, the
  // endpoint-service catalogue) no longer holds.
  forgetContainerCatalogues();
  const stateMachineArn = await ensureLocalBacking(env);
  env.stateMachineArn = stateMachineArn;
  return {
    env,
    stateMachineArn,
    deliver: (event) => loadHandler('on-vpc-event')(event as never, lambdaContext('onVpcEvent')),
    runExecutions: () => runLocalExecutions(stateMachineArn, env),
  };
}
