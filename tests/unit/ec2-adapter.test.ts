import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  type DescribeSubnetsCommandOutput,
  DescribeVpcEndpointsCommand,
  EC2Client,
  EC2ServiceException,
  ModifyVpcEndpointCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { Ec2Api } from '../../lib/aws/ec2-api';
import { mapAwsError } from '../../lib/aws/errors';
import { OWNER_TAG } from '../../lib/domain/config';
import { clientToken, createEndpoint, deleteManagedEndpoints, modifyEndpoint } from '../../lib/aws/endpoints';
import {
  AwsInvalidParameterError,
  AwsTransientError,
  ConflictError,
  OwnershipError,
  NetworkError,
  QuotaExceededError,
  ResourceNotFoundError,
  ThrottlingError,
} from '../../lib/domain/errors';
import type { EndpointSpec } from '../../lib/domain/model';
import { applyEndpointGroupPlan } from '../../lib/aws/security-groups';
import { STACK } from '../support/config';

const ec2 = mockClient(EC2Client);
const api = () => new Ec2Api(new EC2Client({ region: 'eu-west-1' }));
const awsError = (name: string, status = 400) =>
  new EC2ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: `${name} happened`,
  });

const SPEC: EndpointSpec = {
  service: 'ssm',
  serviceName: 'com.amazonaws.eu-west-1.ssm',
  type: 'Interface',
  subnetIds: ['subnet-0000000000000aa1', 'subnet-0000000000000aa2'],
  routeTableIds: [],
  privateDns: true,
  policyDocument: '{"Statement":[]}',
};

beforeEach(() => ec2.reset());

describe('creating an endpoint', () => {
  it('sends every attribute, our tags and a deterministic token in one CreateVpcEndpoint call', async () => {
    ec2
      .on(CreateVpcEndpointCommand)
      .resolves({ VpcEndpoint: { VpcEndpointId: 'vpce-0123', State: 'Pending' } });
    const req = {
      vpcId: 'vpc-0aaaaaaaaaaaaaaa1',
      spec: SPEC,
      securityGroupId: 'sg-0123',
      stackName: STACK,
      executionId: 'arn:exec:1',
    };

    const created = await createEndpoint(api(), req);

    expect(created).toMatchObject({ endpointId: 'vpce-0123', state: 'pending' });
    expect(ec2).toHaveReceivedCommandTimes(CreateVpcEndpointCommand, 1);
    expect(ec2).toHaveReceivedCommandWith(CreateVpcEndpointCommand, {
      VpcId: req.vpcId,
      ServiceName: SPEC.serviceName,
      VpcEndpointType: 'Interface',
      SubnetIds: SPEC.subnetIds,
      SecurityGroupIds: ['sg-0123'],
      PrivateDnsEnabled: true,
      PolicyDocument: '{"Statement":[]}',
      ClientToken: clientToken(req.executionId, req.vpcId, SPEC, 'sg-0123'),
    });
    const tags = ec2.commandCalls(CreateVpcEndpointCommand)[0]?.args[0].input.TagSpecifications?.[0]?.Tags;
    expect(tags).toEqual(
      expect.arrayContaining([
        { Key: OWNER_TAG, Value: STACK },
        { Key: 'privatelink:vpc', Value: req.vpcId },
      ]),
    );
  });

  it('derives the same token from the same request and a different one from any change, within 64 characters', () => {
    const a = clientToken('exec-1', 'vpc-1', SPEC, 'sg-1');
    expect(a).toBe(clientToken('exec-1', 'vpc-1', SPEC, 'sg-1'));
    expect(a.length).toBeLessThanOrEqual(64);
    expect(a).not.toBe(clientToken('exec-2', 'vpc-1', SPEC, 'sg-1'));
    expect(a).not.toBe(clientToken('exec-1', 'vpc-1', { ...SPEC, privateDns: false }, 'sg-1'));
  });

  it('sends route tables, not subnets or groups, for a gateway endpoint', async () => {
    ec2
      .on(CreateVpcEndpointCommand)
      .resolves({ VpcEndpoint: { VpcEndpointId: 'vpce-0s3', State: 'Available' } });
    const spec = {
      ...SPEC,
      service: 's3',
      serviceName: 'com.amazonaws.eu-west-1.s3',
      type: 'Gateway' as const,
      subnetIds: [],
      routeTableIds: ['rtb-1'],
      privateDns: false,
    };
    await createEndpoint(api(), {
      vpcId: 'vpc-1',
      spec,
      securityGroupId: 'sg-1',
      stackName: STACK,
      executionId: 'e',
    });
    const input = ec2.commandCalls(CreateVpcEndpointCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ RouteTableIds: ['rtb-1'], VpcEndpointType: 'Gateway' });
    expect(input?.SubnetIds).toBeUndefined();
    expect(input?.SecurityGroupIds).toBeUndefined();
    expect(input?.PrivateDnsEnabled).toBeUndefined();
  });
});

