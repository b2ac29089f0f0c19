import {
  DescribeNetworkInterfacesCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { Ec2Api } from '../../lib/aws/ec2-api';
import { OWNER_TAG, parseConfig } from '../../lib/domain/config';
import type { Plan } from '../../lib/domain/model';
import type { ProbeTarget } from '../../lib/domain/probe-rules';
import { runProbeStep } from '../../lib/workflow/run-probe-step';

/**
 * A member's spoke of the hub's central VPC (docs/architecture.md, "Centralized endpoints across
 * accounts"): its live probe is given the central endpoint's addresses, read in the hub's account, and
 * reads nothing of the spoke (it has no endpoint of its own to probe).
 */
const HUB = '111122223333';
const MEMBER = '222222222222';
const STACK = 'plo-test';
const vpc = { accountId: MEMBER, region: 'us-east-1', vpcId: 'vpc-0spoke', own: false };

const plan = {
  endpoints: [],
  allowedCidrs: ['10.20.0.0/16'],
  central: {
    work: {
      role: 'spoke',
      centralVpcId: 'vpc-0central',
      centralAccountId: HUB,
      served: ['ssm'],
      createZones: [],
      upsertRecords: [],
      addEntries: [],
      removeEntries: [],
      associate: [],
      disassociate: [],
      deleteZones: [],
    },
    desired: { services: [] },
    subnetIds: ['subnet-a'],
    centralCidrs: ['10.10.0.0/16'],
    servedNames: { ssm: 'ssm.us-east-1.amazonaws.com' },
  },
} as unknown as Plan;

describe("a member's spoke's live probe", () => {
  it("checks its served names against the central endpoint's addresses, read in the hub's account", async () => {
    const memberEc2 = new EC2Client({ region: 'us-east-1' });
    const hubEc2 = new EC2Client({ region: 'us-east-1' });
    const member = mockClient(memberEc2);
    const hub = mockClient(hubEc2);
    hub.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        {
          VpcEndpointId: 'vpce-0central',
          VpcEndpointType: 'Interface',
          ServiceName: 'com.amazonaws.us-east-1.ssm',
          State: 'Available',
          NetworkInterfaceIds: ['eni-a', 'eni-b'],
          Tags: [{ Key: OWNER_TAG, Value: STACK }],
        },
      ],
    });
    hub.on(DescribeNetworkInterfacesCommand).resolves({
      NetworkInterfaces: [
        { NetworkInterfaceId: 'eni-a', PrivateIpAddress: '10.10.1.5' },
        { NetworkInterfaceId: 'eni-b', PrivateIpAddress: '10.10.2.5' },
      ],
    });
    const lambda = new LambdaClient({ region: 'us-east-1' });
    const invoked: { targets: ProbeTarget[]; vpcCidrs: string[] }[] = [];
    mockClient(lambda)
      .on(InvokeCommand)
      .callsFake(async (input: { Payload?: Uint8Array }) => {
        invoked.push(JSON.parse(new TextDecoder().decode(input.Payload)));
        return { StatusCode: 200, Payload: new TextEncoder().encode('[]') };
      });

    await runProbeStep(
      { vpc, plan, functionName: 'probe', subnetIds: ['subnet-a'], previous: { attempt: 0 } },
      {
        api: new Ec2Api(memberEc2),
        config: parseConfig(JSON.stringify({ central: {} }), STACK),
        own: { accountId: HUB, region: 'us-east-1', partition: 'aws' },
        reach: { hub: { accountId: HUB, ec2: new Ec2Api(hubEc2), route53: {} as never } },
      },
      {
        functions: {
          lambda,
          fetchCode: async () => new Uint8Array(),
          templateFunction: 't',
          stackName: STACK,
        },
        maxActiveChecks: 1,
      },
    );

    expect(invoked[0]?.targets).toEqual([
      {
        service: 'ssm',
        type: 'Interface',
        serviceName: 'com.amazonaws.us-east-1.ssm',
        hostname: 'ssm.us-east-1.amazonaws.com',
        privateDns: true,
        endpointDnsNames: [],
        addresses: ['10.10.1.5', '10.10.2.5'],
        servedBy: 'vpc-0central',
      },
    ]);
    expect(invoked[0]?.vpcCidrs).toEqual(['10.20.0.0/16']);
    expect(member.calls()).toHaveLength(0);
    expect(hub.commandCalls(DescribeVpcEndpointsCommand)[0]?.args[0].input.Filters).toEqual([
      { Name: 'vpc-id', Values: ['vpc-0central'] },
      { Name: `tag:${OWNER_TAG}`, Values: [STACK] },
    ]);
  });
});
