// Serverless variable source: each function's own IAM statements (serverless-iam-roles-per-function gives
// every function a role of its own). A function may do what its step needs and nothing else; every write
// to an endpoint, a group or a probe copy is limited to what carries our ownership tag, and new endpoints
// only to AWS services and the allow-listed endpoint services, in VPCs that opted in (docs/architecture.md, "Least privilege").
const { configOf, configModule } = require('./env');

const OWNER_TAG = 'privatelink:managed-by';

module.exports.statements = async ({ resolveVariable }) => {
  const stack = `${await resolveVariable('self:service')}-${await resolveVariable('sls:stage')}`;
  const arn = (service, resource) => ({
    'Fn::Sub': `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`,
  });
  const ec2 = (...types) => types.map((t) => arn('ec2', `${t}/*`));
  const allow = (Sid, Action, Resource, Condition) => ({
    Sid,
    Effect: 'Allow',
    Action,
    Resource,
    ...(Condition ? { Condition } : {}),
  });
  const owned = { StringEquals: { [`aws:ResourceTag/${OWNER_TAG}`]: stack } };
  const taggedOnCreate = { StringEquals: { [`aws:RequestTag/${OWNER_TAG}`]: stack } };

  // Describe* support no resource-level permissions; they only read.
  const read = (...actions) =>
    allow(
      'Read',
      actions.map((a) => `ec2:${a}`),
      '*',
    );
  const READ_VPC = [
    'DescribeVpcs',
    'DescribeVpcAttribute',
    'DescribeSubnets',
    'DescribeRouteTables',
    'DescribeVpcEndpoints',
    'DescribeVpcEndpointServices',
    'DescribeSecurityGroups',
    'DescribeNetworkAcls',
    'DescribeManagedPrefixLists',
  ];
  const tracing = allow('Tracing', ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], '*');
  const config = await configOf(resolveVariable);
  // A VPC opts in by services or profile, and by resources where the config allow-lists any.
  const resourceConfigurations = config.resourceConfigurations ?? [];
  const optInKeys = ['services', 'profile', ...(resourceConfigurations.length ? ['resources'] : [])];
  /** Into VPCs that opted in, by each opt-in tag (IAM cannot test "any of these tags" in one statement). */
  const intoOptedInVpcs = (Sid, Action) =>
    optInKeys.map((key) =>
      allow(`${Sid}By${key[0].toUpperCase()}${key.slice(1)}`, Action, ec2('vpc'), {
        Null: { [`aws:ResourceTag/privatelink:${key}`]: 'false' },
      }),
    );
  const tagOnCreate = (Sid, types, action) =>
    allow(Sid, 'ec2:CreateTags', ec2(...types), { StringEquals: { 'ec2:CreateAction': action } });

  const locks = allow('OneWriterPerVpc', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], {
    'Fn::GetAtt': ['RunLockTable', 'Arn'],
  });
  const machine = `${stack}-provision`;
  const startRuns = allow(
    'StartProvisioning',
    'states:StartExecution',
    arn('states', `stateMachine:${machine}`),
  );
  const inspectRuns = allow(
    'InspectProvisioning',
    'states:DescribeExecution',
    arn('states', `execution:${machine}:*`),
  );
  const deadLetters = allow('DeadLetters', 'sqs:SendMessage', {
    'Fn::GetAtt': ['AsyncFailuresQueue', 'Arn'],
  });
  const emitEvents = allow('EmitEvents', 'events:PutEvents', arn('events', 'event-bus/default'));

  const probeCopies = [arn('lambda', `function:${stack}-probe-*`), arn('lambda', 'function:plo-probe-*')];
  const readProbeCopies = allow('ReadProbeCopies', 'lambda:GetFunction', probeCopies);
  const deleteOwnedGroups = allow(
    'DeleteOnlyOwnedGroups',
    'ec2:DeleteSecurityGroup',
    ec2('security-group'),
    owned,
  );

  // New endpoints only to AWS's services and the endpoint services of the allow-list (config
  // endpointServices): by owner account, and by exact name (IAM ORs the two only as two statements).
  const endpointServices = config.endpointServices ?? [];
  const owners = endpointServices.filter((e) => e.owner).map((e) => e.owner);
  const names = endpointServices.filter((e) => e.name).map((e) => e.name);
  const createOnlyAllowListed = [
    allow('CreateOnlyTaggedEndpointsToAwsServices', 'ec2:CreateVpcEndpoint', ec2('vpc-endpoint'), {
      StringEquals: {
        [`aws:RequestTag/${OWNER_TAG}`]: stack,
        'ec2:VpceServiceOwner': owners.length ? ['amazon', ...owners] : 'amazon',
      },
    }),
    ...(names.length
      ? [
          allow(
            'CreateOnlyTaggedEndpointsToAllowListedServices',
            'ec2:CreateVpcEndpoint',
            ec2('vpc-endpoint'),
            {
              StringEquals: { [`aws:RequestTag/${OWNER_TAG}`]: stack, 'ec2:VpceServiceName': names },
            },
          ),
        ]
      : []),
    // Resource endpoints (config resourceConfigurations) have no service, so no service key to hold them
    // to: tagged as ours and without a service name, and only to the allow-listed configurations through
    // VPC Lattice (vpc-lattice:AssociateViaAWSService; to verify on real AWS: README, "Resource endpoints").
    ...(resourceConfigurations.length
      ? [
          allow('CreateOnlyTaggedResourceEndpoints', 'ec2:CreateVpcEndpoint', ec2('vpc-endpoint'), {
            StringEquals: { [`aws:RequestTag/${OWNER_TAG}`]: stack },
            Null: { 'ec2:VpceServiceName': 'true' },
          }),
          allow(
            'AssociateAllowListedResourceConfigurations',
            'vpc-lattice:AssociateViaAWSService',
            resourceConfigurations.map((e) =>
              e.arn
                ? e.arn
                : {
                    'Fn::Sub': `arn:\${AWS::Partition}:vpc-lattice:\${AWS::Region}:${e.owner}:resourceconfiguration/*`,
                  },
            ),
          ),
        ]
      : []),
    // Cross-region endpoints (config serviceRegions) need this permission-only action besides.
    ...(config.serviceRegions?.length
      ? [allow('CrossRegionEndpoints', 'vpce:AllowMultiRegion', ec2('vpc-endpoint'))]
      : []),
  ];
  const newVpcProfile = config.newVpcDefaultProfile;

  // A hub (config "hub") acts in spoke accounts through the spoke template's role there (spoke/spoke.yaml),
  // which trusts only this stack's function roles: every step that reads or changes a VPC may assume it.
  const actInSpokes = config.hub
    ? [
        allow('ActInSpokes', 'sts:AssumeRole', {
          'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/${config.hub.roleName || 'privatelink-spoke'}`,
        }),
      ]
    : [];
  // Fencing (docs/architecture.md, "One writer per VPC"): a step reads the lock before each mutating call.
  const fence = allow('FenceByTheLock', 'dynamodb:GetItem', { 'Fn::GetAtt': ['RunLockTable', 'Arn'] });
  const paceRecords = allow(
    'PaceRecordsOnly',
    'dynamodb:UpdateItem',
    { 'Fn::GetAtt': ['RunLockTable', 'Arn'] },
    { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['pace#*'] } },
  );
  // The Organization check (statemachine/org-drift.asl.json): its bucket's manifests and results only.
  const orgBucket = (prefix) => ({ 'Fn::Sub': `\${OrgCheckBucket.Arn}/${prefix}/*` });
  const orgMachine = `${stack}-org-drift`;
  const startOrgCheck = allow(
    'StartOrganizationCheck',
    'states:StartExecution',
    arn('states', `stateMachine:${orgMachine}`),
  );
  const statements = {
    listOrgTargets: [tracing, allow('WriteManifests', 's3:PutObject', orgBucket('manifests'))],
    checkOrgTargets: [tracing, read(...READ_VPC), locks, startRuns, inspectRuns, emitEvents],
    summarizeOrgCheck: [tracing, allow('ReadResults', 's3:GetObject', orgBucket('results')), emitEvents],
    onVpcEvent: [
      tracing,
      locks,
      startRuns,
      inspectRuns,
      deadLetters,
      // A new VPC created untagged gets the configured default profile as a tag: that key and value only.
      ...(newVpcProfile
        ? [
            allow('TagNewVpcsWithTheDefaultProfile', 'ec2:CreateTags', ec2('vpc'), {
              'ForAllValues:StringEquals': { 'aws:TagKeys': ['privatelink:profile'] },
              StringEquals: { 'aws:RequestTag/privatelink:profile': newVpcProfile },
            }),
          ]
        : []),
    ],
    driftCheck: [
      tracing,
      read(...READ_VPC),
      locks,
      startRuns,
      inspectRuns,
      deadLetters,
      emitEvents,
      ...(config.hub ? [startOrgCheck] : []),
      // drift.report (off by default): the fleet report's one object, written and read back; the runs it lists.
      ...(config.drift?.report
        ? [
            allow('WriteFleetReport', ['s3:PutObject', 's3:GetObject'], {
              'Fn::Sub': `arn:\${AWS::Partition}:s3:::${config.drift.report.bucket}/${config.drift.report.key ?? configModule.DEFAULT_FLEET_REPORT_KEY}`,
            }),
            allow('ListProvisioningRuns', 'states:ListExecutions', arn('states', `stateMachine:${machine}`)),
          ]
        : []),
    ],
    acquireLock: [tracing, locks, inspectRuns],
    releaseLock: [tracing, locks, startRuns, inspectRuns],
    // A no-op plan runs the checks itself, which look for a probe copy left behind.
    // Hosted zones associated with the VPC: a conflict with private DNS is seen before anything is made.
    // ListHostedZonesByVPC supports no resource-level permissions.
    plan: [
      tracing,
      read(...READ_VPC),
      readProbeCopies,
      allow('ReadZonesOfVpcs', 'route53:ListHostedZonesByVPC', '*'),
    ],
    // Reached only where the config has "central" (centralStatements, below, grants what it does).
    linkCentral: [tracing],
    // Decides the safe DNS cut-over from the execution state: no AWS call.
    planCutOver: [tracing],
    configureSecurityGroup: [
      tracing,
      fence,
      read('DescribeSecurityGroups'),
      allow('CreateOnlyTaggedGroups', 'ec2:CreateSecurityGroup', ec2('security-group'), taggedOnCreate),
      ...intoOptedInVpcs('GroupsInOptedInVpcs', 'ec2:CreateSecurityGroup'),
      tagOnCreate('TagGroupsOnCreate', ['security-group'], 'CreateSecurityGroup'),
      allow(
        'ChangeOnlyOwnedGroups',
        ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
        ec2('security-group'),
        owned,
      ),
    ],
    deleteEndpoints: [
      tracing,
      locks,
      read('DescribeVpcEndpoints'),
      allow('DeleteOnlyOwnedEndpoints', 'ec2:DeleteVpcEndpoints', ec2('vpc-endpoint'), owned),
    ],
    // The account-wide pace (docs/architecture.md, "One pace per account"): its records only.
    reservePermit: [tracing, paceRecords],
    applyEndpoint: [
      tracing,
      // Creation intents on the lock record (docs/architecture.md, "Eventual consistency").
      locks,
      read('DescribeVpcEndpoints'),
      ...createOnlyAllowListed,
      ...intoOptedInVpcs('EndpointsInOptedInVpcs', 'ec2:CreateVpcEndpoint'),
      // Subnets, route tables and groups an endpoint is placed in: referenced, never changed.
      allow(
        'PlaceEndpoints',
        ['ec2:CreateVpcEndpoint', 'ec2:ModifyVpcEndpoint'],
        ec2('subnet', 'route-table', 'security-group'),
      ),
      allow('ModifyOnlyOwnedEndpoints', 'ec2:ModifyVpcEndpoint', ec2('vpc-endpoint'), owned),
      tagOnCreate('TagEndpointsOnCreate', ['vpc-endpoint'], 'CreateVpcEndpoint'),
    ],
    checkEndpoints: [tracing, read('DescribeVpcEndpoints')],
    verifyCutOver: [tracing, read('DescribeVpcEndpoints')],
    // Route repairs are endpoint calls: they reserve permits of the pace themselves.
    updateRoutes: [
      tracing,
      fence,
      paceRecords,
      read('DescribeRouteTables', 'DescribeVpcEndpoints', 'DescribeManagedPrefixLists'),
      allow('ModifyOnlyOwnedEndpoints', 'ec2:ModifyVpcEndpoint', ec2('vpc-endpoint'), owned),
      allow('RouteOwnedEndpoints', 'ec2:ModifyVpcEndpoint', ec2('route-table')),
    ],
    cleanupSecurityGroup: [tracing, fence, read('DescribeSecurityGroups'), deleteOwnedGroups],
    checkConnectivity: [tracing, read(...READ_VPC), readProbeCopies],
    prepareProbe: [
      tracing,
      fence,
      read(...READ_VPC),
      allow('CreateOnlyTaggedGroups', 'ec2:CreateSecurityGroup', ec2('security-group'), taggedOnCreate),
      ...intoOptedInVpcs('GroupsInOptedInVpcs', 'ec2:CreateSecurityGroup'),
      tagOnCreate('TagGroupsOnCreate', ['security-group'], 'CreateSecurityGroup'),
      allow(
        'ChangeOnlyOwnedGroups',
        ['ec2:AuthorizeSecurityGroupEgress', 'ec2:RevokeSecurityGroupEgress'],
        ec2('security-group'),
        owned,
      ),
      allow('ReadProbeTemplateAndCopies', 'lambda:GetFunction', [
        arn('lambda', `function:${stack}-connectivityProbe`),
        ...probeCopies,
      ]),
      allow(
        'CreateProbeCopiesTagged',
        ['lambda:CreateFunction', 'lambda:TagResource'],
        probeCopies,
        taggedOnCreate,
      ),
      allow('UpdateOnlyOwnedProbeCopies', 'lambda:UpdateFunctionConfiguration', probeCopies, owned),
      allow(
        'PassProbeRole',
        'iam:PassRole',
        { 'Fn::GetAtt': ['ProbeRole', 'Arn'] },
        {
          StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' },
        },
      ),
    ],
    checkProbe: [tracing, readProbeCopies],
    runProbe: [
      tracing,
      read(...READ_VPC, 'DescribeNetworkInterfaces'),
      allow('InvokeOnlyOwnedProbeCopies', 'lambda:InvokeFunction', probeCopies, owned),
      locks,
    ],
    removeProbe: [
      tracing,
      fence,
      read('DescribeSecurityGroups'),
      readProbeCopies,
      allow('DeleteOnlyOwnedProbeCopies', 'lambda:DeleteFunction', probeCopies, owned),
      deleteOwnedGroups,
    ],
    compensate: [
      tracing,
      locks,
      read('DescribeVpcEndpoints'),
      allow('DeleteOnlyOwnedEndpoints', 'ec2:DeleteVpcEndpoints', ec2('vpc-endpoint'), owned),
    ],
    report: [tracing, emitEvents],
    reportFailure: [tracing, emitEvents],
  };
  if (config.central)
    centralStatements(statements, {
      paceRecords,
      locks,
      allow,
      read,
      ec2,
      arn,
      owned,
      taggedOnCreate,
      tracing,
      tagOnCreate,
      hub: Boolean(config.hub),
    });
  const inVpcs = [
    'linkCentral',
    'plan',
    'configureSecurityGroup',
    'deleteEndpoints',
    'applyEndpoint',
    'checkEndpoints',
    'verifyCutOver',
    'updateRoutes',
    'cleanupSecurityGroup',
    'checkConnectivity',
    'compensate',
    'driftCheck',
    'checkOrgTargets',
    'prepareProbe',
    'checkProbe',
    'runProbe',
    'removeProbe',
  ];
  for (const fn of inVpcs) statements[fn] = [...statements[fn], ...actInSpokes];
  // The hub's drift check lists the accounts of its OUs and of every OU below them, as a service-managed
  // StackSet deploys the spoke (from the management or a delegated administrator account).
  if (config.hub?.organizationalUnits?.length)
    statements.listOrgTargets.push(
      allow(
        'ListMemberAccounts',
        ['organizations:ListAccountsForParent', 'organizations:ListOrganizationalUnitsForParent'],
        '*',
      ),
    );
  if (config.hub?.organizationalUnits?.length)
    statements.driftCheck.push(
      allow(
        'ListMemberAccounts',
        ['organizations:ListAccountsForParent', 'organizations:ListOrganizationalUnitsForParent'],
        '*',
      ),
    );
  return statements;
};