describe('AWS errors', () => {
  it.each([
    ['RequestLimitExceeded', 503, ThrottlingError],
    ['VpcEndpointLimitExceeded', 400, QuotaExceededError],
    ['RulesPerSecurityGroupLimitExceeded', 400, QuotaExceededError],
    ['InvalidVpcID.NotFound', 400, ResourceNotFoundError],
    ['IdempotentParameterMismatch', 400, ConflictError],
    ['DependencyViolation', 400, ConflictError],
    ['InternalError', 500, AwsTransientError],
    ['InvalidParameter', 400, AwsInvalidParameterError],
  ])('map %s to a named error the state machine can match', (code, status, cls) => {
    const mapped = mapAwsError(awsError(code, status), 'CreateVpcEndpoint');
    expect(mapped).toBeInstanceOf(cls);
    expect(mapped.name).toBe(cls.name);
    expect(mapped.message).toContain(`CreateVpcEndpoint failed: ${code}`);
    expect((mapped.cause as Error).name).toBe(code);
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'TimeoutError'])(
    'maps a request that never reached AWS (%s) to NetworkError, which the state machine retries',
    (code) => {
      // As the SDK hands it over: the socket's error, with the SDK's metadata attached.
      const err = Object.assign(new Error(`connect ${code} 127.0.0.1:5000`), {
        code,
        $metadata: { attempts: 5 },
      });
      const mapped = mapAwsError(err, 'DescribeVpcs');
      expect(mapped).toBeInstanceOf(NetworkError);
      expect(mapped.message).toBe(
        `DescribeVpcs could not reach AWS (${code}): connect ${code} 127.0.0.1:5000`,
      );
    },
  );

  it('treats a conflicting private DNS domain as a conflict', () => {
    const err = new EC2ServiceException({
      name: 'InvalidParameter',
      $fault: 'client',
      $metadata: {},
      message: 'there is already a conflicting DNS domain for ssm',
    });
    expect(mapAwsError(err, 'CreateVpcEndpoint')).toBeInstanceOf(ConflictError);
  });

  it('come out of every call mapped, and are counted', async () => {
    ec2.on(DescribeSubnetsCommand).rejects(awsError('RequestLimitExceeded', 503));
    const client = api();
    await expect(client.send(new DescribeSubnetsCommand({}))).rejects.toBeInstanceOf(ThrottlingError);
    expect(client.calls).toEqual({ read: 1, mutating: 0 });
  });
});

describe('pagination', () => {
  it('follows NextToken to the last page', async () => {
    ec2
      .on(DescribeSubnetsCommand)
      .resolvesOnce({ Subnets: [{ SubnetId: 'subnet-1' }], NextToken: 't1' })
      .resolvesOnce({ Subnets: [{ SubnetId: 'subnet-2' }], NextToken: 't2' })
      .resolvesOnce({ Subnets: [{ SubnetId: 'subnet-3' }] });
    const client = api();
    const subnets = await client.paginate<DescribeSubnetsCommandOutput, { SubnetId?: string }>(
      (NextToken) => new DescribeSubnetsCommand({ NextToken }),
      (p) => p.Subnets,
    );
    expect(subnets.map((s) => s.SubnetId)).toEqual(['subnet-1', 'subnet-2', 'subnet-3']);
    expect(ec2).toHaveReceivedNthCommandWith(3, DescribeSubnetsCommand, { NextToken: 't2' });
  });
});

