import { isNoop } from '../../lib/domain/planner';
import { allowedCidrsOf } from '../../lib/domain/planner/group';
import type { EndpointState } from '../../lib/domain/endpoint-states';
import type { DesiredState, PlannedEndpoint, SecurityGroupPlan } from '../../lib/domain/model';
import { baseSnapshot, endpoint, svc } from '../support/snapshots';

/** The planner's named decisions, one table each (the whole planner: planner.test.ts). */
const planned = (
  action: PlannedEndpoint['action'],
  extra: Partial<PlannedEndpoint> = {},
): PlannedEndpoint => ({
  action,
  spec: {
    service: 'ssm',
    serviceName: svc('ssm'),
    type: 'Interface',
    subnetIds: [],
    routeTableIds: [],
    privateDns: true,
  },
  endpointId: 'vpce-ssm',
  reason: '',
  ...extra,
});
const group = (action: SecurityGroupPlan['action']): SecurityGroupPlan => ({
  action,
  allowedCidrs: [],
  addCidrs: [],
  removeRules: [],
});
const listed = (state: EndpointState) => ({
  endpoints: [{ ...endpoint('ssm', 'Interface'), endpointId: 'vpce-ssm', state }],
});

describe('whether a plan has anything to do', () => {
  it.each([
    [
      'every endpoint unchanged and the group as wanted',
      [planned('unchanged')],
      [],
      'unchanged',
      'available',
      true,
    ],
    [
      'adopted and retained endpoints only',
      [planned('adopted'), planned('retained')],
      [],
      'none',
      'available',
      true,
    ],
    ['an endpoint to create', [planned('create')], [], 'unchanged', 'available', false],
    ['an endpoint to modify', [planned('modify')], [], 'unchanged', 'available', false],
    [
      'something to delete',
      [planned('unchanged')],
      [{ endpointId: 'x', service: 's', type: 'Interface' as const, reason: '' }],
      'unchanged',
      'available',
      false,
    ],
    ['the group to update', [planned('unchanged')], [], 'update', 'available', false],
    [
      'private DNS waiting for the cut-over',
      [planned('unchanged', { cutover: { privateDns: true } })],
      [],
      'unchanged',
      'available',
      false,
    ],
    [
      'one of ours still pending after an interrupted run',
      [planned('unchanged')],
      [],
      'unchanged',
      'pending',
      false,
    ],
  ] as const)('%s → %s', (_name, endpoints, deletions, groupAction, state, noop) => {
    expect(isNoop([...endpoints], [...deletions], group(groupAction), listed(state))).toBe(noop);
  });
});

describe('who the managed group admits', () => {
  const vpc = { ...baseSnapshot().vpc, ipv6CidrBlocks: ['2600:1f18::/56'] };
  const desired = (allowedCidrs?: string[]) => ({ allowedCidrs }) as DesiredState;
  const dual = planned('create', { spec: { ...planned('create').spec, ipAddressType: 'dualstack' } });
  it.each([
    ['the VPC’s IPv4 blocks', desired(), [planned('create')], ['10.0.0.0/16']],
    [
      'its IPv6 blocks too where an endpoint is dual-stack',
      desired(),
      [dual],
      ['10.0.0.0/16', '2600:1f18::/56'],
    ],
    [
      'not for another’s dual-stack endpoint it only adopts',
      desired(),
      [{ ...dual, action: 'adopted' as const }],
      ['10.0.0.0/16'],
    ],
    ['the tag’s CIDRs when it sets them', desired(['10.9.0.0/16']), [dual], ['10.9.0.0/16']],
  ])('%s', (_name, wanted, endpoints, cidrs) => {
    expect(allowedCidrsOf(wanted, vpc, endpoints)).toEqual(cidrs);
  });
});