/**
 * Centralized endpoints (docs/architecture.md, "Centralized endpoints"): Plan reads the links, LinkCentral
 * makes them. Route 53 authorizes no hosted-zone action by tag, so its writes are limited by what Route 53
 * can test: records only under amazonaws.com, only alias A records, only UPSERT.
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-conditions-route53.html
 */
function centralStatements(
  statements,
  { allow, read, ec2, owned, taggedOnCreate, tracing, tagOnCreate, paceRecords, locks, hub },
) {
  const zones = { 'Fn::Sub': 'arn:${AWS::Partition}:route53:::hostedzone/*' };
  const readLinks = [
    allow('ReadSpokeLists', 'ec2:GetManagedPrefixListEntries', '*'),
    allow('ReadZones', ['route53:ListHostedZonesByVPC', 'route53:GetHostedZone'], '*'),
    allow(
      'ReadZoneTagsAndRecords',
      ['route53:ListTagsForResources', 'route53:ListResourceRecordSets'],
      zones,
    ),
    // A hub's zones: which members' VPCs they still authorize.
    ...(hub ? [allow('ReadAuthorizations', 'route53:ListVPCAssociationAuthorizations', zones)] : []),
  ];
  // The drift check (and the Organization check's children) judge the links; the checks may read them.
  for (const fn of ['plan', 'driftCheck', 'checkOrgTargets', 'checkConnectivity'])
    statements[fn].push(...readLinks);
  // Plan's Route 53 reads wait for their turn of the account's Route 53 pace as Plan starts.
  statements.plan.push(paceRecords);
  statements.linkCentral = [
    tracing,
    // The fence, and a note on the lock record that a turn acted on Plan's decision (claimLinksTurn).
    locks,
    // Its Route 53 calls wait for permits of the account's Route 53 paces in the lock table.
    paceRecords,
    read(
      'DescribeVpcs',
      'DescribeVpcAttribute',
      'DescribeSubnets',
      'DescribeRouteTables',
      'DescribeVpcEndpoints',
      'DescribeVpcEndpointServices',
      'DescribeSecurityGroups',
      'DescribeNetworkAcls',
      'DescribeManagedPrefixLists',
      'GetManagedPrefixListEntries',
    ),
    ...readLinks.slice(1),
    // A private zone is made with, and associated with, a VPC: Route 53 reads it.
    allow(
      'MakeZones',
      [
        'route53:CreateHostedZone',
        'route53:AssociateVPCWithHostedZone',
        'route53:DisassociateVPCFromHostedZone',
      ],
      '*',
    ),
    // A member's spoke of a central VPC here: the hub authorizes its association, then deletes that.
    ...(hub
      ? [
          allow(
            'AuthorizeMemberSpokes',
            ['route53:CreateVPCAssociationAuthorization', 'route53:DeleteVPCAssociationAuthorization'],
            zones,
          ),
        ]
      : []),
    allow('TagZones', 'route53:ChangeTagsForResource', zones),
    // Route 53 authorizes no zone action by tag: the function deletes only zones it read as ours.
    allow('DeleteRetiredZones', 'route53:DeleteHostedZone', zones),
    allow('AliasRecordsOnly', 'route53:ChangeResourceRecordSets', zones, {
      'ForAllValues:StringEquals': {
        'route53:ChangeResourceRecordSetsRecordTypes': ['A'],
        'route53:ChangeResourceRecordSetsActions': ['UPSERT', 'DELETE'],
      },
      'ForAllValues:StringLike': {
        'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['*amazonaws.com'],
      },
    }),
    allow('CreateOnlyTaggedSpokeLists', 'ec2:CreateManagedPrefixList', ec2('prefix-list'), taggedOnCreate),
    tagOnCreate('TagSpokeListsOnCreate', ['prefix-list'], 'CreateManagedPrefixList'),
    allow('ChangeOnlyOwnedSpokeLists', 'ec2:ModifyManagedPrefixList', ec2('prefix-list'), owned),
    allow('AdmitSpokesInOwnedGroups', 'ec2:AuthorizeSecurityGroupIngress', ec2('security-group'), owned),
    allow('ReferOwnedSpokeLists', 'ec2:AuthorizeSecurityGroupIngress', ec2('prefix-list'), owned),
  ];
}
