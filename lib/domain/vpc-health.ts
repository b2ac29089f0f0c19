import type { OrchestratorConfig } from './config';
import { detectDrift, plannedNow, type DriftFinding } from './drift';
import type { DesiredState, Plan, VpcSnapshot } from './model';
import { isManaged } from './ownership';
import type { CentralView } from './central/links';
import { serviceChecks, type ServiceCheck } from './service-checks';
import { isOptedIn, parseDesiredState } from './tags';

/** One wanted service's endpoint, as `status` lists it and `fleet` counts it. */
export interface EndpointHealth {
  service: string;
  type: string;
  endpointId: string | null;
  owner: 'managed' | 'adopted' | 'none';
  state: string;
  placement: string[];
  securityGroups: string[];
  checks: ServiceCheck['checks'];
  /** A spoke's service answered by this central VPC's endpoint. */
  servedBy?: string;
}

/** A VPC read now against its tags: what `status` shows and each `fleet` row sums up. */
export interface VpcHealth {
  optedIn: boolean;
  /** The tags as a desired state; undefined when not opted in or the tags do not parse (a difference says why). */
  desired?: DesiredState;
  /** The plan an execution would make now; undefined when none can be made. */
  plan?: Plan;
  endpoints: EndpointHealth[];
  differences: DriftFinding[];
}

/**
 * The one reading of a VPC's health, for `status` and `fleet` alike: its differences from the tags as the
 * drift check finds them, and each wanted service's endpoint with its checks by the rule CheckConnectivity
 * uses (serviceChecks on the plan an execution would make now).
 */
export function vpcHealth(
  snapshot: VpcSnapshot,
  config: OrchestratorConfig,
  /** Centralized endpoints around the VPC (lib/operations/central-drift.ts): what it is served, its links' drift. */
  central: CentralView & { findings?: DriftFinding[] } = {},
): VpcHealth {
  const { tags, cidrBlocks } = snapshot.vpc;
  const optedIn = isOptedIn(tags);
  const desired = optedIn ? desiredOf(tags, snapshot.region, config, cidrBlocks) : undefined;
  // One plan for both: the checks of each wanted service, and the differences drift reads from it.
  const planned = optedIn ? plannedNow(snapshot, config, central) : undefined;
  const plan = planned && 'plan' in planned ? planned.plan : undefined;
  return {
    optedIn,
    ...(desired ? { desired } : {}),
    ...(plan ? { plan } : {}),
    endpoints: endpointRows(snapshot, plan, config),
    differences: planned ? [...detectDrift(snapshot, config, planned), ...(central.findings ?? [])] : [],
  };
}

/** The VPC's tags as a desired state; tags that do not parse are a difference detectDrift reports. */
export function desiredOf(
  tags: Record<string, string>,
  region: string,
  config: OrchestratorConfig,
  vpcCidrs: string[],
): DesiredState | undefined {
  try {
    return parseDesiredState(tags, { region, config, vpcCidrs });
  } catch {
    return undefined;
  }
}

/**
 * Each wanted service's endpoint and its checks; tags that do not parse or a plan that cannot be made
 * leave our own endpoints listed without checks (the differences say why).
 */
function endpointRows(
  snapshot: VpcSnapshot,
  plan: Plan | undefined,
  config: OrchestratorConfig,
): EndpointHealth[] {
  const checked: ServiceCheck[] = plan
    ? serviceChecks(snapshot, plan, config.stackName)
    : snapshot.endpoints
        .filter((e) => isManaged(e.tags, config.stackName))
        .map((e) => ({ ...e, service: e.serviceName, checks: [] }));
  return checked.map((c) => {
    const endpoint = snapshot.endpoints.find((e) => e.endpointId === c.endpointId);
    return {
      service: c.service,
      type: c.type,
      endpointId: c.endpointId ?? null,
      owner: !endpoint ? 'none' : isManaged(endpoint.tags, config.stackName) ? 'managed' : 'adopted',
      state: c.state,
      placement: (c.type === 'Gateway' ? c.routeTableIds : c.subnetIds) ?? [],
      securityGroups: c.securityGroupIds ?? [],
      checks: c.checks,
      ...(c.servedBy ? { servedBy: c.servedBy } : {}),
    };
  });
}
