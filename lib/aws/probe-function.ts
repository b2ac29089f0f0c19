import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  ResourceNotFoundException,
  UpdateFunctionConfigurationCommand,
  type GetFunctionCommandOutput,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { OWNER_TAG, VPC_TAG } from '../domain/config';
import { OrchestratorError, OwnershipError } from '../domain/errors';

/** The probe copy could not be made ready, or its invocation failed. */
export class ProbeError extends OrchestratorError {}

export interface ProbeFunctionDeps {
  /** Lambda where the VPC is: the copies live there (a member's account, for a hub). */
  lambda: LambdaClient;
  /** Lambda of the stack's own account, where the template is deployed; `lambda` when absent. */
  templateLambda?: LambdaClient;
  /** The copies' role; the template's own when absent (in a member account: the spoke template's probe role). */
  role?: string;
  /** Downloads the deployed probe's code package (GetFunction gives a presigned URL). */
  fetchCode: (url: string) => Promise<Uint8Array>;
  /** The probe function the stack deploys, outside any VPC: the template of every copy. */
  templateFunction: string;
  stackName: string;
  /** Runs right before each call that changes a copy: throws when the execution no longer holds the VPC. */
  fence?: () => Promise<void>;
}

async function getFunction(
  deps: ProbeFunctionDeps,
  name: string,
  lambda: LambdaClient = deps.lambda,
): Promise<GetFunctionCommandOutput | undefined> {
  try {
    return await lambda.send(new GetFunctionCommand({ FunctionName: name }));
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return undefined;
    throw err;
  }
}

function assertOurs(fn: GetFunctionCommandOutput, name: string, stackName: string): void {
  if (fn.Tags?.[OWNER_TAG] !== stackName) {
    throw new OwnershipError(
      `refusing to touch function ${name}: it does not carry ${OWNER_TAG}=${stackName}`,
    );
  }
}

/**
 * A copy of the deployed probe attached to the VPC's endpoint subnets with the probe group. Its code is
 * the deployed probe's own package, copied as is: no build at run time. An existing copy is reused.
 */
export async function ensureProbeFunction(
  deps: ProbeFunctionDeps,
  req: { name: string; vpcId: string; subnetIds: string[]; groupId: string },
): Promise<{ created: boolean; state: string }> {
  const existing = await getFunction(deps, req.name);
  if (existing) {
    assertOurs(existing, req.name, deps.stackName);
    const subnets = existing.Configuration?.VpcConfig?.SubnetIds ?? [];
    const same = subnets.length === req.subnetIds.length && subnets.every((s) => req.subnetIds.includes(s));
    if (!same) {
      await deps.fence?.();
      await deps.lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: req.name,
          VpcConfig: { SubnetIds: req.subnetIds, SecurityGroupIds: [req.groupId] },
        }),
      );
    }
    return { created: false, state: existing.Configuration?.State ?? 'Unknown' };
  }
  const template = await getFunction(deps, deps.templateFunction, deps.templateLambda);
  const config = template?.Configuration;
  if (!config || !template?.Code?.Location)
    throw new ProbeError(`the probe template function ${deps.templateFunction} is not deployed`);
  await deps.fence?.();
  const out = await deps.lambda.send(
    new CreateFunctionCommand({
      FunctionName: req.name,
      Description: `Connectivity probe of ${deps.stackName} inside ${req.vpcId}`,
      Runtime: config.Runtime,
      Handler: config.Handler,
      Role: deps.role ?? config.Role,
      MemorySize: config.MemorySize,
      Timeout: config.Timeout,
      Architectures: config.Architectures,
      Code: { ZipFile: await deps.fetchCode(template.Code.Location) },
      VpcConfig: { SubnetIds: req.subnetIds, SecurityGroupIds: [req.groupId] },
      Tags: { [OWNER_TAG]: deps.stackName, [VPC_TAG]: req.vpcId, Name: req.name },
    }),
  );
  return { created: true, state: out.State ?? 'Pending' };
}

/** Whether a copy of the probe exists (a crashed run can leave one behind). */
export const probeCopyExists = async (deps: ProbeFunctionDeps, name: string) =>
  (await getFunction(deps, name)) !== undefined;

export async function probeFunctionState(
  deps: ProbeFunctionDeps,
  name: string,
): Promise<{ state: string; reason?: string }> {
  const fn = await getFunction(deps, name);
  if (!fn) throw new ProbeError(`the probe copy ${name} disappeared`);
  return { state: fn.Configuration?.State ?? 'Unknown', reason: fn.Configuration?.StateReason };
}

export async function invokeProbe<T>(deps: ProbeFunctionDeps, name: string, payload: unknown): Promise<T> {
  const out = await deps.lambda.send(
    new InvokeCommand({
      FunctionName: name,
      InvocationType: 'RequestResponse',
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
    }),
  );
  const body = out.Payload ? new TextDecoder().decode(out.Payload) : 'null';
  if (out.FunctionError) throw new ProbeError(`the probe ${name} failed: ${body}`);
  return JSON.parse(body) as T;
}

/** Deletes our copy; gone already is done. Never deletes a function without our tag. */
export async function deleteProbeFunction(deps: ProbeFunctionDeps, name: string): Promise<boolean> {
  const fn = await getFunction(deps, name);
  if (!fn) return false;
  assertOurs(fn, name, deps.stackName);
  await deps.fence?.();
  try {
    await deps.lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
  }
  return true;
}