describe('ownership', () => {
  const theirs = {
    VpcEndpointId: 'vpce-0theirs',
    State: 'Available' as const,
    Tags: [{ Key: 'Name', Value: 'network-team' }],
  };

  it('refuses to modify an endpoint without our tag, before any mutating call', async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [theirs] });
    await expect(
      modifyEndpoint(api(), 'vpc-1', 'vpce-0theirs', { privateDns: true }, STACK),
    ).rejects.toBeInstanceOf(OwnershipError);
    expect(ec2).not.toHaveReceivedCommand(ModifyVpcEndpointCommand);
  });

  it('refuses to delete an endpoint without our tag, even mixed with ours', async () => {
    const ours = {
      VpcEndpointId: 'vpce-0ours',
      State: 'Available' as const,
      Tags: [{ Key: OWNER_TAG, Value: STACK }],
    };
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [ours, theirs] });
    await expect(
      deleteManagedEndpoints(api(), 'vpc-1', ['vpce-0ours', 'vpce-0theirs'], STACK),
    ).rejects.toThrow(
      /refusing to modify vpce-0theirs: it does not carry privatelink:managed-by=privatelink-test/,
    );
    expect(ec2).not.toHaveReceivedCommand(DeleteVpcEndpointsCommand);
  });

  it('deletes our endpoints in one call and counts already-gone ones as done', async () => {
    const ours = {
      VpcEndpointId: 'vpce-0ours',
      State: 'Available' as const,
      Tags: [{ Key: OWNER_TAG, Value: STACK }],
    };
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [ours] });
    ec2.on(DeleteVpcEndpointsCommand).resolves({ Unsuccessful: [] });
    const result = await deleteManagedEndpoints(api(), 'vpc-1', ['vpce-0ours', 'vpce-0gone'], STACK);
    expect(result).toEqual({ deleted: ['vpce-0ours', 'vpce-0gone'], failed: [] });
    expect(ec2).toHaveReceivedCommandWith(DeleteVpcEndpointsCommand, { VpcEndpointIds: ['vpce-0ours'] });
  });
});

describe('the managed security group', () => {
  const vpcId = 'vpc-0aaaaaaaaaaaaaaa1';

  it('is created with our tags and exactly the HTTPS rules wanted', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: 'sg-0new' });
    ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });

    const result = await applyEndpointGroupPlan(api(), {
      vpcId,
      stackName: STACK,
      plan: { addCidrs: ['10.0.0.0/16'], removeRules: [] },
    });

    expect(result).toMatchObject({ groupId: 'sg-0new', created: true, addedCidrs: ['10.0.0.0/16'] });
    expect(ec2).toHaveReceivedCommandWith(AuthorizeSecurityGroupIngressCommand, {
      GroupId: 'sg-0new',
      IpPermissions: [expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })],
    });
  });

  it('loses the rules the plan removes and treats a duplicate rule from a retried step as success', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [
        {
          GroupId: 'sg-0old',
          GroupName: `${STACK}-endpoints-${vpcId}`,
          Tags: [{ Key: OWNER_TAG, Value: STACK }],
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          ],
        },
      ],
    });
    ec2.on(AuthorizeSecurityGroupIngressCommand).rejects(awsError('InvalidPermission.Duplicate'));
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });

    const result = await applyEndpointGroupPlan(api(), {
      vpcId,
      stackName: STACK,
      plan: {
        addCidrs: ['10.0.0.0/16'],
        removeRules: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0' }],
      },
    });

    expect(result.removedRules).toEqual([expect.objectContaining({ cidr: '0.0.0.0/0' })]);
    expect(ec2).toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, {
      GroupId: 'sg-0old',
      IpPermissions: [expect.objectContaining({ IpRanges: [{ CidrIp: '0.0.0.0/0' }] })],
    });
    expect(ec2).not.toHaveReceivedCommand(CreateSecurityGroupCommand);
  });

  it('refuses to touch a group with our name but not our tag', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [{ GroupId: 'sg-0squat', GroupName: `${STACK}-endpoints-${vpcId}`, Tags: [] }],
    });
    await expect(
      applyEndpointGroupPlan(api(), { vpcId, stackName: STACK, plan: { addCidrs: [], removeRules: [] } }),
    ).rejects.toBeInstanceOf(OwnershipError);
    expect(ec2).not.toHaveReceivedCommand(AuthorizeSecurityGroupIngressCommand);
  });
});
