import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  ResourceNotFoundException,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { OWNER_TAG } from '../../../lib/domain/config';
import { LockLostError, OwnershipError } from '../../../lib/domain/errors';
import { probeName } from '../../../lib/aws/probe-group';
import {
  deleteProbeFunction,
  ensureProbeFunction,
  invokeProbe,
  ProbeError,
  type ProbeFunctionDeps,
} from '../../../lib/aws/probe-function';

const lambda = mockClient(LambdaClient);
const notFound = () => new ResourceNotFoundException({ $metadata: {}, message: 'Function not found' });
const CODE = new Uint8Array([1, 2, 3]);
const deps = (): ProbeFunctionDeps => ({
  lambda: new LambdaClient({ region: 'us-east-1' }),
  fetchCode: async (url) => {
    expect(url).toBe('https://presigned.example/probe.zip');
    return CODE;
  },
  templateFunction: 'stack-connectivityProbe',
  stackName: 'stack',
});
const request = {
  name: 'stack-probe-vpc-1',
  vpcId: 'vpc-1',
  subnetIds: ['subnet-a', 'subnet-b'],
  groupId: 'sg-probe',
};

beforeEach(() => lambda.reset());

describe('the probe copy', () => {
  it('is created from the deployed probe’s own package and settings, in the VPC, with our tags', async () => {
    lambda.on(GetFunctionCommand, { FunctionName: 'stack-probe-vpc-1' }).rejects(notFound());
    lambda.on(GetFunctionCommand, { FunctionName: 'stack-connectivityProbe' }).resolves({
      Configuration: {
        Runtime: 'nodejs22.x',
        Handler: 'functions/connectivity-probe/handler.handler',
        Role: 'arn:aws:iam::1:role/probe',
        MemorySize: 256,
        Timeout: 30,
        Architectures: ['arm64'],
      },
      Code: { Location: 'https://presigned.example/probe.zip' },
    });
    lambda.on(CreateFunctionCommand).resolves({ State: 'Pending' });

    expect(await ensureProbeFunction(deps(), request)).toEqual({ created: true, state: 'Pending' });
    expect(lambda).toHaveReceivedCommandWith(CreateFunctionCommand, {
      FunctionName: 'stack-probe-vpc-1',
      Runtime: 'nodejs22.x',
      Handler: 'functions/connectivity-probe/handler.handler',
      Role: 'arn:aws:iam::1:role/probe',
      Architectures: ['arm64'],
      Code: { ZipFile: CODE },
      VpcConfig: { SubnetIds: ['subnet-a', 'subnet-b'], SecurityGroupIds: ['sg-probe'] },
      Tags: { [OWNER_TAG]: 'stack', 'privatelink:vpc': 'vpc-1', Name: 'stack-probe-vpc-1' },
    });
  });

  it('is reused when it exists, moved when the endpoint subnets changed', async () => {
    lambda.on(GetFunctionCommand).resolves({
      Configuration: { State: 'Active', VpcConfig: { SubnetIds: ['subnet-a'] } },
      Tags: { [OWNER_TAG]: 'stack' },
    });
    expect(await ensureProbeFunction(deps(), request)).toEqual({ created: false, state: 'Active' });
    expect(lambda).toHaveReceivedCommandWith(UpdateFunctionConfigurationCommand, {
      VpcConfig: { SubnetIds: ['subnet-a', 'subnet-b'], SecurityGroupIds: ['sg-probe'] },
    });
    expect(lambda).not.toHaveReceivedCommand(CreateFunctionCommand);
  });

  it('is neither made, moved nor deleted once the execution no longer holds the VPC (the fence)', async () => {
    const fenced = {
      ...deps(),
      fence: () => Promise.reject(new LockLostError('vpc-1', 'arn:e', 'arn:other')),
    };
    lambda.on(GetFunctionCommand, { FunctionName: 'stack-probe-vpc-1' }).rejects(notFound());
    lambda.on(GetFunctionCommand, { FunctionName: 'stack-connectivityProbe' }).resolves({
      Configuration: { Runtime: 'nodejs22.x', Handler: 'h', Role: 'arn:aws:iam::1:role/probe' },
      Code: { Location: 'https://presigned.example/probe.zip' },
    });
    await expect(ensureProbeFunction(fenced, request)).rejects.toThrow(LockLostError);
    lambda.on(GetFunctionCommand, { FunctionName: 'stack-probe-vpc-1' }).resolves({
      Configuration: { VpcConfig: { SubnetIds: ['subnet-z'] } },
      Tags: { [OWNER_TAG]: 'stack' },
    });
    await expect(ensureProbeFunction(fenced, request)).rejects.toThrow(LockLostError);
    await expect(deleteProbeFunction(fenced, request.name)).rejects.toThrow(LockLostError);
    expect(lambda).not.toHaveReceivedCommand(CreateFunctionCommand);
    expect(lambda).not.toHaveReceivedCommand(UpdateFunctionConfigurationCommand);
    expect(lambda).not.toHaveReceivedCommand(DeleteFunctionCommand);
  });

  it('is never touched when a function of that name lacks our tag', async () => {
    lambda.on(GetFunctionCommand).resolves({ Configuration: { State: 'Active' }, Tags: { team: 'other' } });
    await expect(ensureProbeFunction(deps(), request)).rejects.toBeInstanceOf(OwnershipError);
    await expect(deleteProbeFunction(deps(), request.name)).rejects.toBeInstanceOf(OwnershipError);
    expect(lambda).not.toHaveReceivedCommand(DeleteFunctionCommand);
    expect(lambda).not.toHaveReceivedCommand(UpdateFunctionConfigurationCommand);
  });

  it('counts an already deleted copy as removed', async () => {
    lambda.on(GetFunctionCommand).rejects(notFound());
    expect(await deleteProbeFunction(deps(), request.name)).toBe(false);
    expect(lambda).not.toHaveReceivedCommand(DeleteFunctionCommand);
  });

  it('turns a failed invocation into a named error with the function’s answer', async () => {
    const payload = new TextEncoder().encode('{"errorMessage":"boom"}');
    lambda.on(InvokeCommand).resolves({ FunctionError: 'Unhandled', Payload: payload as never });
    await expect(invokeProbe(deps(), request.name, {})).rejects.toThrow(ProbeError);
    await expect(invokeProbe(deps(), request.name, {})).rejects.toThrow(/boom/);
  });

  it('has a name within Lambda’s 64 characters, readable when it fits', () => {
    expect(probeName('prod', 'vpc-0123456789abcdef0')).toBe('prod-probe-vpc-0123456789abcdef0');
    const long = probeName('a-very-long-stack-name-that-goes-on-and-on-forever', 'vpc-0123456789abcdef0');
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^plo-probe-[0-9a-f]{12}-vpc-0123456789abcdef0$/);
  });
});
