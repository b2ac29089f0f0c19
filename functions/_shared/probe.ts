import { lambdaClient } from '../../lib/aws/clients/lambda';
import { fetchCodePackage } from '../../lib/aws/fetch-code';
import type { ProbeStepDeps } from '../../lib/workflow/probe-step-deps';
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
