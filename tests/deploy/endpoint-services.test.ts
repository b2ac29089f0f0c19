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
      .filter((s) =>
        /ec2:CreateVpcEndpoint|vpce:AllowMultiRegion|vpc-lattice:/.test(JSON.stringify(s.Action)),
      )
      .filter(
        (s) =>
          JSON.stringify(s.Resource).includes(':vpc-endpoint/*') ||
          JSON.stringify(s.Action).includes('vpc-lattice:'),
      );

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
      // Resource endpoints: tagged as ours, no service name, only the allow-listed configurations.
      {
        role: 'ApplyEndpoint',
        Sid: 'CreateOnlyTaggedResourceEndpoints',
        Condition: {
          StringEquals: { 'aws:RequestTag/privatelink:managed-by': 'privatelink-orchestrator-test' },
          Null: { 'ec2:VpceServiceName': 'true' },
        },
      },
      { role: 'ApplyEndpoint', Sid: 'AssociateAllowListedResourceConfigurations', Condition: undefined },
      // Cross-region: the config names service regions.
      { role: 'ApplyEndpoint', Sid: 'CrossRegionEndpoints', Condition: undefined },
    ]);
    const associate = creates.find((s) => s.Sid === 'AssociateAllowListedResourceConfigurations');
    expect(associate?.Resource).toEqual([
      'arn:aws:vpc-lattice:eu-west-1:444455556666:resourceconfiguration/rcfg-0123456789abcdef0',
      { 'Fn::Sub': 'arn:${AWS::Partition}:vpc-lattice:${AWS::Region}:555566667777:resourceconfiguration/*' },
    ]);
  });

  it('lets endpoints and groups into VPCs opted in by privatelink:resources too', () => {
    const intoVpcs = statementsOf(template)
      .flatMap(({ role, statements }) => statements.map((s) => ({ role, ...s })))
      .filter((s) => s.Sid === 'EndpointsInOptedInVpcsByResources');
    expect(intoVpcs.map((s) => [s.role, s.Condition])).toEqual([
      ['ApplyEndpoint', { Null: { 'aws:ResourceTag/privatelink:resources': 'false' } }],
    ]);
  });
});
