import { currentCost, HOURS_PER_MONTH, priceFor, pricesOf, round } from '../domain/cost';
import type { OrchestratorConfig } from '../domain/config';
import type { VpcSnapshot } from '../domain/model';

/** What the interface endpoints of a fleet's VPCs cost a month now, in total (lib/domain/cost.ts). */
export type FleetCost =
  | {
      monthly: number;
      endpoints: number;
      pricesTakenOn: string;
      /**
       * Centralized endpoints: what the fleet would pay with endpoints of their own in every spoke for the
       * services a central VPC serves them (lib/operations/central-drift.ts).
       */
      perVpcMonthly?: number;
    }
  | { unknown: string };

/**
 * The fleet's monthly endpoint hours (the drift check's and `progress`'s): every VPC's endpoints, and —
 * where central VPCs serve spokes (`servedAzs`: the AZs their own endpoints would take) — what per-VPC
 * endpoints would cost instead.
 */
export function fleetCostOf(
  snapshots: VpcSnapshot[],
  region: string,
  config: OrchestratorConfig,
  servedAzs: number,
): FleetCost {
  const table = pricesOf(config.prices);
  const costs = snapshots.map((s) => currentCost(s.endpoints, region, table));
  const unknown = costs.find((c) => 'unknown' in c);
  if (unknown && 'unknown' in unknown) return { unknown: unknown.unknown };
  const known = costs.filter((c): c is Exclude<typeof c, { unknown: string }> => !('unknown' in c));
  const monthly = round(known.reduce((sum, c) => sum + c.monthly, 0));
  const price = priceFor(region, table);
  const perVpc =
    servedAzs > 0 && !('unknown' in price)
      ? { perVpcMonthly: round(monthly + servedAzs * HOURS_PER_MONTH * price.interfaceAzHour) }
      : {};
  return {
    monthly,
    endpoints: known.reduce((sum, c) => sum + c.endpoints, 0),
    pricesTakenOn: table.takenOn,
    ...perVpc,
  };
}
