import { LambdaClient } from '@aws-sdk/client-lambda';
import { decorated, CLIENT_OPTIONS } from '../../lib/aws/clients/build';
import { lambdaClient } from '../../lib/aws/clients/lambda';
import { fetchCodePackage } from '../../lib/aws/fetch-code';
import type { ProbeStepDeps } from '../../lib/workflow/probe-step-deps';
import type { StepContext } from '../../lib/workflow/step-context';
import { roleArnIn, type VpcRef } from '../../lib/domain/vpc-ref';
import { config, positiveIntFromEnv } from './runtime';

/** The probe machinery, built once per container: the deployed probe is the template of every copy. */
export const probeDeps: ProbeStepDeps = {
  functions: {
    lambda: lambdaClient,
    fetchCode: fetchCodePackage,
    templateFunction: process.env.PROBE_TEMPLATE_FUNCTION ?? `${config.stackName}-connectivityProbe`,
    stackName: config.stackName,
  },
  maxActiveChecks: positiveIntFromEnv('PROBE_ACTIVE_MAX_CHECKS', 36),
};

/**
 * The probe machinery for the step's VPC (docs/architecture.md, "Hub and spokes"): in the own account and
 * region, the container's; elsewhere the copies live where the VPC is — Lambda of its region, with the
 * spoke role's credentials in a member account, and the spoke template's probe role — while the template
 * is read where the stack runs.
 */
export function probeDepsFor(ctx: StepContext, vpc: VpcRef): ProbeStepDeps {
  if (vpc.own && vpc.region === ctx.own.region) return probeDeps;
  const lambda = decorated(
    new LambdaClient({
      ...CLIENT_OPTIONS,
      region: vpc.region,
      ...(ctx.credentials ? { credentials: ctx.credentials as never } : {}),
    }),
  );
  const role = vpc.own
    ? undefined
    : roleArnIn(vpc, config.hub?.probeRoleName ?? 'privatelink-probe', ctx.own.partition);
  return {
    ...probeDeps,
    functions: { ...probeDeps.functions, lambda, templateLambda: lambdaClient, ...(role ? { role } : {}) },
  };
}
