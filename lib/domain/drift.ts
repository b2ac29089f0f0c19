import type { OrchestratorConfig } from './config';
import type { EndpointChanges, Plan, PortGroupPlan, VpcSnapshot } from './model';
import { isManaged } from './ownership';
import { isAwaitingAcceptance } from './endpoint-states';
import { portsOfGroup } from './planner/security-group-rules';
import { planVpc } from './planner';
import { servedLocally, type CentralView } from './central/links';
import { verifyGatewayRoutes } from './routes';
import { offeredDesiredState, readDesiredState } from './tags';

export type DriftKind =
  | 'missing-endpoint'
  | 'failed-endpoint'
  | 'unwanted-endpoint'
  | 'route-table-association'
  | 'missing-route'
  | 'subnets'
  | 'private-dns'
  | 'ip-address-type'
  | 'policy'
  | 'security-group-attachment'
  | 'security-group-rules'
  | 'missing-security-group'
  | 'invalid-tags'
  | 'orphaned-resources'
  | 'awaiting-acceptance'
  /** Centralized endpoints' zones, aliases, spoke list or associations not as wanted (lib/operations/central-drift.ts). */
  | 'central-links';

export interface DriftFinding {
  kind: DriftKind;
  service?: string;
  resourceId?: string;
  detail: string;
}

const CHANGE_KINDS: [keyof EndpointChanges, DriftKind][] = [
  ['addRouteTableIds', 'route-table-association'],
  ['removeRouteTableIds', 'route-table-association'],
  ['addSubnetIds', 'subnets'],
  ['removeSubnetIds', 'subnets'],
  ['privateDns', 'private-dns'],
  ['inboundResolverOnly', 'private-dns'],
  ['ipAddressType', 'ip-address-type'],
  ['policyDocument', 'policy'],
  ['resetPolicy', 'policy'],
  ['addManagedSecurityGroup', 'security-group-attachment'],
  ['removeSecurityGroupIds', 'security-group-attachment'],
];

/** The plan a run would make for the VPC now, or why its tags give none: what drift and `status` share. */
export type Planned = { plan: Plan } | { invalid: string };

export function plannedNow(
  snapshot: VpcSnapshot,
  config: OrchestratorConfig,
  /** Centralized endpoints around the VPC: the services a central VPC serves it, its own spoke list. */
  central: CentralView = {},
): Planned {
  try {
    const tags = snapshot.vpc.tags;
    const read = readDesiredState(tags, {
      region: snapshot.region,
      config,
      vpcCidrs: snapshot.vpc.cidrBlocks,
    });
    const desired = servedLocally(offeredDesiredState(read, tags, snapshot), central.served ?? []);
    return {
      plan: planVpc(desired, snapshot, {
        stackName: config.stackName,
        orgId: config.orgId,
        ...(central.spokeListId ? { spokeListId: central.spokeListId } : {}),
        servedCentrally: (central.served ?? []).map((s) => `com.amazonaws.${snapshot.region}.${s}`),
      }),
    };
  } catch (err) {
    return { invalid: (err as Error).message };
  }
}

/**
 * What differs between a VPC and what its tags want: the planner's verdict, read as drift, plus the
 * prefix-list routes of our gateway endpoints (routes can vanish without their association changing).
 */
