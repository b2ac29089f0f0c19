import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageStack, resourcesOfType, type Template } from '../support/package-stack';

/**
 * A hub's stack (its config names an Organization and a "hub"): the bus takes events from the
 * Organization's accounts only, and the steps that act in VPCs may assume the spoke role, nothing more.
 */
let hub: Template;
let single: Template;

beforeAll(() => {
  hub = packageStack('tests/fixtures/config/hub.json').template;
  single = packageStack().template;
}, 600_000);

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
}
const rolesWith = (template: Template, sid: string) =>
  resourcesOfType(template, 'AWS::IAM::Role')
    .filter(([, role]) =>
      (role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined)?.some((p) =>
        p.PolicyDocument.Statement.some((s) => s.Sid === sid),
      ),
    )
    .map(([id]) => id.replace(/IamRoleLambdaExecution$/, ''))
    .sort();

describe('a hub stack', () => {
  it('lets only accounts of its Organization put events on its bus', () => {
    const [[, policy] = ['', undefined]] = resourcesOfType(hub, 'AWS::Events::EventBusPolicy');
    expect(policy).toMatchObject({
      Condition: 'HasOrganization',
      Properties: {
        EventBusName: 'default',
        Statement: {
          Effect: 'Allow',
          Principal: '*',
          Action: 'events:PutEvents',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } },
        },
      },
    });
    const params = (hub as unknown as { Parameters: Record<string, { Default: string }> }).Parameters;
    expect(params.OrganizationId?.Default).toBe('o-a1b2c3d4e5');
  });

  it('lets exactly the steps that read or change a VPC assume the spoke role, by its name', () => {
    expect(rolesWith(hub, 'ActInSpokes')).toEqual([
      'ApplyEndpoint',
      'CheckConnectivity',
      'CheckEndpoints',
      'CheckOrgTargets',
      'CheckProbe',
      'CleanupSecurityGroup',
      'Compensate',
      'ConfigureSecurityGroup',
      'DeleteEndpoints',
      'DriftCheck',
      'LinkCentral',
      'Plan',
      'PrepareProbe',
      'RemoveProbe',
      'RunProbe',
      'UpdateRoutes',
      'VerifyCutOver',
    ]);
    const statement = resourcesOfType(hub, 'AWS::IAM::Role')
      .flatMap(([, r]) => (r.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[]) ?? [])
      .flatMap((p) => p.PolicyDocument.Statement)
      .find((s) => s.Sid === 'ActInSpokes');
    expect(statement).toMatchObject({
      Action: ['sts:AssumeRole'],
      Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/privatelink-spoke' },
    });
  });

  it("lets only the schedule's drift check start the Organization check", () => {
    expect(rolesWith(hub, 'StartOrganizationCheck')).toEqual(['DriftCheck']);
    expect(rolesWith(single, 'StartOrganizationCheck')).toEqual([]);
  });

  it('is, without a hub config, a single-account stack: no step may assume a role, the bus takes no one', () => {
    expect(rolesWith(single, 'ActInSpokes')).toEqual([]);
    const params = (single as unknown as { Parameters: Record<string, { Default: string }> }).Parameters;
    expect(params.OrganizationId?.Default).toBe('');
  });
});

describe("a hub's drift check over OUs", () => {
  it('may list the accounts and the child OUs of its OUs, and nothing more of Organizations', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'plo-hub-')), 'hub-ous.json');
    writeFileSync(
      file,
      JSON.stringify({ hub: { roleName: 'privatelink-spoke', organizationalUnits: ['ou-ab12-cdef3456'] } }),
    );
    const resolveVariable = async (name: string) =>
      ({ 'self:service': 'plo', 'sls:stage': 'test', 'param:configFile': file })[name] ?? '';
    const iam = '../../config/iam.js'; // plain JavaScript, read by serverless at packaging
    const { statements } = (await import(iam)) as {
      statements: (ctx: { resolveVariable: typeof resolveVariable }) => Promise<Record<string, Statement[]>>;
    };
    const all = await statements({ resolveVariable });
    const organizations = (fn: string) =>
      all[fn]?.filter((s) => [s.Action].flat().some((a) => a.startsWith('organizations:')));
    expect(organizations('listOrgTargets')).toEqual(organizations('driftCheck'));
    expect(organizations('driftCheck')).toEqual([
      {
        Sid: 'ListMemberAccounts',
        Effect: 'Allow',
        Action: ['organizations:ListAccountsForParent', 'organizations:ListOrganizationalUnitsForParent'],
        Resource: '*',
      },
    ]);
  });
});
