import type { Ec2Api } from '../aws/ec2-api';
import { readFleet } from '../aws/fleet-reads';
import type { OrchestratorConfig } from '../domain/config';
import { fleetRowOf, type FleetRow, type LastRun } from '../domain/fleet-row';
import type { AccountRegion } from '../domain/vpc-ref';
import { wantedServiceNames } from './drift-check';
import { centralDrift, type CentralDriftDeps, type CentralDriftRead } from './central-drift';
import type { VpcSnapshot } from '../domain/model';
import { fleetCostOf, type FleetCost } from './fleet-cost';
import type { CentralAcross } from '../aws/central-reads';
import type { Route53Client } from '@aws-sdk/client-route-53';

/**
 * Every opted-in VPC of one account and region as a fleet row (`privatelink fleet`): the drift check's
 * batched reads (a handful of calls per hundred VPCs), each VPC judged as `status` judges one.
 */
export async function readFleetRows(
  api: Ec2Api,
  config: OrchestratorConfig,
  where: AccountRegion,
  lastRunOf: (vpcId: string) => LastRun,
  route53?: Route53Client,
  reach?: CentralAcross,
): Promise<FleetRow[]> {
  const fleet = await readFleet(
    api,
    where.region,
    config.stackName,
    wantedServiceNames(where.region, config),
  );
  const central = await centralDrift(fleet.snapshots, {
    api,
    config,
    ...(route53 ? { route53 } : {}),
    ...(reach ? { reach } : {}),
  });
  return fleetRowsOf(fleet.snapshots, central, config, where.accountId, lastRunOf);
}

/** The rows of what was read already (the drift check's own read, for the schedule's report). */
export function fleetRowsOf(
  snapshots: VpcSnapshot[],
  central: CentralDriftRead,
  config: OrchestratorConfig,
  accountId: string,
  lastRunOf: (vpcId: string) => LastRun,
): FleetRow[] {
  return snapshots.map((s) =>
    fleetRowOf(s, config, accountId, lastRunOf(s.vpc.vpcId), {
      ...central.views.get(s.vpc.vpcId),
      findings: central.findings.get(s.vpc.vpcId) ?? [],
    }),
  );
}

/**
 * What one account and region's opted-in VPCs cost a month now (`progress`): the drift check's batched
 * reads, and with central endpoints the per-VPC cost they replace.
 */
export async function fleetCostNow(deps: CentralDriftDeps & { where: AccountRegion }): Promise<FleetCost> {
  const { region } = deps.where;
  const fleet = await readFleet(
    deps.api,
    region,
    deps.config.stackName,
    wantedServiceNames(region, deps.config),
  );
  const central = await centralDrift(fleet.snapshots, deps);
  return fleetCostOf(fleet.snapshots, region, deps.config, central.servedAzs);
}
