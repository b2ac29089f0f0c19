import type { OrchestratorConfig } from './config';
import { ROLE_TAG } from './config';
import type {
  EndpointInfo,
  EndpointType,
  Plan,
  PlannedEndpoint,
  SecurityGroupInfo,
  SecurityGroupRule,
  VpcSnapshot,
} from './model';
import { endpointOfPlan, isManaged } from './ownership';
import { candidateSubnets, pickSubnets, routeTableOfSubnet } from './planner/placement';
import { verifyRoute } from './routes';
import { inSubnets, regionOfServiceName, shortServiceName } from './services';

/**
 * The live probe's rules (docs/architecture.md, "The live probe"): whether it runs, where it is placed,
 * and what it is asked to check. The probe program itself lives in lib/operations/probe.
 */

export interface ProbeTarget {
  /** As results name it: the short name, or an endpoint service's alias. */
  service: string;
  /** The full service name. */
  serviceName: string;
  type: EndpointType;
  /** The service's regional hostname, e.g. ssm.eu-west-1.amazonaws.com (also the TLS server name). */
  hostname: string;
  privateDns: boolean;
  /** The endpoint's own DNS names, resolved when private DNS is off. */
  endpointDnsNames: string[];
  /** Private addresses of the endpoint's network interfaces. */
  addresses: string[];
  /** TCP ports to reach on each address (an endpoint service's entry's); absent: 443. */
  ports?: number[];
  /** Whether a TLS handshake is tried on them; absent: it is. */
  tls?: boolean;
  /** A spoke's served service: the central VPC whose endpoint the name must answer (its `addresses`). */
  servedBy?: string;
  /** Gateway endpoints: whether the probe's subnet route table sends the prefix list to the endpoint. */
  routeDetail?: { ok: boolean; detail: string };
}

export interface ProbeCheck {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
  ms: number;
}
/** What the probe answers for one endpoint. */
export interface ProbeResult {
  service: string;
  type: string;
  checks: ProbeCheck[];
}

export type ProbeDecision = { action: 'run' | 'remove' | 'skip'; reason: string };

/** What a run of the probe interrupted by a crash can leave behind, as the checks step finds it. */
export interface ProbeRemains {
  /** A probe copy exists although the config removes it after each run. */
  copyLeft: boolean;
  /** The probe's group allows more egress than HTTPS to the VPC and the gateway prefix lists. */
  groupOpen: boolean;
  /** Anything of the probe exists (a copy, kept or not; its group): what removing it would remove. */
  anyLeft?: boolean;
}

/**
 * The endpoints' ports out to the VPC's CIDRs and HTTPS to the gateway services' prefix lists: all the
 * probe's group allows.
 */
export function probeEgressIsExact(
  group: SecurityGroupInfo,
  cidrs: string[],
  prefixListIds: string[],
  ports: number[] = [443],
  httpsCidrs: string[] = [],
): boolean {
  return (
    group.egress.every((r) => isProbeEgress(r, cidrs, prefixListIds, ports, httpsCidrs)) &&
    group.egress.length === cidrs.length * ports.length + httpsCidrs.length + prefixListIds.length
  );
}

/**
 * One egress rule the probe's group wants: an endpoint port to one of the VPC's CIDRs, or HTTPS to a
 * gateway prefix list or (a spoke) to its central VPC's CIDRs.
 */
export const isProbeEgress = (
  r: SecurityGroupRule,
  cidrs: string[],
  prefixListIds: string[],
  ports: number[] = [443],
  httpsCidrs: string[] = [],
) =>
  r.protocol === 'tcp' &&
  r.fromPort === r.toPort &&
  ((r.cidr !== undefined && cidrs.includes(r.cidr) && ports.includes(r.fromPort ?? -1)) ||
    (r.fromPort === 443 && r.cidr !== undefined && httpsCidrs.includes(r.cidr)) ||
    (r.fromPort === 443 && r.prefixListId !== undefined && prefixListIds.includes(r.prefixListId)));

