import { naclAllows, staticChecks } from '../../lib/domain/checks';
import type { NetworkAclInfo } from '../../lib/domain/model';
import {
  MAIN_RTB,
  PRIVATE_RTB,
  PRIVATE_SUBNETS,
  baseSnapshot,
  endpoint,
  managedGroup,
  svc,
} from '../support/snapshots';

const allowAll = (id = 'acl-0default', subnets: string[] = []): NetworkAclInfo => ({
  networkAclId: id,
  isDefault: subnets.length === 0,
  subnetIds: subnets,
  entries: [false, true].flatMap((egress) => [
    { ruleNumber: 100, egress, action: 'allow' as const, protocol: '-1', cidrBlock: '0.0.0.0/0' },
    { ruleNumber: 32767, egress, action: 'deny' as const, protocol: '-1', cidrBlock: '0.0.0.0/0' },
  ]),
});

function interfaceWorld() {
  const snapshot = baseSnapshot();
  snapshot.securityGroups = [managedGroup()];
  snapshot.networkAcls = [allowAll()];
  const ep = endpoint('ssm', 'Interface');
  snapshot.endpoints = [ep];
  return {
    snapshot,
    target: { endpoint: ep, wantPrivateDns: true, allowedCidrs: ['10.0.0.0/16'], routeTableIds: [] },
  };
}

const statuses = (checks: { name: string; status: string }[]) =>
  Object.fromEntries(checks.map((c) => [c.name, c.status]));

describe('static connectivity checks', () => {
  it('pass for a healthy interface endpoint', () => {
    const { snapshot, target } = interfaceWorld();
    expect(statuses(staticChecks(snapshot, target))).toEqual({
      'endpoint-available': 'pass',
      'dns-entries': 'pass',
      'private-dns': 'pass',
      'security-group': 'pass',
      'network-acl': 'pass',
    });
  });

  it('fail with an actionable detail when the group does not allow 443 from an allowed source', () => {
    const { snapshot, target } = interfaceWorld();
    const result = staticChecks(snapshot, { ...target, allowedCidrs: ['10.0.0.0/16', '172.16.0.0/12'] });
    expect(result.find((c) => c.name === 'security-group')).toEqual({
      name: 'security-group',
      status: 'fail',
      detail: '443 not allowed from 172.16.0.0/12 on sg-000000000000managed',
    });
  });

  it('fail when a network ACL denies 443 before it allows it', () => {
    const { snapshot, target } = interfaceWorld();
    const acl = allowAll('acl-0strict', [...PRIVATE_SUBNETS]);
    acl.entries.push({
      ruleNumber: 50,
      egress: false,
      action: 'deny',
      protocol: '6',
      cidrBlock: '10.0.0.0/8',
      fromPort: 443,
      toPort: 443,
    });
    snapshot.networkAcls.push(acl);
    const check = staticChecks(snapshot, target).find((c) => c.name === 'network-acl');
    expect(check).toMatchObject({ status: 'fail', detail: 'acl-0strict denies 443 in from 10.0.0.0/16' });
  });

  it('evaluate NACL rules in number order, first match wins', () => {
    const acl = allowAll();
    expect(naclAllows(acl, true, '10.0.0.0/16', 1024, 65535)).toBe(true);
    acl.entries.push({
      ruleNumber: 10,
      egress: true,
      action: 'deny',
      protocol: '-1',
      cidrBlock: '10.0.0.0/24',
    });
    expect(naclAllows(acl, true, '10.0.0.0/16', 1024, 65535)).toBe(false);
  });

  it('fail private DNS when the endpoint has it off, and skip it when not wanted', () => {
    const { snapshot, target } = interfaceWorld();
    const off = { ...target, endpoint: { ...target.endpoint, privateDnsEnabled: false } };
    expect(statuses(staticChecks(snapshot, off))['private-dns']).toBe('fail');
    expect(statuses(staticChecks(snapshot, { ...off, wantPrivateDns: false }))['private-dns']).toBe('skip');
  });

  it('check every targeted route table of a gateway endpoint, naming the one that lacks the route', () => {
    const snapshot = baseSnapshot();
    const s3 = endpoint('s3', 'Gateway');
    snapshot.routeTables.forEach((rt) => {
      if (rt.routeTableId === MAIN_RTB)
        rt.routes.push({ destinationPrefixListId: 'pl-6da54004', gatewayId: s3.endpointId, state: 'active' });
    });
    const result = staticChecks(snapshot, {
      endpoint: s3,
      wantPrivateDns: false,
      allowedCidrs: [],
      routeTableIds: [MAIN_RTB, PRIVATE_RTB],
    });
    expect(result.find((c) => c.name === 'routes')).toEqual({
      name: 'routes',
      status: 'fail',
      detail: `${PRIVATE_RTB}: no route for pl-6da54004`,
    });
    expect(snapshot.prefixLists[svc('s3')]).toBe('pl-6da54004');
  });

  it('fail availability with the reason AWS gave', () => {
    const { snapshot, target } = interfaceWorld();
    const failed = {
      ...target,
      endpoint: { ...target.endpoint, state: 'failed' as const, failureReason: 'no capacity' },
    };
    expect(staticChecks(snapshot, failed)[0]).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/is failed: no capacity/),
    });
  });
});
