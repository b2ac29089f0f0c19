import { InvalidTagError, UnsatisfiableRequestError } from '../../lib/domain/errors';
import type { DesiredState, VpcSnapshot } from '../../lib/domain/model';
import { planVpc } from '../../lib/domain/planner';
import { offeredDesiredState, parseDesiredState } from '../../lib/domain/tags';
import { STACK, testConfig } from '../support/config';
import {
  AZS,
  MAIN_RTB,
  MANAGED_SG,
  PRIVATE_RTB,
  PRIVATE_SUBNETS,
  PUBLIC_RTB,
  PUBLIC_SUBNETS,
  REGION,
  VPC,
  baseSnapshot,
  endpoint,
  managedGroup,
  offer,
  routedAsEc2Does,
  svc,
} from '../support/snapshots';

const desiredFrom = (tags: Record<string, string>): DesiredState =>
  parseDesiredState(tags, { region: REGION, config: testConfig() });
/** As Plan, the drift check and status plan: the tags checked against the region's offer, then the planner. */
const plan = (tags: Record<string, string>, snapshot: VpcSnapshot) =>
  planVpc(offeredDesiredState({ desired: desiredFrom(tags), problems: [] }, tags, snapshot), snapshot, {
    stackName: STACK,
  });
const ALL_RTBS = [MAIN_RTB, PRIVATE_RTB, PUBLIC_RTB].sort();

function withState(mutate: (s: VpcSnapshot) => void): VpcSnapshot {
  const s = baseSnapshot();
  mutate(s);
  return routedAsEc2Does(s);
}

const converged = () =>
  withState((s) => {
    s.endpoints = [endpoint('s3', 'Gateway'), endpoint('ssm', 'Interface')];
    s.securityGroups = [managedGroup()];
  });

