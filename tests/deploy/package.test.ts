import aslValidator from 'asl-validator';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageStack, resourcesOfType, type Template } from '../support/package-stack';

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
const lambdaStatements = (): Statement[] => {
  const [, role] =
    resourcesOfType(template, 'AWS::IAM::Role').find(([id]) => id === 'IamRoleLambdaExecution') ?? [];
  const policies = (role?.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[];
  return policies.flatMap((p) => p.PolicyDocument.Statement);
};
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const lambdaStatementsWith = (action: RegExp) =>
  lambdaStatements().filter((s) => actionsOf(s).some((a) => action.test(a)));

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

  it('passes the deployed config as JSON the functions accept', async () => {
    const { parseConfig } = await import('../../lib/domain/config');
    const [, fn] = resourcesOfType(template, 'AWS::Lambda::Function')[0] ?? [];
    const vars = (fn?.Properties.Environment as { Variables: Record<string, string> }).Variables;
    expect(parseConfig(vars.PRIVATELINK_CONFIG, vars.STACK_NAME ?? '').drift.schedule).toBe('rate(6 hours)');
  });

  it('has the Standard provisioning state machine, traced and logged, calling only our functions', () => {
    const [[id, machine] = []] = resourcesOfType(template, 'AWS::StepFunctions::StateMachine');
    expect(id).toBe('ProvisionStateMachine');
    expect(machine?.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: expect.objectContaining({ Level: 'ERROR' }),
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
    const statement = lambdaStatements().find((st) => st.Sid === 'OneWriterPerVpc');
    expect(actionsOf(statement as Statement).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
  });

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
    const create = lambdaStatements.find((st) => actionsOf(st).includes('lambda:CreateFunction'));
    expect(create?.Condition).toEqual({
      StringEquals: { 'aws:RequestTag/privatelink:managed-by': 'privatelink-orchestrator-test' },
    });
    const use = lambdaStatements.find((st) => actionsOf(st).includes('lambda:DeleteFunction'));
    expect(actionsOf(use as Statement).sort()).toEqual([
      'lambda:DeleteFunction',
      'lambda:InvokeFunction',
      'lambda:UpdateFunctionConfiguration',
    ]);
    expect(use?.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/privatelink:managed-by': 'privatelink-orchestrator-test' },
    });
    const pass = lambdaStatementsWith(/^iam:PassRole$/);
    expect(pass).toEqual([
      expect.objectContaining({
        Resource: { 'Fn::GetAtt': ['ProbeRole', 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
      }),
    ]);
  });

  it('limits every mutating EC2 action on endpoints and groups to resources carrying the ownership tag', () => {
    const statements = lambdaStatements();
    const owned = statements.find((s) => s.Sid === 'ChangeOnlyOwned');
    expect(owned?.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/privatelink:managed-by': 'privatelink-orchestrator-test' },
    });
    expect(actionsOf(owned as Statement).sort()).toEqual(
      [
        'ec2:AuthorizeSecurityGroupEgress',
        'ec2:RevokeSecurityGroupEgress',
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:DeleteSecurityGroup',
        'ec2:DeleteVpcEndpoints',
        'ec2:ModifyVpcEndpoint',
        'ec2:RevokeSecurityGroupIngress',
      ].sort(),
    );
    const create = statements.find((s) => s.Sid === 'CreateOnlyTagged');
    expect(create?.Condition).toEqual({
      StringEquals: { 'aws:RequestTag/privatelink:managed-by': 'privatelink-orchestrator-test' },
    });
    const tagging = statements.find((s) => s.Sid === 'TagOnlyOnCreate');
    expect(tagging?.Condition?.StringEquals?.['ec2:CreateAction']).toEqual([
      'CreateVpcEndpoint',
      'CreateSecurityGroup',
    ]);
  });

  it('grants no unconditioned EC2 write that could create, change or delete an endpoint or a group', () => {
    const changesGroups =
      /^ec2:(CreateSecurityGroup|DeleteSecurityGroup|AuthorizeSecurityGroup|RevokeSecurityGroup)/;
    const unconditioned = lambdaStatements().filter(
      (s) => !s.Condition && actionsOf(s).some((a) => a.startsWith('ec2:') && !a.startsWith('ec2:Describe')),
    );
    expect(unconditioned.map((s) => s.Sid).sort()).toEqual(['GroupsInVpcs', 'PlaceEndpoints']);
    for (const s of unconditioned) {
      const resources = JSON.stringify(s.Resource);
      expect(resources).not.toMatch(/vpc-endpoint/);
      expect(s.Resource).not.toBe('*');
      const groupWrites = /security-group/.test(resources)
        ? actionsOf(s).filter((a) => changesGroups.test(a))
        : [];
      expect(groupWrites).toEqual([]);
    }
    expect(lambdaStatements().flatMap(actionsOf)).not.toContain('ec2:*');
  });
});