/** A spoke's services its central VPC serves (its live probe checks them from inside it). */
export const servedOf = (plan: Plan): string[] =>
  plan.central?.work.role === 'spoke' ? plan.central.work.served : [];

/** The CIDRs beyond its own VPC's the probe reaches on 443: a served spoke's central VPC's. */
export const centralCidrsOf = (plan: Plan): string[] =>
  servedOf(plan).length ? (plan.central?.centralCidrs ?? []) : [];

/** The probe's group of a VPC, by its role tag, or (made before groups carried a role) by its name. */
export function findProbeGroup(snapshot: VpcSnapshot, probeGroupName: string, stackName: string) {
  return snapshot.securityGroups.find(
    (g) =>
      isManaged(g.tags, stackName) &&
      (g.tags[ROLE_TAG] === 'probe' || (g.tags[ROLE_TAG] === undefined && g.groupName === probeGroupName)),
  );
}

/** Whether a crashed run left the probe half-made or left behind. */
export function probeRemains(
  snapshot: VpcSnapshot,
  /** copyExists: undefined when the caller did not look (then whether anything is left is not known). */
  opts: {
    probeGroupName: string;
    stackName: string;
    copyExists?: boolean;
    keepBetweenRuns: boolean;
    /** The endpoints' ports the probe reaches (the plan's group's). */
    ports?: number[];
    /** CIDRs it reaches on 443 beyond the VPC's (centralCidrsOf). */
    httpsCidrs?: string[];
  },
): ProbeRemains {
  const group = findProbeGroup(snapshot, opts.probeGroupName, opts.stackName);
  return {
    anyLeft: opts.copyExists === undefined ? undefined : opts.copyExists || group !== undefined,
    copyLeft: Boolean(opts.copyExists) && !opts.keepBetweenRuns,
    groupOpen:
      group !== undefined &&
      !probeEgressIsExact(
        group,
        snapshot.vpc.cidrBlocks,
        Object.values(snapshot.prefixLists),
        opts.ports,
        opts.httpsCidrs,
      ),
  };
}

/**
 * Whether this execution runs the live probe. It runs after an execution that changed something (or
 * when the input asks, `probe: true`), so a converged VPC stays a read-only no-op; it is removed when
 * the VPC has no endpoint of ours left or the probe is turned off, so no copy is ever left behind.
 */
export function decideProbe(
  plan: Plan,
  config: OrchestratorConfig,
  requested: boolean,
  remains: ProbeRemains = { copyLeft: false, groupOpen: false },
): ProbeDecision {
  const live = [...plan.endpoints.filter((e) => e.action !== 'retained'), ...servedOf(plan)];
  // Removing is skipped only when the caller looked and found nothing of the probe (anyLeft false).
  const nothingLeft = remains.anyLeft === false;
  if (!config.probe.enabled)
    return nothingLeft
      ? { action: 'skip', reason: 'the live probe is turned off, and nothing of it is left' }
      : { action: 'remove', reason: 'the live probe is turned off (config probe.enabled=false)' };
  if (plan.mode === 'plan')
    return { action: 'skip', reason: 'plan mode changes nothing, the probe included' };
  if (live.length === 0)
    return nothingLeft
      ? { action: 'skip', reason: 'no endpoint wanted, and nothing of the probe is left' }
      : { action: 'remove', reason: 'no endpoint wanted: the probe is removed with the rest' };
  if (remains.copyLeft || remains.groupOpen)
    return {
      action: 'run',
      reason: `an interrupted run left the probe ${remains.copyLeft ? 'copy behind' : 'group open'}: it runs again, then is removed`,
    };
  if (plan.noop && !requested)
    return {
      action: 'skip',
      reason: 'nothing changed: the probe runs after a change, or on request (probe: true)',
    };
  return { action: 'run', reason: plan.noop ? 'requested' : 'the execution changed the VPC' };
}

