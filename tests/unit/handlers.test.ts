import { forgetContainerCatalogues } from '../../functions/_shared/catalogues';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CreateVpcEndpointCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { handler as acquireLock } from '../../functions/acquire-lock/handler';
import { handler as applyEndpoint } from '../../functions/apply-endpoint/handler';
import { handler as checkEndpoints } from '../../functions/check-endpoints/handler';
import { handler as plan } from '../../functions/plan/handler';
import { handler as report } from '../../functions/report/handler';
import { EVENT_SOURCE } from '../../lib/domain/events';
import type { PlanResult } from '../../lib/workflow/plan-step';
import { installSimDynamo, SimDynamo } from '../support/sim-dynamodb';
import { installSimEc2, SimEc2 } from '../support/sim-ec2/api';

/** As Lambda gives it: the ARN names the functions' own account, the simulated EC2's. */
const ACCOUNT = '111122223333';
const context = {
  functionName: 'test',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:test`,
  awsRequestId: 'r-1',
  getRemainingTimeInMillis: () => 30_000,
} as Context;
/** Where the run acts, as AcquireLock resolves it into the execution state. */
const ref = (vpcId: string) => ({ accountId: ACCOUNT, region: 'us-east-1', vpcId, own: true });
const ec2 = mockClient(EC2Client);
const events = mockClient(EventBridgeClient);

function world(services: string) {
  const sim = new SimEc2();
  sim.addDefaultOffers();
  const vpc = sim.addVpc({ azs: 3, tags: { 'privatelink:services': services } });
  installSimEc2(sim, ec2);
  const dynamo = new SimDynamo();
  installSimDynamo(dynamo);
  forgetContainerCatalogues();
  return { sim, vpc, dynamo };
}

beforeEach(() => {
  ec2.reset();
  events.reset();
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: '1' }] });
});

describe('the plan handler', () => {
  it('reads the VPC in the same number of calls for one service as for eight', async () => {
    const reads = async (services: string) => {
      const { sim, vpc } = world(services);
      const out = (await plan(
        { vpc: ref(vpc.vpcId), mode: null, desired: null } as never,
        context,
      )) as PlanResult;
      expect(out.mutations).toHaveLength(services.split(',').length);
      return { reported: out.apiCalls, simulated: sim.callCount() };
    };
    const one = await reads('ssm');
    const eight = await reads('s3, dynamodb, ssm, ssmmessages, ec2messages, ecr.api, ecr.dkr, logs');
    expect(eight).toEqual(one);
    expect(one.reported).toEqual({ read: one.simulated, mutating: 0 });
    expect(ec2).not.toHaveReceivedCommand(CreateVpcEndpointCommand);
  });

  it('finishes an execution 0.2 started: a step given the VPC id, account and region loose acts on them', async () => {
    const { vpc } = world('ssm');
    const out = (await plan(
      { vpcId: vpc.vpcId, region: 'us-east-1', accountId: null, mode: null, desired: null } as never,
      context,
    )) as PlanResult;
    expect(out).toMatchObject({ accountId: ACCOUNT, mutations: [{ action: 'create' }] });
  });

  it('names the VPC when it does not exist', async () => {
    world('ssm');
    await expect(
      plan({ vpc: ref('vpc-0123456789abcdef0'), mode: null, desired: null } as never, context),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundError',
      message: `VPC vpc-0123456789abcdef0 does not exist in us-east-1 of account ${ACCOUNT}`,
    });
  });
});

describe('the acquire-lock handler', () => {
  it('rejects a malformed execution input with a named error listing each bad field', async () => {
    world('ssm');
    await expect(
      acquireLock(
        { input: { vpcId: 'vpc-nope', trigger: { source: 'cron' } }, executionId: 'e' } as never,
        context,
      ),
    ).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringMatching(/vpcId: must be a VPC id.*trigger\.source/),
    });
    expect(ec2.calls()).toHaveLength(0);
  });
});

describe('the apply-endpoint handler', () => {
  it('is idempotent: the same execution retrying the same item creates one endpoint', async () => {
    const { sim, vpc, dynamo } = world('ssm');
    // The execution holds the VPC, as AcquireLock left it: its writes pass the fence.
    dynamo.update({
      TableName: process.env.LOCK_TABLE_NAME,
      Key: { vpcId: { S: vpc.vpcId } },
      UpdateExpression: 'SET holder = :h',
      ExpressionAttributeValues: { ':h': { S: 'arn:e-1' } },
    });
    const item = {
      action: 'create',
      spec: {
        service: 'ssm',
        serviceName: sim.serviceName('ssm'),
        type: 'Interface',
        subnetIds: vpc.privateSubnets,
        routeTableIds: [],
        privateDns: true,
      },
    };
    const event = { item, vpc: ref(vpc.vpcId), securityGroupId: null, executionId: 'arn:e-1' };
    const first = await applyEndpoint(event as never, context);
    const second = await applyEndpoint(event as never, context);
    expect(second).toMatchObject({ endpointId: (first as { endpointId: string }).endpointId });
    expect(sim.endpoints.size).toBe(1);
    expect(ec2).toHaveReceivedCommandTimes(CreateVpcEndpointCommand, 2);
  });
});

describe('the check-endpoints handler', () => {
  it('keeps a running total of calls across loop turns', async () => {
    const { vpc } = world('ssm');
    const out = await checkEndpoints(
      {
        vpc: ref(vpc.vpcId),
        executionId: 'e',
        deletions: [],
        applied: [],
        previous: { attempt: 3, apiCalls: { read: 10, mutating: 2 } },
      } as never,
      context,
    );
    expect(out).toMatchObject({ status: 'ready', attempt: 4, apiCalls: { read: 11, mutating: 2 } });
  });
});

describe('the report handler', () => {
  it('emits a Succeeded event from privatelink.orchestrator with the VPC, account, region and execution', async () => {
    const { vpc } = world('ssm');
    const planned = (await plan(
      { vpc: ref(vpc.vpcId), mode: null, desired: null } as never,
      context,
    )) as PlanResult;
    await report({ state: { vpc: ref(vpc.vpcId), plan: planned }, executionId: 'arn:e-9' } as never, context);
    expect(events).toHaveReceivedCommandTimes(PutEventsCommand, 1);
    const entry = events.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
    expect(entry).toMatchObject({ Source: EVENT_SOURCE, DetailType: 'PrivateLink Provisioning Succeeded' });
    expect(JSON.parse(entry?.Detail ?? '{}')).toMatchObject({
      vpcId: vpc.vpcId,
      account: ACCOUNT,
      region: 'us-east-1',
      executionArn: 'arn:e-9',
    });
  });

  it('fails loudly when EventBridge rejects the event', async () => {
    const { vpc } = world('ssm');
    events
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'AccessDenied', ErrorMessage: 'no' }] });
    await expect(
      report({ state: { vpc: ref(vpc.vpcId) }, executionId: 'arn:e' } as never, context),
    ).rejects.toThrow(/PutEvents rejected .*AccessDenied/);
  });
});
