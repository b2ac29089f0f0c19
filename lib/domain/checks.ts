import { cidrContains, cidrOverlaps } from './cidr';
import type { EndpointInfo, NetworkAclInfo, SecurityGroupInfo, VpcSnapshot } from './model';
import { HTTPS_PORT } from './planner/security-group-rules';
import { verifyGatewayRoutes } from './routes';
import { isAwaitingAcceptance } from './endpoint-states';
import { privateDnsBlocker } from './planner/dns';
import { offerOf } from './services';

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
}

export interface CheckTarget {
  endpoint: EndpointInfo;
  wantPrivateDns: boolean;
  allowedCidrs: string[];
  routeTableIds: string[];
  /** The TCP ports the endpoint serves: an endpoint service's entry's; absent, 443. */
  ports?: number[];
}

const pass = (name: string, detail: string): CheckResult => ({ name, status: 'pass', detail });
const fail = (name: string, detail: string): CheckResult => ({ name, status: 'fail', detail });
const skip = (name: string, detail: string): CheckResult => ({ name, status: 'skip', detail });

/** The static connectivity checks (docs/architecture.md, "Checks") of one endpoint, read from one snapshot. */
export function staticChecks(snapshot: VpcSnapshot, target: CheckTarget): CheckResult[] {
  const { endpoint } = target;
  if (isAwaitingAcceptance(endpoint.state)) {
    const owner = offerOf(snapshot, endpoint.serviceName, endpoint.type)?.owner;
    return [
      skip(
        'endpoint-available',
        `${endpoint.endpointId} awaits acceptance by the service's owner${owner ? ` ${owner}` : ''}: checked once accepted`,
      ),
    ];
  }
  const available = endpoint.state === 'available';
  const checks = [
    available
      ? pass('endpoint-available', `${endpoint.endpointId} is available`)
      : fail(
          'endpoint-available',
          `${endpoint.endpointId} is ${endpoint.state}${endpoint.failureReason ? `: ${endpoint.failureReason}` : ''}`,
        ),
  ];
  if (endpoint.type === 'Gateway') {
    const verdicts = verifyGatewayRoutes(snapshot, endpoint, target.routeTableIds);
    const broken = verdicts.filter((v) => !v.ok);
    checks.push(
      verdicts.length === 0
        ? skip('routes', 'no route table targeted')
        : broken.length === 0
          ? pass('routes', `prefix-list route in ${verdicts.length} route table(s)`)
          : fail('routes', broken.map((v) => `${v.routeTableId}: ${v.detail}`).join('; ')),
    );
    return checks;
  }
  checks.push(
    endpoint.dnsNames.length > 0
      ? pass('dns-entries', `${endpoint.dnsNames.length} DNS entries`)
      : fail('dns-entries', 'the endpoint has no DNS entries yet'),
    privateDnsCheck(snapshot, target),
    securityGroupCheck(snapshot, target),
    naclCheck(snapshot, target),
  );
  return checks;
}

function privateDnsCheck(snapshot: VpcSnapshot, target: CheckTarget): CheckResult {
  if (target.endpoint.type === 'Resource')
    return skip('private-dns', "a resource endpoint: the resource's own DNS names serve");
  if (!target.wantPrivateDns) {
    // Off because the service cannot have it yet (an endpoint service), else because the tags say so.
    const offer = snapshot.offers[target.endpoint.serviceName];
    const blocker = offer ? privateDnsBlocker(offer, target.endpoint) : undefined;
    return skip(
      'private-dns',
      blocker
        ? `${blocker}: the endpoint's own DNS names serve`
        : 'private DNS not wanted (privatelink:private-dns=false)',
    );
  }
  const { vpc } = snapshot;
  if (!vpc.dnsSupport || !vpc.dnsHostnames) {
    return fail('private-dns', `${vpc.vpcId} needs enableDnsSupport and enableDnsHostnames on`);
  }
  return target.endpoint.privateDnsEnabled
    ? pass('private-dns', 'private DNS on, VPC DNS attributes on')
    : fail('private-dns', `private DNS is off on ${target.endpoint.endpointId}`);
}