export function detectDrift(
  snapshot: VpcSnapshot,
  config: OrchestratorConfig,
  planned: Planned = plannedNow(snapshot, config),
  /** The time now (ms): how long an endpoint has waited for acceptance is counted to it. */
  now: number = Date.now(),
): DriftFinding[] {
  if ('invalid' in planned) return [{ kind: 'invalid-tags', detail: planned.invalid }];
  const { plan } = planned;
  const findings: DriftFinding[] = overdueAcceptances(snapshot, config, now);
  for (const p of plan.endpoints) {
    if (p.action === 'create') {
      findings.push({
        kind: 'missing-endpoint',
        service: p.spec.service,
        detail: `no ${p.spec.type.toLowerCase()} endpoint for ${p.spec.serviceName}`,
      });
    }
    // Private DNS off on an endpoint of ours that should have it: under a safe cut-over the planner holds
    // the change for the cut-over, which still makes it drift.
    if (p.cutover && p.endpointId) {
      findings.push({
        kind: 'private-dns',
        service: p.spec.service,
        resourceId: p.endpointId,
        detail:
          'private DNS is off; a run turns it on at its safe cut-over, once the endpoint passes its checks',
      });
    }
    if (p.action === 'modify' && p.changes) {
      const kinds = new Set(
        CHANGE_KINDS.filter(([key]) => p.changes?.[key] !== undefined).map(([, kind]) => kind),
      );
      for (const kind of kinds)
        findings.push({ kind, service: p.spec.service, resourceId: p.endpointId, detail: p.reason });
    }
  }
  for (const d of plan.deletions) {
    const kind: DriftKind =
      d.rejectedBy || d.reason.startsWith('managed endpoint is') ? 'failed-endpoint' : 'unwanted-endpoint';
    findings.push({ kind, service: d.service, resourceId: d.endpointId, detail: d.reason });
  }
  findings.push(...groupDrift(plan.securityGroup));
  for (const e of snapshot.endpoints) {
    if (e.type !== 'Gateway' || e.state !== 'available' || !isManaged(e.tags, config.stackName)) continue;
    const targets = e.routeTableIds.filter((id) => plan.targetRouteTableIds.includes(id));
    for (const v of verifyGatewayRoutes(snapshot, e, targets).filter((x) => !x.ok)) {
      findings.push({
        kind: 'missing-route',
        service: e.serviceName,
        resourceId: v.routeTableId,
        detail: v.detail,
      });
    }
  }
  return findings;
}

/**
 * Our endpoints that have waited for their service's owner longer than the config's
 * acceptanceDeadlineHours: a wait that long is drift (the owner may never answer).
 */
function overdueAcceptances(snapshot: VpcSnapshot, config: OrchestratorConfig, now: number): DriftFinding[] {
  const deadlineMs = config.acceptanceDeadlineHours * 3_600_000;
  return snapshot.endpoints
    .filter(
      (e) =>
        isAwaitingAcceptance(e.state) &&
        isManaged(e.tags, config.stackName) &&
        e.createdAt !== undefined &&
        now - e.createdAt > deadlineMs,
    )
    .map((e) => ({
      kind: 'awaiting-acceptance',
      service: e.serviceName,
      resourceId: e.endpointId,
      detail: `waiting ${Math.floor((now - (e.createdAt ?? now)) / 3_600_000)} h for ${snapshot.offers[e.serviceName]?.owner ?? "the service's owner"} to accept it, past the ${config.acceptanceDeadlineHours} h deadline (acceptanceDeadlineHours)`,
    }));
}

/** The groups' differences: the managed group's, each port group's, and port groups no endpoint needs. */
function groupDrift(plan: Plan['securityGroup']): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const groups: (Pick<PortGroupPlan, 'groupId' | 'addCidrs' | 'removeRules'> & {
    action: string;
    ports?: number[];
  })[] = [plan, ...(plan.portGroups ?? [])];
  for (const group of groups) {
    const which = group.ports
      ? `the group of the endpoints on TCP ${group.ports.join(', ')}`
      : 'the managed security group';
    if (group.action === 'create')
      findings.push({ kind: 'missing-security-group', detail: `${which} is missing` });
    if (group.action !== 'update') continue;
    const parts = [
      ...group.addCidrs.map((c) => `missing TCP ${portsOfGroup(group).join(', ')} from ${c}`),
      ...group.removeRules.map(
        (r) =>
          `extra ${r.protocol} ${r.fromPort ?? ''}-${r.toPort ?? ''} from ${r.cidr ?? r.sourceGroupId ?? r.prefixListId ?? '?'}`,
      ),
    ];
    findings.push({ kind: 'security-group-rules', resourceId: group.groupId, detail: parts.join('; ') });
  }
  for (const d of plan.portGroupDeletions ?? [])
    findings.push({
      kind: 'security-group-rules',
      resourceId: d.groupId,
      detail: `the group of endpoints on TCP ${d.ports.join(', ')} serves no endpoint of ours: a run removes it`,
    });
  return findings;
}
