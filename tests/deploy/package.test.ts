import aslValidator from 'asl-validator';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageStack, resourcesOfType, type Template } from '../support/package-stack';
import { PRODUCT_TAG } from '../../lib/domain/config';

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

let template: Template;
let dir: string;

beforeAll(() => {
  ({ template, dir } = packageStack());
}, 300_000);

const functionFolders = readdirSync(join(__dirname, '../../functions')).filter((f) => !f.startsWith('_'));
/** Each function's own role statements (serverless-iam-roles-per-function), by function key. */
const roleStatements = (): Record<string, Statement[]> => {
  const out: Record<string, Statement[]> = {};
  for (const [id, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
    const fn = /^(\w+)IamRoleLambdaExecution$/.exec(id)?.[1];
    if (!fn) continue;
    const policies = (role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[];
    out[fn.charAt(0).toLowerCase() + fn.slice(1)] = policies.flatMap((p) => p.PolicyDocument.Statement);
  }
  return out;
};
const lambdaStatements = (): Statement[] => Object.values(roleStatements()).flat();
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const lambdaStatementsWith = (action: RegExp) =>
  lambdaStatements().filter((s) => actionsOf(s).some((a) => action.test(a)));
const OWNED = { StringEquals: { 'aws:ResourceTag/privatelink:managed-by': 'privatelink-orchestrator-test' } };
const TAGGED_ON_CREATE = {
  StringEquals: { 'aws:RequestTag/privatelink:managed-by': 'privatelink-orchestrator-test' },
};
const isWrite = (a: string) => !/^(ec2:Describe|lambda:GetFunction|route53:List|logs:|xray:)/.test(a);

/** Each step's function and what its role may do besides logs and tracing: the least each step needs. */
const EXPECTED_WRITES: Record<string, string[]> = {
  onVpcEvent: [
    'dynamodb:GetItem',
    'dynamodb:UpdateItem',
    'sqs:SendMessage',
    'states:DescribeExecution',
    'states:StartExecution',
  ],
  driftCheck: [
    'dynamodb:GetItem',
    'dynamodb:UpdateItem',
    'events:PutEvents',
    'sqs:SendMessage',
    'states:DescribeExecution',
    'states:StartExecution',
  ],
  acquireLock: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'states:DescribeExecution'],
  releaseLock: [
    'dynamodb:GetItem',
    'dynamodb:UpdateItem',
    'states:DescribeExecution',
    'states:StartExecution',
  ],
  plan: [],
  planCutOver: [],
  configureSecurityGroup: [
    'dynamodb:GetItem',
    'ec2:AuthorizeSecurityGroupIngress',
    'ec2:CreateSecurityGroup',
    'ec2:CreateTags',
    'ec2:RevokeSecurityGroupIngress',
  ],
  deleteEndpoints: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'ec2:DeleteVpcEndpoints'],
  reservePermit: ['dynamodb:UpdateItem'],
  applyEndpoint: [
    'dynamodb:GetItem',
    'dynamodb:UpdateItem',
    'ec2:CreateTags',
    'ec2:CreateVpcEndpoint',
    'ec2:ModifyVpcEndpoint',
  ],
  checkEndpoints: [],
  verifyCutOver: [],
  updateRoutes: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'ec2:ModifyVpcEndpoint'],
  cleanupSecurityGroup: ['dynamodb:GetItem', 'ec2:DeleteSecurityGroup'],
  checkConnectivity: [],
  // Reached only where the config has "central" (tests/deploy/central.test.ts).
  linkCentral: [],
  prepareProbe: [
    'dynamodb:GetItem',
    'ec2:AuthorizeSecurityGroupEgress',
    'ec2:CreateSecurityGroup',
    'ec2:CreateTags',
    'ec2:RevokeSecurityGroupEgress',
    'iam:PassRole',
    'lambda:CreateFunction',
    'lambda:TagResource',
    'lambda:UpdateFunctionConfiguration',
  ],
  checkProbe: [],
  runProbe: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'lambda:InvokeFunction'],
  removeProbe: ['dynamodb:GetItem', 'ec2:DeleteSecurityGroup', 'lambda:DeleteFunction'],
  compensate: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'ec2:DeleteVpcEndpoints'],
  report: ['events:PutEvents'],
  reportFailure: ['events:PutEvents'],
  // The Organization check: its manifest written, a batch's drift remediated as the drift check does,
  // its results read.
  listOrgTargets: ['s3:PutObject'],
  checkOrgTargets: [
    'dynamodb:GetItem',
    'dynamodb:UpdateItem',
    'events:PutEvents',
    'states:DescribeExecution',
    'states:StartExecution',
  ],
  summarizeOrgCheck: ['events:PutEvents', 's3:GetObject'],
};

