import type { Route53Client } from '@aws-sdk/client-route-53';
import { centralDrift, type CentralDriftRead } from './central-drift';
import type { CentralAcross } from '../aws/central-reads';
import type { Ec2Api } from '../aws/ec2-api';
import type { OrchestratorConfig } from '../domain/config';
import type { EventSink } from '../domain/events';
import type { ApiCallCount } from '../domain/model';
import { requestRun, type RunRequestOutcome } from './request-run';
import type { RunDeps } from '../domain/run-lock';
import { parseDesiredState } from '../domain/tags';
import { detectDrift, plannedNow, type DriftFinding } from '../domain/drift';
import { readFleet } from '../aws/fleet-reads';
import { fleetCostOf, type FleetCost } from './fleet-cost';
import type { VpcSnapshot } from '../domain/model';
import { lockKeyOf, vpcIn, type AccountRegion } from '../domain/vpc-ref';
import { isManaged } from '../domain/ownership';
import { isAwaitingAcceptance } from '../domain/endpoint-states';

export interface DriftedVpc {
  vpcId: string;
  findings: DriftFinding[];
}

export interface DriftReport {
  region: string;
  mode: 'report' | 'remediate';
  vpcsChecked: number;
  drifted: DriftedVpc[];
  /**
   * The runs asked for drifted VPCs; `verdict` once the CLI knows how they ended (drift --remediate:
   * repaired or still drifted when read back after local runs, not yet repaired while deployed runs go on).
   */
  remediations: ({
    vpcId: string;
    verdict?: 'repaired' | 'still drifted' | 'not yet repaired';
  } & RunRequestOutcome)[];
  /**
   * Runs asked, in any mode, for VPCs whose last run left endpoints awaiting their service's owner who has
   * answered since: they finish what those runs began (docs/architecture.md, "Endpoint services").
   */
  acceptances: ({ vpcId: string } & RunRequestOutcome)[];
  /** What the interface endpoints of the checked VPCs cost a month now, in total (lib/operations/fleet-cost.ts). */
  cost: FleetCost;
  apiCalls: ApiCallCount;
}

export interface DriftDeps {
  api: Ec2Api;
  /** Route 53 in the account checked: where the config turns central endpoints on, their links are checked too. */
  route53?: Route53Client;
  /** Across a hub's accounts: the hub's central VPCs for a member's spokes, members' spokes for the hub's. */
  reach?: CentralAcross;
  config: OrchestratorConfig;
  /** The account and region checked: its VPCs' runs act there. */
  where: AccountRegion;
  events: EventSink;
  runs?: RunDeps;
  /** Given what the check read (the schedule's fleet report is made of it, not of a second read). */
  onRead?: (snapshots: VpcSnapshot[], central: CentralDriftRead) => void;
}

/** The service names a VPC's tags ask for (throws on tags that do not parse: readFleet counts them as none). */
export const wantedServiceNames =
  (region: string, config: OrchestratorConfig) => (tags: Record<string, string>) =>
    parseDesiredState(tags, { region, config }).services.map((s) => s.serviceName);

/** The scheduled drift check (docs/architecture.md, "The drift check"): batched reads, one verdict per opted-in VPC, then report or remediate. */
export async function runDriftCheck(deps: DriftDeps, mode = deps.config.drift.mode): Promise<DriftReport> {
  const { config } = deps;
  const { region } = deps.where;
  const fleet = await readFleet(deps.api, region, config.stackName, wantedServiceNames(region, config));
  const central = await centralDrift(fleet.snapshots, deps);
  deps.onRead?.(fleet.snapshots, central);
  const drifted: DriftedVpc[] = fleet.snapshots
    .map((s) => ({
      vpcId: s.vpc.vpcId,
      findings: [
        ...detectDrift(s, config, plannedNow(s, config, central.views.get(s.vpc.vpcId))),
        ...(central.findings.get(s.vpc.vpcId) ?? []),
      ],
    }))
    .filter((d) => d.findings.length > 0);
  for (const orphan of fleet.orphans) {
    drifted.push({
      vpcId: orphan.vpcId,
      findings: [
        {
          kind: 'orphaned-resources',
          detail: `managed ${[...orphan.endpointIds, ...orphan.groupIds].join(', ')} left in a VPC that is not opted in`,
        },
      ],
    });
  }
  const account = deps.where.accountId;
  await deps.events.emitAll(
    'PrivateLink Drift Detected',
    drifted.map((d) => ({ vpcId: d.vpcId, account, region, mode, findings: d.findings })),
  );
  const remediations: DriftReport['remediations'] = [];
  if (mode === 'remediate') {
    if (!deps.runs) throw new Error('remediate mode needs the run machinery (lock table and state machine)');
    for (const d of drifted.filter((x) => !x.findings.every((f) => f.kind === 'invalid-tags'))) {
      const outcome = await requestRun(
        vpcIn(deps.where, d.vpcId),
        { trigger: { source: 'drift' } },
        deps.runs,
      );
      remediations.push({ vpcId: d.vpcId, ...outcome });
    }
  }
  const remediated = new Set(remediations.map((r) => r.vpcId));
  const acceptances: DriftReport['acceptances'] = [];
  for (const vpcId of await answeredAcceptances(fleet.snapshots, deps)) {
    if (remediated.has(vpcId) || !deps.runs) continue;
    const outcome = await requestRun(
      vpcIn(deps.where, vpcId),
      { trigger: { source: 'acceptance' } },
      deps.runs,
    );
    acceptances.push({ vpcId, ...outcome });
  }
  return {
    region,
    mode,
    vpcsChecked: fleet.snapshots.length,
    drifted,
    remediations,
    acceptances,
    cost: fleetCostOf(fleet.snapshots, region, config, central.servedAzs),
    apiCalls: { ...deps.api.calls },
  };
}

/**
 * VPCs whose last run left endpoints awaiting acceptance (its lock record says which) that no longer are:
 * the owner accepted or rejected them. Only VPCs with such an endpoint of ours are looked up.
 */
async function answeredAcceptances(snapshots: VpcSnapshot[], deps: DriftDeps): Promise<string[]> {
  if (!deps.runs) return [];
  const answered: string[] = [];
  for (const s of snapshots) {
    const ours = s.endpoints.filter((e) => isManaged(e.tags, deps.config.stackName));
    if (!ours.some((e) => s.offers[e.serviceName]?.acceptanceRequired)) continue;
    const noted = await deps.runs.locks.awaitingAcceptance(lockKeyOf(vpcIn(deps.where, s.vpc.vpcId)));
    const stillWaiting = (id: string) =>
      ours.some((e) => e.endpointId === id && isAwaitingAcceptance(e.state));
    if (noted.length > 0 && !noted.every(stillWaiting)) answered.push(s.vpc.vpcId);
  }
  return answered;
}
