import type { OrchestratorConfig } from './config';
import { currentCost, pricesOf, round } from './cost';
import { isFailed, isSettling, toEndpointState } from './endpoint-states';
import type { VpcSnapshot } from './model';
import { shortServiceName } from './services';
import { vpcHealth } from './vpc-health';

/**
 * How a VPC's latest run ended, as `progress` tells it (lib/domain/rollout.ts); `unknown` where the runs
 * are another stack's to tell (a region this stack's state machine does not run).
 */
export interface LastRun {
  state: 'done' | 'running' | 'failed' | 'not started' | 'unknown';
  execution?: string;
  startedAt?: number;
  error?: string;
}

/** A time to the minute, UTC, as the fleet's last runs show it: `2026-12-01 07:02`. */
export const utcMinute = (at: number | Date) => new Date(at).toISOString().slice(0, 16).replace('T', ' ');

/** One opted-in VPC in `privatelink fleet` (README, "CLI"): where it is, what it wants, how it stands. */
export interface FleetRow {
  accountId: string;
  region: string;
  vpcId: string;
  /** The VPC's Name tag, when it has one. */
  name?: string;
  /** The services its tags ask for; empty when they do not parse (tagsValid false). */
  services: string[];
  tagsValid: boolean;
  endpoints: { ok: number; missing: number; failed: number; pending: number };
  /** Availability Zones its interface endpoints span. */
  azs: number;
  /** What its interface endpoints cost a month now; null when the region's price is unknown. */
  monthlyCost: number | null;
  /** Differences from its tags, as the drift check counts them. */
  drift: number;
  /** The differences themselves (the HTML report lists them). */
  findings: { kind: string; service?: string; detail: string }[];
  /** Each wanted service (its short name) as it stands: the report's matrix of VPCs × services. */
  serviceStates: Record<string, ServiceState>;
  lastRun: LastRun;
}

/**
 * A wanted service in a VPC: an endpoint of its own (`local`) or the central VPC's (`central`), none
 * (`missing`), one EC2 reports failed, one still settling, one whose static checks fail (`failing`), or
 * one the drift check finds differs from the tags (`drifted`).
 */
export type ServiceState = 'local' | 'central' | 'missing' | 'failed' | 'pending' | 'failing' | 'drifted';

/**
 * A VPC's fleet row from the drift check's batched snapshot, matched to its tags as `status` matches one
 * VPC (vpcHealth). Endpoints are counted by their state — ok when available, failed when failed or
 * rejected, pending while they settle, missing when a wanted service has none — not by the static checks:
 * the batched reads leave out what only per-VPC calls give (DNS attributes, network ACLs), and `status VPC`
 * runs them. A service's matrix cell says `failing` only for checks the batch can make.
 */
export function fleetRowOf(
  snapshot: VpcSnapshot,
  config: OrchestratorConfig,
  accountId: string,
  lastRun: LastRun,
  central?: Parameters<typeof vpcHealth>[2],
): FleetRow {
  const health = vpcHealth(snapshot, config, central);
  const endpoints = { ok: 0, missing: 0, failed: 0, pending: 0 };
  const serviceStates: Record<string, ServiceState> = {};
  // A wanted service whose endpoint EC2 reports failed has no usable one: the plan makes another.
  const failedFor = (service: string) =>
    snapshot.endpoints.some((x) => shortServiceName(x.serviceName) === service && isFailed(x.state));
  const drifted = new Set(health.differences.map((d) => d.service && shortServiceName(d.service)));
  for (const e of health.endpoints) {
    const state = toEndpointState(e.state);
    const service = shortServiceName(e.service);
    const counted: keyof typeof endpoints = !e.endpointId
      ? failedFor(service)
        ? 'failed'
        : 'missing'
      : isFailed(state)
        ? 'failed'
        : isSettling(state)
          ? 'pending'
          : 'ok';
    endpoints[counted] += 1;
    serviceStates[service] = serviceState(counted, e, drifted.has(service));
  }
  const interfaceSubnets = new Set(
    health.endpoints.filter((e) => e.type !== 'Gateway' && e.endpointId).flatMap((e) => e.placement),
  );
  const azs = new Set(
    snapshot.subnets.filter((s) => interfaceSubnets.has(s.subnetId)).map((s) => s.availabilityZone),
  );
  const cost = currentCost(snapshot.endpoints, snapshot.region, pricesOf(config.prices));
  const name = snapshot.vpc.tags.Name;
  return {
    accountId,
    region: snapshot.region,
    vpcId: snapshot.vpc.vpcId,
    ...(name ? { name } : {}),
    services: health.desired?.services.map((s) => s.name) ?? [],
    tagsValid: health.desired !== undefined,
    endpoints,
    azs: azs.size,
    monthlyCost: 'unknown' in cost ? null : cost.monthly,
    drift: health.differences.length,
    findings: health.differences.map((d) => ({
      kind: d.kind,
      ...(d.service ? { service: d.service } : {}),
      detail: d.detail,
    })),
    serviceStates,
    lastRun,
  };
}

/** Checks the batched read cannot make — it reads no network ACLs — which `status VPC` makes. */
const UNREAD_BY_BATCH = new Set(['network-acl']);

/** One cell of the report's matrix: what EC2 says first, then the drift check, then the static checks. */
function serviceState(
  counted: 'ok' | 'missing' | 'failed' | 'pending',
  endpoint: { servedBy?: string; checks: { name: string; status: string }[] },
  drifted: boolean,
): ServiceState {
  if (counted !== 'ok') return counted;
  if (drifted) return 'drifted';
  if (endpoint.checks.some((c) => c.status === 'fail' && !UNREAD_BY_BATCH.has(c.name))) return 'failing';
  return endpoint.servedBy ? 'central' : 'local';
}

/** Drift, an endpoint failed or missing, a last run that failed, or tags that do not parse: someone should look. */
export const needsAttention = (r: FleetRow) =>
  r.drift > 0 || r.endpoints.failed + r.endpoints.missing > 0 || r.lastRun.state === 'failed' || !r.tagsValid;

/** The fleet's totals under its rows (`fleet`, the fleet report). */
export function fleetTotalsOf(rows: FleetRow[]) {
  return {
    vpcs: rows.length,
    drifted: rows.filter((r) => r.drift > 0).length,
    attention: rows.filter(needsAttention).length,
    monthlyCost: round(rows.reduce((sum, r) => sum + (r.monthlyCost ?? 0), 0)),
    costUnknown: rows.filter((r) => r.monthlyCost === null).length,
  };
}