function allowsPortFrom(group: SecurityGroupInfo, port: number, cidr: string): boolean {
  return group.ingress.some(
    (r) =>
      (r.protocol === '-1' ||
        (r.protocol === 'tcp' && (r.fromPort ?? 0) <= port && port <= (r.toPort ?? 65535))) &&
      r.cidr !== undefined &&
      cidrContains(r.cidr, cidr),
  );
}

const portsOf = (target: CheckTarget) => target.ports ?? [HTTPS_PORT];

function securityGroupCheck(snapshot: VpcSnapshot, target: CheckTarget): CheckResult {
  const groups = snapshot.securityGroups.filter((g) => target.endpoint.securityGroupIds.includes(g.groupId));
  if (groups.length === 0) return fail('security-group', 'no security group attached to the endpoint');
  const ports = portsOf(target);
  const blocked = ports
    .map((port) => ({
      port,
      cidrs: target.allowedCidrs.filter((c) => !groups.some((g) => allowsPortFrom(g, port, c))),
    }))
    .filter((b) => b.cidrs.length > 0);
  const on = groups.map((g) => g.groupId).join(', ');
  return blocked.length === 0
    ? pass('security-group', `${ports.join(', ')} allowed from ${target.allowedCidrs.join(', ')} by ${on}`)
    : fail(
        'security-group',
        `${blocked.map((b) => `${b.port} not allowed from ${b.cidrs.join(', ')}`).join('; ')} on ${on}`,
      );
}

/** Network ACLs are evaluated in rule-number order; the first rule that matches decides. */
export function naclAllows(
  acl: NetworkAclInfo,
  egress: boolean,
  cidr: string,
  fromPort: number,
  toPort: number,
) {
  const rules = acl.entries.filter((e) => e.egress === egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
  for (const rule of rules) {
    if (!rule.cidrBlock || !cidrOverlaps(rule.cidrBlock, cidr)) continue;
    const protocolMatches = rule.protocol === '-1' || rule.protocol === '6';
    const covers =
      rule.protocol === '-1' || ((rule.fromPort ?? 0) <= fromPort && toPort <= (rule.toPort ?? 65535));
    const overlapsPorts =
      rule.protocol === '-1' || ((rule.fromPort ?? 0) <= toPort && fromPort <= (rule.toPort ?? 65535));
    if (!protocolMatches || !overlapsPorts) continue;
    if (rule.action === 'deny') return false;
    if (covers && cidrContains(rule.cidrBlock, cidr)) return true;
  }
  return false;
}

function naclCheck(snapshot: VpcSnapshot, target: CheckTarget): CheckResult {
  const problems: string[] = [];
  for (const subnetId of target.endpoint.subnetIds) {
    const acl =
      snapshot.networkAcls.find((a) => a.subnetIds.includes(subnetId)) ??
      snapshot.networkAcls.find((a) => a.isDefault);
    if (!acl) {
      problems.push(`${subnetId}: no network ACL found`);
      continue;
    }
    for (const cidr of target.allowedCidrs) {
      for (const port of portsOf(target))
        if (!naclAllows(acl, false, cidr, port, port))
          problems.push(`${acl.networkAclId} denies ${port} in from ${cidr}`);
      if (!naclAllows(acl, true, cidr, 1024, 65535))
        problems.push(`${acl.networkAclId} denies ephemeral ports out to ${cidr}`);
    }
  }
  if (target.endpoint.subnetIds.length === 0) return skip('network-acl', 'the endpoint has no subnets');
  return problems.length === 0
    ? pass(
        'network-acl',
        `${portsOf(target).join(', ')} in and 1024-65535 out allowed in ${target.endpoint.subnetIds.length} subnet(s)`,
      )
    : fail('network-acl', [...new Set(problems)].join('; '));
}