/** The probe goes into the subnets of our interface endpoints, else one private subnet per AZ. */
export function probeSubnets(plan: Plan, snapshot: VpcSnapshot): string[] {
  const fromEndpoints = [
    ...new Set(plan.endpoints.filter((e) => inSubnets(e.spec.type)).flatMap((e) => e.spec.subnetIds)),
  ];
  if (fromEndpoints.length > 0) return fromEndpoints;
  const zones = new Set(snapshot.subnets.map((s) => s.availabilityZone));
  return pickSubnets(candidateSubnets({ kind: 'default' }, snapshot), zones);
}

/** The planned endpoints that are available now, each with its live endpoint. */
export function availableEndpoints(plan: Plan, snapshot: VpcSnapshot, stackName: string) {
  return plan.endpoints
    .map((planned) => ({ planned, endpoint: endpointOfPlan(snapshot, planned, stackName) }))
    .filter(
      (x): x is { planned: PlannedEndpoint; endpoint: EndpointInfo } => x.endpoint?.state === 'available',
    );
}

/**
 * What the probe checks, from the live VPC: each available endpoint's addresses and DNS names, and for
 * gateway endpoints whether the probe's own subnet routes the prefix list to the endpoint.
 */
export function probeTargets(
  available: { planned: PlannedEndpoint; endpoint: EndpointInfo }[],
  snapshot: VpcSnapshot,
  placement: { subnetIds: string[]; addressOf: Map<string, string> },
): ProbeTarget[] {
  const probeTable = routeTableOfSubnet(snapshot, placement.subnetIds[0] ?? '');
  return available.map(({ planned, endpoint: e }) => {
    const service = planned.spec.service;
    const route =
      e.type === 'Gateway'
        ? verifyRoute(probeTable, snapshot.prefixLists[e.serviceName], e.endpointId)
        : undefined;
    return {
      service,
      type: e.type,
      serviceName: e.serviceName,
      hostname: hostnameOf(e, snapshot),
      privateDns: planned.spec.privateDns,
      endpointDnsNames: e.dnsNames,
      addresses: e.networkInterfaceIds.map((id) => placement.addressOf.get(id) ?? '').filter(Boolean),
      ...(planned.spec.ports ? { ports: planned.spec.ports } : {}),
      ...(planned.spec.tls === false ? { tls: false } : {}),
      routeDetail: route
        ? { ok: route.ok, detail: `${probeTable?.routeTableId ?? 'no route table'}: ${route.detail}` }
        : undefined,
    };
  });
}

/**
 * What the probe checks of a spoke's served services: the name its central VPC's zone answers (the
 * service's regional name) resolves to the central endpoint's addresses, which TCP and TLS reach on 443.
 */
export function servedProbeTargets(
  plan: Plan,
  region: string,
  centralAddresses: Map<string, string[]>,
): ProbeTarget[] {
  return servedOf(plan).map((service) => ({
    service,
    type: 'Interface',
    serviceName: `com.amazonaws.${region}.${service}`,
    hostname: plan.central?.servedNames?.[service] ?? `${service}.${region}.amazonaws.com`,
    privateDns: true,
    endpointDnsNames: [],
    addresses: centralAddresses.get(service) ?? [],
    servedBy: plan.central?.work.centralVpcId ?? '',
  }));
}

/**
 * The name workloads use: an AWS service's regional name; an endpoint service's private DNS name, else
 * the endpoint's own regional DNS name (its first DNS entry).
 */
function hostnameOf(e: EndpointInfo, snapshot: VpcSnapshot): string {
  if (e.type === 'Resource') return e.dnsNames[0] ?? e.serviceName;
  const offer = snapshot.offers[e.serviceName];
  if (offer?.owner === undefined || offer.owner === 'amazon')
    return `${shortServiceName(e.serviceName)}.${regionOfServiceName(e.serviceName) ?? snapshot.region}.amazonaws.com`;
  return offer.privateDnsNames[0] ?? e.dnsNames[0] ?? e.serviceName;
}
