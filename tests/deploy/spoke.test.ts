import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spokeTemplate } from '../../cli/spoke-template';
import { runVenvTool } from '../support/python-tools';

/**
 * The spoke template (spoke/spoke.yaml) a member account deploys: AWS's linter, the policy scanner, and
 * what it lets the hub do — the trust of its role and the rules that forward events.
 */
const TEMPLATE = join(__dirname, '../../spoke/spoke.yaml');

interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
type Resource = { Type: string; Properties: Record<string, unknown> };
/** As `privatelink --output json spoke-template` prints it: short forms such as !Sub in their long form. */
const template = spokeTemplate() as { Resources: Record<string, Resource> };
const role = template.Resources.SpokeRole?.Properties as {
  AssumeRolePolicyDocument: { Statement: Statement[] };
  Policies: { PolicyDocument: { Statement: Statement[] } }[];
};
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('the spoke template', () => {
  it('has no cfn-lint errors or warnings', () => {
    const { stdout } = runVenvTool('cfn-lint', ['--format', 'json', TEMPLATE]);
    expect(JSON.parse(stdout || '[]')).toEqual([]);
  }, 120_000);

  it('has no cfn-lint errors or warnings in its JSON form either (spoke-template --output json)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'spoke-')), 'spoke.json');
    writeFileSync(file, JSON.stringify(template, null, 2));
    const { stdout } = runVenvTool('cfn-lint', ['--format', 'json', file]);
    expect(JSON.parse(stdout || '[]')).toEqual([]);
  }, 120_000);

  it('passes checkov with no failures and nothing skipped', () => {
    const { stdout } = runVenvTool('checkov', [
      '-f',
      TEMPLATE,
      '--framework',
      'cloudformation',
      '--skip-download',
      '-o',
      'json',
    ]);
    const report = JSON.parse(stdout) as { summary: { passed: number; failed: number; skipped: number } };
    expect(report.summary).toMatchObject({ failed: 0, skipped: 0 });
    expect(report.summary.passed).toBeGreaterThan(10);
  }, 300_000);

  it("trusts only the hub's function roles, inside the Organization, with the hub's external id", () => {
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Sid: 'HubFunctionsOnly',
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${HubAccountId}:root' } },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: {
            'sts:ExternalId': { Ref: 'ExternalId' },
            'aws:PrincipalOrgID': { Ref: 'OrganizationId' },
          },
          ArnLike: {
            'aws:PrincipalArn': {
              'Fn::Sub': 'arn:${AWS::Partition}:iam::${HubAccountId}:role/${HubStackName}-*',
            },
          },
        },
      },
    ]);
  });

  it('writes only what carries the hub’s ownership tag, and creates endpoints only to AWS services and the allow-listed ones', () => {
    const listed = role.Policies.flatMap((p) => p.PolicyDocument.Statement);
    // A statement under a condition (Fn::If) is held to the same rules as the rest: its true branch.
    const statements = listed.map(
      (s) => (s as unknown as { 'Fn::If'?: [string, typeof s] })['Fn::If']?.[1] ?? s,
    );
    const writes = statements.filter((s) =>
      actionsOf(s).some((a) => !/^(ec2:Describe|route53:List)/.test(a)),
    );
    const owned = { 'aws:ResourceTag/privatelink:managed-by': { Ref: 'HubStackName' } };
    for (const s of writes.filter((w) =>
      actionsOf(w).some((a) => /Modify|Delete|Authorize|Revoke/.test(a)),
    )) {
      if (s.Sid === 'PlaceEndpoints') continue; // subnets, route tables, groups: referenced, never changed
      expect({ sid: s.Sid, condition: s.Condition?.StringEquals }).toEqual({ sid: s.Sid, condition: owned });
    }
    expect(statements.find((s) => s.Sid === 'CreateOnlyTaggedEndpointsToAwsServices')?.Condition).toEqual({
      StringEquals: {
        'aws:RequestTag/privatelink:managed-by': { Ref: 'HubStackName' },
        'ec2:VpceServiceOwner': { Ref: 'AllowedServiceOwners' },
      },
    });
    // The allow-listed names: a statement only where the hub's config names some.
    expect(listed.find((s) => JSON.stringify(s).includes('HasAllowedServiceNames'))).toEqual({
      'Fn::If': [
        'HasAllowedServiceNames',
        expect.objectContaining({
          Sid: 'CreateOnlyTaggedEndpointsToAllowListedServices',
          Condition: {
            StringEquals: {
              'aws:RequestTag/privatelink:managed-by': { Ref: 'HubStackName' },
              'ec2:VpceServiceName': { Ref: 'AllowedServiceNames' },
            },
          },
        }),
        { Ref: 'AWS::NoValue' },
      ],
    });
    // Cross-region endpoints: only where the hub says its config names service regions.
    expect(listed.find((s) => JSON.stringify(s).includes('AllowsCrossRegion'))).toEqual({
      'Fn::If': [
        'AllowsCrossRegion',
        expect.objectContaining({ Sid: 'CrossRegionEndpoints', Action: 'vpce:AllowMultiRegion' }),
        { Ref: 'AWS::NoValue' },
      ],
    });
    // Resource endpoints: only where the hub names resource configurations, and only to those.
    expect(
      listed
        .filter((s) => JSON.stringify(s).includes('AllowsResourceEndpoints'))
        .map(
          (s) => (s as unknown as { 'Fn::If': [string, { Sid: string; Resource: unknown }] })['Fn::If'][1],
        ),
    ).toEqual([
      expect.objectContaining({ Sid: 'EndpointsInOptedInVpcsByResources' }),
      expect.objectContaining({ Sid: 'CreateOnlyTaggedResourceEndpoints' }),
      expect.objectContaining({
        Sid: 'AssociateAllowListedResourceConfigurations',
        Resource: { Ref: 'AllowedResourceConfigurations' },
      }),
    ]);
    // Route 53 links: only where the member's VPCs may be spokes of the hub's central VPCs.
    expect(
      listed
        .filter((s) => JSON.stringify(s).includes('UsesHubCentralVpcs'))
        .map((s) => (s as unknown as { 'Fn::If': [string, Statement] })['Fn::If'][1]),
    ).toEqual([
      expect.objectContaining({
        Sid: 'LinkToHubCentralZones',
        Action: [
          'route53:AssociateVPCWithHostedZone',
          'route53:DisassociateVPCFromHostedZone',
          'route53:ListTagsForResources',
        ],
      }),
      expect.objectContaining({ Sid: 'ReadSpokeLists', Action: 'ec2:GetManagedPrefixListEntries' }),
    ]);
    expect(
      statements.filter((s) => actionsOf(s).some((a) => /Associate.*HostedZone/.test(a))).map((s) => s.Sid),
    ).toEqual(['LinkToHubCentralZones']);
    // IAM only to hand the probe copies this template's own probe role.
    const iam = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('iam:') || a === '*'));
    expect(iam).toEqual([
      {
        Sid: 'PassProbeRole',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: { 'Fn::GetAtt': ['ProbeRole', 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
      },
    ]);
  });

  it("forwards the hub's trigger events, and only to the hub's bus", () => {
    const rules = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Events::Rule');
    expect(rules.map((r) => (r.Properties.EventPattern as { source: string[] }).source)).toEqual([
      ['aws.tag'],
      ['aws.ec2'],
    ]);
    expect(
      (rules[1]?.Properties.EventPattern as { detail: { eventName: string[] } }).detail.eventName,
    ).toEqual(['CreateTags', 'DeleteTags', 'CreateVpc']);
    for (const rule of rules)
      expect(rule.Properties.Targets).toEqual([
        { Id: 'hub', Arn: { Ref: 'HubEventBusArn' }, RoleArn: { 'Fn::GetAtt': ['ForwardRole', 'Arn'] } },
      ]);
  });
});
