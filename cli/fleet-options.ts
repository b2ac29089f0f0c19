/** `fleet`'s options: kept apart from the command so the help loads no AWS SDK. */
export const FLEET_FILTERS = ['all', 'drifted', 'failed', 'attention'] as const;
export const FLEET_SORTS = ['vpc', 'cost', 'drift'] as const;

export interface FleetOptions {
  allRegions?: boolean;
  allAccounts?: boolean;
  filter?: (typeof FLEET_FILTERS)[number];
  sort?: (typeof FLEET_SORTS)[number];
  since?: string;
}
