import { packageStack, resourcesOfType, type Template } from '../support/package-stack';

/**
 * A stack whose config allow-lists endpoint services: the one function that creates endpoints may create
 * them to AWS's services, to the allow-listed owners' and to the allow-listed names, tagged as ours, and
 * to nothing else; a stack without the allow-list keeps AWS's services only (tests/deploy/package.test.ts).
 */
let template: Template;

beforeAll(() => {
  template = packageStack('tests/fixtures/config/endpoint-services.json').template;
}, 600_000);

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

const statementsOf = (template: Template) =>
  resourcesOfType(template, 'AWS::IAM::Role').map(([id, role]) => ({
    role: id.replace(/IamRoleLambdaExecution$/, ''),
    statements: (
      (role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? []
    ).flatMap((p) => p.PolicyDocument.Statement),
  }));

describe('a stack with an allow-list of endpoint services', () => {
  it('lets ApplyEndpoint create endpoints to the allow-listed owners and names, tagged as ours, and nothing more', () => {
    const creates = statementsOf(template)
      .flatMap(({ role, statements }) => statements.map((s) => ({ role, ...s })))
      .filter((s) => /ec2:CreateVpcEndpoint|vpce:AllowMultiRegion/.test(JSON.stringify(s.Action)))
      .filter((s) => JSON.stringify(s.Resource).includes(':vpc-endpoint/*'));

    expect(creates.map(({ role, Sid, Condition }) => ({ role, Sid, Condition }))).toEqual([
      {
        role: 'ApplyEndpoint',
        Sid: 'CreateOnlyTaggedEndpointsToAwsServices',
        Condition: {
          StringEquals: {
            'aws:RequestTag/privatelink:managed-by': 'privatelink-orchestrator-test',
            'ec2:VpceServiceOwner': ['amazon', '777788889999'],
          },
        },
      },
      {
        role: 'ApplyEndpoint',
        Sid: 'CreateOnlyTaggedEndpointsToAllowListedServices',
        Condition: {
          StringEquals: {
            'aws:RequestTag/privatelink:managed-by': 'privatelink-orchestrator-test',
            'ec2:VpceServiceName': [
              'com.amazonaws.vpce.eu-west-1.vpce-svc-0a1b2c3d4e5f60718',
              'com.amazonaws.vpce.eu-west-1.vpce-svc-0d0d0d0d0d0d0d0d0',
            ],
          },
        },
      },
      // Cross-region: the config names service regions.
      { role: 'ApplyEndpoint', Sid: 'CrossRegionEndpoints', Condition: undefined },
    ]);
  });
});