describe('the planner', () => {
  it.each([
    {
      name: 'a fresh VPC gets every endpoint created and a security group',
      snapshot: baseSnapshot(),
      tags: { 'privatelink:services': 's3, ssm' },
      actions: { s3: 'create', ssm: 'create' },
      group: 'create',
      noop: false,
    },
    {
      name: 'a converged VPC is a no-op',
      snapshot: converged(),
      tags: { 'privatelink:services': 's3, ssm' },
      actions: { s3: 'unchanged', ssm: 'unchanged' },
      group: 'unchanged',
      noop: true,
    },
    {
      name: 'a partly provisioned VPC gets only what is missing',
      snapshot: converged(),
      tags: { 'privatelink:services': 's3, ssm, logs' },
      actions: { s3: 'unchanged', ssm: 'unchanged', logs: 'create' },
      group: 'unchanged',
      noop: false,
    },
    {
      name: 'an endpoint someone else made is adopted',
      snapshot: withState((s) => {
        s.endpoints = [
          endpoint('ssm', 'Interface', {
            tags: { Name: 'theirs' },
            securityGroupIds: ['sg-0theirs0000000000'],
          }),
        ];
      }),
      tags: { 'privatelink:services': 'ssm' },
      actions: { ssm: 'adopted' },
      group: 'none',
      noop: true,
    },
    {
      name: 'plan mode plans the same actions',
      snapshot: baseSnapshot(),
      tags: { 'privatelink:services': 'ssm', 'privatelink:mode': 'plan' },
      actions: { ssm: 'create' },
      group: 'create',
      noop: false,
    },
  ])('$name', ({ snapshot, tags, actions, group, noop }) => {
    const result = plan(tags as Record<string, string>, snapshot);
    expect(Object.fromEntries(result.endpoints.map((e) => [e.spec.service, e.action]))).toEqual(actions);
    expect(result.securityGroup.action).toBe(group);
    expect(result.noop).toBe(noop);
  });

  it('is not a no-op when the routes of a gateway of ours vanished and its associations stayed: it names the repair', () => {
    const snapshot = converged();
    for (const rt of snapshot.routeTables) rt.routes = rt.routes.filter((r) => !r.destinationPrefixListId);
    const result = plan({ 'privatelink:services': 's3, ssm' }, snapshot);
    expect(result.endpoints.map((e) => e.action)).toEqual(['unchanged', 'unchanged']);
    expect(result.noop).toBe(false);
    expect(result.routeRepairs).toEqual([
      expect.objectContaining({ service: svc('s3'), associated: [], reassociated: ALL_RTBS }),
    ]);
  });

  it.each([
    [
      'covers every targeted table: it is adopted, nothing of ours is made',
      ALL_RTBS,
      'adopted',
      'vpce-theirs',
      ALL_RTBS,
    ],
    [
      'covers some: ours goes on the tables it leaves out',
      [PUBLIC_RTB],
      'create',
      undefined,
      [MAIN_RTB, PRIVATE_RTB],
    ],
  ])('a gateway endpoint of someone else’s that %s', (_what, theirTables, action, endpointId, tables) => {
    const snapshot = withState((s) => {
      s.endpoints = [
        endpoint('s3', 'Gateway', { endpointId: 'vpce-theirs', routeTableIds: theirTables, tags: {} }),
      ];
    });
    const [s3] = plan({ 'privatelink:services': 's3' }, snapshot).endpoints;
    expect({ action: s3?.action, endpointId: s3?.endpointId, tables: s3?.spec.routeTableIds.sort() }).toEqual(
      {
        action,
        endpointId,
        tables: [...tables].sort(),
      },
    );
  });

  it('creates interface endpoints in the private subnets, one per AZ, and gateways in every route table', () => {
    // Private DNS from the start (the safe cut-over: tests/unit/private-dns-rules.test.ts).
    const result = plan(
      { 'privatelink:services': 's3 ssm', 'privatelink:cutover': 'direct' },
      baseSnapshot(),
    );
    const bySvc = Object.fromEntries(result.endpoints.map((e) => [e.spec.service, e.spec]));
    expect(bySvc.ssm).toMatchObject({
      subnetIds: PRIVATE_SUBNETS,
      routeTableIds: [],
      privateDns: true,
      type: 'Interface',
    });
    expect(bySvc.s3).toMatchObject({
      subnetIds: [],
      routeTableIds: ALL_RTBS,
      privateDns: false,
      type: 'Gateway',
    });
    expect(result.allowedCidrs).toEqual(['10.0.0.0/16']);
  });

  it('targets only private route tables when asked', () => {
    const result = plan(
      { 'privatelink:services': 's3', 'privatelink:route-tables': 'private' },
      baseSnapshot(),
    );
    expect(result.endpoints[0]?.spec.routeTableIds).toEqual([MAIN_RTB, PRIVATE_RTB].sort());
  });

  it('skips an AZ where the service is not offered', () => {
    const snapshot = withState((s) => {
      s.offers[svc('ssm')] = offer('ssm', ['Interface'], [AZS[0] ?? '', AZS[2] ?? '']);
    });
    const result = plan({ 'privatelink:services': 'ssm' }, snapshot);
    expect(result.endpoints[0]?.spec.subnetIds).toEqual([PRIVATE_SUBNETS[0], PRIVATE_SUBNETS[2]]);
  });

  it('picks the subnet with most free addresses per AZ, but keeps the one an endpoint already uses', () => {
    const extra = 'subnet-00000000000bigger';
    const snapshot = withState((s) => {
      s.subnets.push({
        subnetId: extra,
        availabilityZone: AZS[0] ?? '',
        cidrBlock: '10.0.200.0/22',
        availableIpCount: 1000,
        tags: {},
      });
      s.routeTables.find((r) => r.routeTableId === PRIVATE_RTB)?.subnetIds.push(extra);
    });
    expect(plan({ 'privatelink:services': 'ssm' }, snapshot).endpoints[0]?.spec.subnetIds).toContain(extra);
    snapshot.endpoints = [endpoint('ssm', 'Interface')];
    snapshot.securityGroups = [managedGroup()];
    const kept = plan({ 'privatelink:services': 'ssm' }, snapshot);
    expect(kept.endpoints[0]).toMatchObject({ action: 'unchanged', spec: { subnetIds: PRIVATE_SUBNETS } });
  });

  it("tells the endpoints' group from the probe's, which carries the same ownership tags", () => {
    const probeGroup = {
      ...managedGroup(),
      groupId: 'sg-00000000000000probe',
      groupName: `${STACK}-probe-${VPC}`,
      tags: { ...managedGroup().tags, 'privatelink:role': 'probe' },
    };
    const gatewayOnly = withState((s) => {
      s.endpoints = [endpoint('s3', 'Gateway')];
      s.securityGroups = [probeGroup];
    });
    expect(plan({ 'privatelink:services': 's3' }, gatewayOnly)).toMatchObject({
      noop: true,
      securityGroup: { action: 'none' },
    });
    const withInterface = withState((s) => {
      s.endpoints = [endpoint('ssm', 'Interface')];
      s.securityGroups = [probeGroup, managedGroup()];
    });
    expect(plan({ 'privatelink:services': 'ssm' }, withInterface)).toMatchObject({
      noop: true,
      securityGroup: { action: 'unchanged', groupId: MANAGED_SG },
    });
  });

  it('prefers subnets tagged privatelink:endpoint-subnet=true', () => {
    const snapshot = withState((s) => {
      const tagged = s.subnets.find((x) => x.subnetId === PRIVATE_SUBNETS[1]);
      if (tagged) tagged.tags['privatelink:endpoint-subnet'] = 'true';
    });
    expect(plan({ 'privatelink:services': 'ssm' }, snapshot).endpoints[0]?.spec.subnetIds).toEqual([
      PRIVATE_SUBNETS[1],
    ]);
  });

  it('modifies our endpoint with every change in one set: route tables, subnets, DNS, policy and group', () => {
    const snapshot = withState((s) => {
      s.endpoints = [
        endpoint('s3', 'Gateway', { routeTableIds: [MAIN_RTB] }),
        endpoint('ssm', 'Interface', {
          subnetIds: [PRIVATE_SUBNETS[0] ?? ''],
          privateDnsEnabled: false,
          securityGroupIds: ['sg-0000000000000other'],
        }),
      ];
      s.securityGroups = [managedGroup()];
    });
    const result = plan(
      { 'privatelink:services': 's3 ssm', 'privatelink:policy': 'account', 'privatelink:cutover': 'direct' },
      snapshot,
    );
    const [s3, ssm] = result.endpoints;
    expect(s3).toMatchObject({
      action: 'modify',
      changes: { addRouteTableIds: [PRIVATE_RTB, PUBLIC_RTB].sort() },
    });
    expect(s3?.changes?.policyDocument).toContain('"aws:PrincipalAccount":"111122223333"');
    expect(ssm).toMatchObject({
      action: 'modify',
      changes: {
        addSubnetIds: [PRIVATE_SUBNETS[1], PRIVATE_SUBNETS[2]],
        privateDns: true,
        addManagedSecurityGroup: true,
        removeSecurityGroupIds: ['sg-0000000000000other'],
      },
    });
  });

  it('resets a custom policy on our endpoint when the tag asks for the default', () => {
    const snapshot = converged();
    const ssm = snapshot.endpoints[1];
    if (ssm)
      ssm.policyDocument = '{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}';
    expect(plan({ 'privatelink:services': 's3 ssm' }, snapshot).endpoints[1]?.changes).toEqual({
      resetPolicy: true,
    });
  });

  it('deletes our endpoints whose service left the tags, and keeps them when prune is off', () => {
    const snapshot = withState((s) => {
      s.endpoints = [
        endpoint('ssm', 'Interface'),
        endpoint('logs', 'Interface', { endpointId: 'vpce-0logs000000000000' }),
      ];
      s.securityGroups = [managedGroup()];
    });
    const pruned = plan({ 'privatelink:services': 'ssm' }, snapshot);
    expect(pruned.deletions).toEqual([
      {
        endpointId: 'vpce-0logs000000000000',
        service: svc('logs'),
        type: 'Interface',
        reason: 'service left the tags',
      },
    ]);
    const kept = plan({ 'privatelink:services': 'ssm', 'privatelink:prune': 'false' }, snapshot);
    expect(kept.deletions).toEqual([]);
    expect(kept.endpoints.map((e) => e.action)).toEqual(['unchanged', 'retained']);
  });

  it('never plans to delete an endpoint it does not own', () => {
    const snapshot = withState((s) => {
      s.endpoints = [endpoint('logs', 'Interface', { tags: { Name: 'theirs' } })];
    });
    expect(plan({ 'privatelink:services': 'ssm' }, snapshot).deletions).toEqual([]);
  });

  it('replaces our failed endpoint: delete it and create a new one', () => {
    const snapshot = withState((s) => {
      s.endpoints = [endpoint('ssm', 'Interface', { state: 'failed' })];
      s.securityGroups = [managedGroup()];
    });
    const result = plan({ 'privatelink:services': 'ssm' }, snapshot);
    expect(result.endpoints[0]?.action).toBe('create');
    expect(result.deletions[0]?.reason).toBe('managed endpoint is failed');
  });

  it('removes extra rules from the managed group and adds missing ones', () => {
    const snapshot = converged();
    snapshot.securityGroups = [managedGroup(['10.0.0.0/16', '0.0.0.0/0'])];
    const result = plan(
      { 'privatelink:services': 's3 ssm', 'privatelink:allowed-cidrs': '10.0.0.0/16 10.1.0.0/16' },
      snapshot,
    );
    expect(result.securityGroup).toMatchObject({
      action: 'update',
      addCidrs: ['10.1.0.0/16'],
      removeRules: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0' }],
    });
  });

  it('plans the managed group away when no interface endpoint of ours remains', () => {
    const snapshot = converged();
    expect(plan({ 'privatelink:services': 's3' }, snapshot).securityGroup.action).toBe('delete');
  });

  it('refuses private DNS on a VPC without its DNS attributes, and names the fix', () => {
    const snapshot = withState((s) => {
      s.vpc.dnsHostnames = false;
    });
    expect(() => plan({ 'privatelink:services': 'ssm' }, snapshot)).toThrow(UnsatisfiableRequestError);
    expect(() => plan({ 'privatelink:services': 'ssm' }, snapshot)).toThrow(
      /enableDnsHostnames is off.*privatelink:private-dns=false/,
    );
    expect(
      plan({ 'privatelink:services': 'ssm', 'privatelink:private-dns': 'false' }, snapshot).endpoints[0]
        ?.action,
    ).toBe('create');
    expect(plan({ 'privatelink:services': 's3' }, snapshot).endpoints[0]?.action).toBe('create');
  });

  it('names every service the region does not offer in one error, not only the first', () => {
    const snapshot = withState(() => undefined);
    expect(() => plan({ 'privatelink:services': 'sagemaker.api, bedrock, ssm' }, snapshot)).toThrow(
      /"bedrock" is not offered as an interface endpoint service in eu-west-1 .*; "sagemaker\.api" is not offered/,
    );
  });

  it.each([
    [
      'a service the region does not offer',
      { 'privatelink:services': 'sagemaker.api' },
      /not offered as an interface endpoint service/,
    ],
    [
      'a gateway for a service offered only as interface',
      { 'privatelink:services': 's3:gateway, dynamodb:interface' },
      /"dynamodb" is not offered as an interface/,
    ],
    [
      'subnets from another VPC',
      { 'privatelink:services': 'ssm', 'privatelink:subnets': 'subnet-0123456789abcdef9' },
      /subnet-0123456789abcdef9 not in vpc-/,
    ],
    [
      'two subnets in one AZ',
      { 'privatelink:services': 'ssm', 'privatelink:subnets': `${PRIVATE_SUBNETS[0]} ${PUBLIC_SUBNETS[0]}` },
      /both in eu-west-1a/,
    ],
    [
      'a subnet tag no subnet carries',
      { 'privatelink:services': 'ssm', 'privatelink:subnets': 'tag:Tier=none' },
      /no subnet of vpc-.* carries that tag/,
    ],
    [
      'route tables from another VPC',
      { 'privatelink:services': 's3', 'privatelink:route-tables': 'rtb-0123456789abcdef9' },
      /rtb-0123456789abcdef9 not in vpc-/,
    ],
  ])('fails before planning anything for %s', (_name, tags, message) => {
    expect(() => plan(tags as Record<string, string>, baseSnapshot())).toThrow(message);
  });

  it('fails with a named error when the VPC has no private subnet to use', () => {
    const snapshot = withState((s) => {
      s.subnets = s.subnets.filter((x) => !PRIVATE_SUBNETS.includes(x.subnetId));
    });
    expect(() => plan({ 'privatelink:services': 'ssm' }, snapshot)).toThrow(/has no private subnet/);
    expect(() =>
      plan({ 'privatelink:services': 'ssm', 'privatelink:subnets': 'tag:Tier=none' }, baseSnapshot()),
    ).toThrow(InvalidTagError);
  });
});
