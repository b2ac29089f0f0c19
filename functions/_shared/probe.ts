import { LambdaClient } from '@aws-sdk/client-lambda';
import { decorated, CLIENT_OPTIONS } from '../../lib/aws/clients/build';
import { lambdaClient } from '../../lib/aws/clients/lambda';
import { fetchCodePackage } from '../../lib/aws/fetch-code';
import type { ProbeStepDeps } from '../../lib/workflow/probe-step-deps';
import type { StepContext } from '../../lib/workflow/step-context';
import { roleArnIn, type VpcRef } from '../../lib/domain/vpc-ref';
import { deployment } from './compose';
import { positiveIntFromEnv } from './runtime';

const maxActiveChecks = positiveIntFromEnv('PROBE_ACTIVE_MAX_CHECKS', 36);

/** The probe machinery of the deployment: its deployed probe is the template of every copy. */
export const probeDeps = (): ProbeStepDeps => {
  const { stackName } = deployment();
  return {
    functions: {
      lambda: lambdaClient,
      fetchCode: fetchCodePackage,
      templateFunction: process.env.PROBE_TEMPLATE_FUNCTION ?? `${stackName}-connectivityProbe`,
      stackName,
    },
    maxActiveChecks,
  };
};

/**
 * The probe machinery for the step's VPC (docs/architecture.md, "Hub and spokes"): in the own account and
 * region, the container's; elsewhere the copies live where the VPC is — Lambda of its region, with the
 * spoke role's credentials in a member account, and the spoke template's probe role — while the template
 * is read where the stack runs.
 */
export function probeDepsFor(ctx: StepContext, vpc: VpcRef): ProbeStepDeps {
  const base = probeDeps();
  // The copies are written only while the execution holds the VPC, like its EC2 writes.
  const own = { ...base, functions: { ...base.functions, ...(ctx.fence ? { fence: ctx.fence } : {}) } };
  if (vpc.own && vpc.region === ctx.own.region) return own;
  const lambda = decorated(
    new LambdaClient({
      ...CLIENT_OPTIONS,
      region: vpc.region,
      ...(ctx.credentials ? { credentials: ctx.credentials as never } : {}),
    }),
  );
  const role = vpc.own
    ? undefined
    : roleArnIn(vpc, ctx.config.hub?.probeRoleName ?? 'privatelink-probe', ctx.own.partition);
  return {
    ...own,
    functions: { ...own.functions, lambda, templateLambda: lambdaClient, ...(role ? { role } : {}) },
  };
}
