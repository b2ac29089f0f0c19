import { join } from 'node:path';
import { packageStack, resourcesOfType, type Template } from '../support/package-stack';
import { runVenvTool } from '../support/python-tools';
import { iamStatementsFor, type Statement } from '../support/iam-statements';

/**
 * A stack with centralized endpoints on (config "central"): LinkCentral may make and change only what it
 * must — prefix lists tagged as ours, alias A records under amazonaws.com — and Plan may read the links;
 * cfn-lint passes the template (the default stack's linters run in linters.test.ts).
 */
let template: Template;
let dir: string;

beforeAll(() => {
  ({ template, dir } = packageStack('tests/fixtures/config/central.json'));
}, 600_000);

const statementsOf = (role: string) =>
  resourcesOfType(template, 'AWS::IAM::Role')
    .filter(([id]) => id === `${role}IamRoleLambdaExecution`)
    .flatMap(([, r]) =>
      ((r.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? []).flatMap(
        (p) => p.PolicyDocument.Statement,
      ),
    );

describe('a stack with centralized endpoints', () => {
  it('lets LinkCentral change only alias A records under amazonaws.com, by UPSERT and DELETE (a zone retired)', () => {
    const records = statementsOf('LinkCentral').find((s) => s.Sid === 'AliasRecordsOnly');

    expect(records).toMatchObject({
      Action: ['route53:ChangeResourceRecordSets'],
      Condition: {
        'ForAllValues:StringEquals': {
          'route53:ChangeResourceRecordSetsRecordTypes': ['A'],
          'route53:ChangeResourceRecordSetsActions': ['UPSERT', 'DELETE'],
        },
        'ForAllValues:StringLike': {
          'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['*amazonaws.com'],
        },
      },
    });
  });

  it('lets LinkCentral delete hosted zones (the retired ones it read as ours)', () => {
    const sids = Object.fromEntries(statementsOf('LinkCentral').map((s) => [s.Sid, s]));

    expect(sids.DeleteRetiredZones?.Action).toEqual(['route53:DeleteHostedZone']);
  });

  it('lets LinkCentral make prefix lists only tagged as ours, and change only ours', () => {
    const sids = Object.fromEntries(statementsOf('LinkCentral').map((s) => [s.Sid, s]));

    expect(sids.CreateOnlyTaggedSpokeLists?.Condition).toEqual({
      StringEquals: { 'aws:RequestTag/privatelink:managed-by': 'privatelink-orchestrator-test' },
    });
    expect(sids.ChangeOnlyOwnedSpokeLists?.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/privatelink:managed-by': 'privatelink-orchestrator-test' },
    });
  });

  it('lets Plan read the links and change nothing', () => {
    // The framework's own log-group grant aside.
    const actions = statementsOf('Plan')
      .flatMap((s) => [s.Action].flat())
      .filter((a) => !a.startsWith('logs:'));

    expect(actions).toEqual(
      expect.arrayContaining([
        'route53:ListTagsForResources',
        'route53:ListResourceRecordSets',
        'ec2:GetManagedPrefixListEntries',
      ]),
    );
    expect(actions.filter((a) => /:(Create|Change|Associate|Disassociate|Modify|Delete)/.test(a))).toEqual(
      [],
    );
  });

  it('has no cfn-lint errors', () => {
    const { stdout } = runVenvTool('cfn-lint', [
      '--format',
      'json',
      join(dir, 'cloudformation-template-update-stack.json'),
    ]);
    const errors = (JSON.parse(stdout || '[]') as { Level: string; Rule: { Id: string }; Message: string }[])
      .filter((m) => m.Level === 'Error')
      .map((m) => `${m.Rule.Id}: ${m.Message}`);
    expect(errors).toEqual([]);
  }, 120_000);
});

const hub = { roleName: 'privatelink-spoke', externalId: 'it-hub' };

describe('a hub with centralized endpoints', () => {
  it("lets LinkCentral authorize a member's spoke to its zones and delete the authorization, and no stack without a hub", async () => {
    const authorizing = async (config: object) =>
      Object.entries(await iamStatementsFor(config)).flatMap(([fn, list]) =>
        list
          .filter((s) => [s.Action].flat().some((a) => /(Create|Delete)VPCAssociationAuthorization/.test(a)))
          .map((s) => [fn, s.Sid, s.Action, s.Resource]),
      );

    expect(await authorizing({ central: {}, hub })).toEqual([
      [
        'linkCentral',
        'AuthorizeMemberSpokes',
        ['route53:CreateVPCAssociationAuthorization', 'route53:DeleteVPCAssociationAuthorization'],
        { 'Fn::Sub': 'arn:${AWS::Partition}:route53:::hostedzone/*' },
      ],
    ]);
    expect(await authorizing({ central: {} })).toEqual([]);
  });

  it('lets the drift check, the Organization check and the checks read the links (a deployed drift check was refused)', async () => {
    const all = await iamStatementsFor({ central: {}, hub });
    const readers = (action: string) =>
      Object.entries(all)
        .filter(([, list]) => list.some((s) => [s.Action].flat().includes(action)))
        .map(([fn]) => fn)
        .sort();
    const judges = ['checkConnectivity', 'checkOrgTargets', 'driftCheck', 'linkCentral', 'plan'];

    expect(readers('route53:ListHostedZonesByVPC')).toEqual(judges);
    // A hub's central VPC sees the authorizations a member's crashed run left.
    expect(readers('route53:ListVPCAssociationAuthorizations')).toEqual(judges);
  });
});