describe('the packaged stack', () => {
  it('has one Lambda per function folder, bundled, on nodejs22.x with tracing', () => {
    const lambdas = resourcesOfType(template, 'AWS::Lambda::Function');
    expect(lambdas).toHaveLength(functionFolders.length);
    for (const [, fn] of lambdas) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', TracingConfig: { Mode: 'Active' } });
      expect(fn.Properties.Environment).toMatchObject({
        Variables: { STACK_NAME: 'privatelink-orchestrator-test' },
      });
    }
    const zips = readdirSync(dir).filter((f) => f.endsWith('.zip'));
    expect(zips).toHaveLength(functionFolders.length);
  });

  it('compiles the deployed config, which the functions accept, into their code, not their environment', async () => {
    const { parseConfig } = await import('../../lib/domain/config');
    const deployed = JSON.stringify(
      JSON.parse(readFileSync(join(__dirname, '../../config/privatelink.json'), 'utf8')),
    );
    expect(parseConfig(deployed, 'stack').drift.schedule).toBe('rate(6 hours)');
    for (const [, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
      const vars = (fn.Properties.Environment as { Variables: Record<string, string> }).Variables;
      expect(vars).not.toHaveProperty('PRIVATELINK_CONFIG');
    }
    // Python's zipfile reads the package (Python is a prerequisite of the project's tooling).
    const source = execFileSync(
      'python3',
      [
        '-c',
        'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())',
        join(dir, 'plan.zip'),
        'functions/plan/handler.js',
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    expect(source).toContain(`'${deployed}'`);
  });

  it('has the Standard provisioning state machine, traced and logged, calling only our functions', () => {
    const [[id, machine] = []] = resourcesOfType(template, 'AWS::StepFunctions::StateMachine');
    expect(id).toBe('ProvisionStateMachine');
    expect(machine?.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: expect.objectContaining({ Level: 'ERROR' }),
      // The CLI finds the stack by this tag when --stack-name is not given.
      Tags: expect.arrayContaining([{ Key: PRODUCT_TAG.key, Value: PRODUCT_TAG.value }]),
    });
    const [body, refs] = (
      machine?.Properties.DefinitionString as { 'Fn::Sub': [string, Record<string, unknown>] }
    )['Fn::Sub'];
    const lambdaIds = resourcesOfType(template, 'AWS::Lambda::Function').map(([lid]) => lid);
    for (const ref of Object.values(refs)) {
      expect(lambdaIds).toContain((ref as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]);
    }
    const definition = JSON.parse(
      body.replace(/\$\{[0-9a-f]+\}/g, 'arn:aws:lambda:us-east-1:123456789012:function:f'),
    );
    const { isValid, errorsText } = aslValidator(definition);
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  it('routes tag changes, their CloudTrail twins and VPC creation to the trigger, and runs drift on a schedule', () => {
    const rules = resourcesOfType(template, 'AWS::Events::Rule').map(([, r]) => r.Properties);
    const patterns = rules
      .filter((r) => r.EventPattern)
      .map((r) => r.EventPattern as { source: string[]; detail: Record<string, unknown> });
    expect(patterns.map((p) => p.source[0]).sort()).toEqual(['aws.ec2', 'aws.ec2', 'aws.tag']);
    expect(patterns.find((p) => p.source[0] === 'aws.tag')?.detail).toMatchObject({
      'resource-type': ['vpc'],
      'changed-tag-keys': [{ prefix: 'privatelink:' }],
    });
    const schedules = rules.filter((r) => r.ScheduleExpression).map((r) => r.ScheduleExpression);
    expect(schedules).toEqual(['rate(6 hours)']);
  });

  it('keeps the one-writer lock in an encrypted, point-in-time-recoverable DynamoDB table', () => {
    const [[, table] = []] = resourcesOfType(template, 'AWS::DynamoDB::Table');
    expect(table?.Properties).toMatchObject({
      TableName: 'privatelink-orchestrator-test-locks',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'vpcId', KeyType: 'HASH' }],
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    for (const statement of lambdaStatementsWith(/^dynamodb:/)) {
      expect(['dynamodb:GetItem', 'dynamodb:UpdateItem']).toEqual(
        expect.arrayContaining(actionsOf(statement)),
      );
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': ['RunLockTable', 'Arn'] });
    }
  });

  it.each(['reservePermit', 'updateRoutes'])(
    'lets %s write only the pace records of the lock table, never a VPC’s lock',
    (step) => {
      expect(roleStatements()[step]?.filter((s) => actionsOf(s).includes('dynamodb:UpdateItem'))).toEqual([
        expect.objectContaining({
          Action: ['dynamodb:UpdateItem'],
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['pace#*'] } },
        }),
      ]);
    },
  );

  it('lets the functions create, use and remove only probe copies named and tagged as the product’s', () => {
    const lambdaStatements = lambdaStatementsWith(/^lambda:/);
    const named =
      /function:(privatelink-orchestrator-test-probe-\*|plo-probe-\*|privatelink-orchestrator-test-connectivityProbe)$/;
    for (const st of lambdaStatements) {
      const resources = (Array.isArray(st.Resource) ? st.Resource : [st.Resource]).map((r) =>
        JSON.stringify(r),
      );
      expect(
        resources.every((r) => named.test(r.replace(/"}$/, '').replace(/^.*:function:/, 'function:'))),
      ).toBe(true);
    }
    const writes = lambdaStatements.filter((st) => actionsOf(st).some((a) => a !== 'lambda:GetFunction'));
    const conditionOf = (st: Statement) =>
      actionsOf(st).includes('lambda:CreateFunction') ? TAGGED_ON_CREATE : OWNED;
    expect(writes.filter((st) => JSON.stringify(st.Condition) !== JSON.stringify(conditionOf(st)))).toEqual(
      [],
    );
    expect([...new Set(writes.flatMap(actionsOf))].sort()).toEqual([
      'lambda:CreateFunction',
      'lambda:DeleteFunction',
      'lambda:InvokeFunction',
      'lambda:TagResource',
      'lambda:UpdateFunctionConfiguration',
    ]);
    const pass = lambdaStatementsWith(/^iam:PassRole$/);
    expect(pass).toEqual([
      expect.objectContaining({
        Resource: { 'Fn::GetAtt': ['ProbeRole', 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
      }),
    ]);
  });

  it('alarms on dead letters, failed, timed-out or aborted executions and endpoint-API throttling, to one topic', () => {
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([id, a]) => ({
      id,
      metric: (a.Properties.MetricName as string | undefined) ?? 'expression',
      actions: a.Properties.AlarmActions,
    }));
    expect(alarms.map((a) => [a.id, a.metric])).toEqual([
      ['AsyncFailuresAlarm', 'ApproximateNumberOfMessagesVisible'],
      ['ExecutionsFailedAlarm', 'ExecutionsFailed'],
      ['ExecutionsTimedOutOrAbortedAlarm', 'expression'],
      ['EndpointApiThrottlingAlarm', 'EndpointApiThrottles'],
    ]);
    for (const a of alarms) expect(a.actions).toEqual([{ Ref: 'AlarmTopic' }]);
    const filters = resourcesOfType(template, 'AWS::Logs::MetricFilter').map(
      ([, f]) => f.Properties.FilterPattern,
    );
    expect(filters).toEqual(['{ $.error.name = "ThrottlingError" }', '{ $.error.name = "ThrottlingError" }']);
    expect(resourcesOfType(template, 'AWS::CloudWatch::Dashboard')).toHaveLength(1);
  });

  it('outputs what operators and the CLI look for', () => {
    expect(Object.keys(template.Outputs ?? {})).toEqual(
      expect.arrayContaining([
        'ProvisionStateMachineArn',
        'RunLockTableName',
        'AsyncFailuresQueueUrl',
        'AlarmTopicArn',
        'EventBusName',
        'DashboardName',
      ]),
    );
  });

  it('gives every step a role of its own that may do what the step needs and nothing more', () => {
    const roles = roleStatements();
    const writes = Object.fromEntries(
      Object.entries(roles).map(([fn, statements]) => [
        fn,
        [...new Set(statements.flatMap(actionsOf).filter(isWrite))].sort(),
      ]),
    );
    expect(writes).toEqual(EXPECTED_WRITES);
    const lambdas = resourcesOfType(template, 'AWS::Lambda::Function');
    for (const [id, fn] of lambdas) {
      const role = (fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
      expect(role).toBe(
        id === 'ConnectivityProbeLambdaFunction'
          ? 'ProbeRole'
          : id.replace(/LambdaFunction$/, 'IamRoleLambdaExecution'),
      );
    }
  });

  it('creates endpoints only for AWS-owned services, tagged as ours, in VPCs that opted in', () => {
    const creates =
      roleStatements().applyEndpoint?.filter((s) => actionsOf(s).includes('ec2:CreateVpcEndpoint')) ?? [];
    const on = (type: string) => creates.filter((s) => JSON.stringify(s.Resource).includes(`:${type}/*`));
    expect(on('vpc-endpoint').map((s) => s.Condition)).toEqual([
      {
        StringEquals: {
          'aws:RequestTag/privatelink:managed-by': 'privatelink-orchestrator-test',
          'ec2:VpceServiceOwner': 'amazon',
        },
      },
    ]);
    expect(on('vpc').map((s) => s.Condition)).toEqual([
      { Null: { 'aws:ResourceTag/privatelink:services': 'false' } },
      { Null: { 'aws:ResourceTag/privatelink:profile': 'false' } },
    ]);
    const unconditioned = creates.filter((s) => !s.Condition).map((s) => JSON.stringify(s.Resource));
    expect(unconditioned.join()).not.toMatch(/vpc-endpoint|:vpc\//);
  });

  it('limits every other EC2 write to resources carrying the ownership tag, tagged at creation', () => {
    // Changing an endpoint (on vpc-endpoint/*) or a group's rules, or deleting a group: only ours.
    const changesOwned = (s: Statement) =>
      actionsOf(s).some(
        (a) =>
          /^ec2:(Authorize|Revoke)SecurityGroup|^ec2:DeleteSecurityGroup$/.test(a) ||
          (/^ec2:(ModifyVpcEndpoint|DeleteVpcEndpoints)$/.test(a) &&
            JSON.stringify(s.Resource).includes('vpc-endpoint/*')),
      );
    const unowned = lambdaStatements().filter(
      (s) => changesOwned(s) && JSON.stringify(s.Condition) !== JSON.stringify(OWNED),
    );
    expect(unowned.map((s) => s.Sid)).toEqual([]);
    const groupCreates = lambdaStatementsWith(/^ec2:CreateSecurityGroup$/).map((s) => ({
      onGroups: JSON.stringify(s.Resource).includes('security-group/*'),
      condition: Object.keys(s.Condition ?? {})[0],
    }));
    // New groups carry our tag; they go only into VPCs that opted in (services or profile).
    expect(groupCreates.filter((g) => g.condition !== (g.onGroups ? 'StringEquals' : 'Null'))).toEqual([]);
    for (const s of lambdaStatementsWith(/^ec2:CreateTags$/))
      expect(Object.keys(s.Condition?.StringEquals ?? {})).toEqual(['ec2:CreateAction']);
    expect(lambdaStatements().flatMap(actionsOf)).not.toContain('ec2:*');
  });
});

describe("the Organization check's resources", () => {
  type Statement = { Sid: string; Action: string | string[]; Resource: unknown };
  const roleOf = () =>
    (
      template.Resources.OrgDriftStateMachineRole?.Properties.Policies as {
        PolicyDocument: { Statement: Statement[] };
      }[]
    ).flatMap((p) => p.PolicyDocument.Statement);

  it('runs under a role that invokes its three functions, runs its children, reads only manifests and writes only results', () => {
    const bySid = Object.fromEntries(roleOf().map((s) => [s.Sid, s]));
    expect(Object.keys(bySid).sort()).toEqual(
      [
        'FollowItsChildren',
        'InvokeItsFunctions',
        'ReadTheManifest',
        'RunItsChildren',
        'WriteTheResults',
      ].sort(),
    );
    expect(bySid.InvokeItsFunctions?.Resource).toEqual([
      { 'Fn::GetAtt': ['ListOrgTargetsLambdaFunction', 'Arn'] },
      { 'Fn::GetAtt': ['CheckOrgTargetsLambdaFunction', 'Arn'] },
      { 'Fn::GetAtt': ['SummarizeOrgCheckLambdaFunction', 'Arn'] },
    ]);
    expect(bySid.ReadTheManifest).toMatchObject({
      Action: 's3:GetObject',
      Resource: { 'Fn::Sub': '${OrgCheckBucket.Arn}/manifests/*' },
    });
    expect(bySid.WriteTheResults?.Resource).toEqual({ 'Fn::Sub': '${OrgCheckBucket.Arn}/results/*' });
    const [[, machine] = []] = resourcesOfType(template, 'AWS::StepFunctions::StateMachine').filter(
      ([id]) => id === 'OrgDriftStateMachine',
    );
    expect(machine?.Properties.RoleArn).toEqual({ 'Fn::GetAtt': ['OrgDriftStateMachineRole', 'Arn'] });
  });

  it('keeps its files in a private, encrypted bucket that expires them and takes TLS only', () => {
    const bucket = template.Resources.OrgCheckBucket?.Properties;
    expect(bucket).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [expect.objectContaining({ Status: 'Enabled', ExpirationInDays: 14 })],
      },
    });
    const policy = template.Resources.OrgCheckBucketPolicy?.Properties.PolicyDocument as {
      Statement: unknown[];
    };
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
  });
});
