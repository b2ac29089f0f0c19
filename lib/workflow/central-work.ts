import { readCentralState, type CentralApis } from '../aws/central-reads';
import { AwsApi } from '../aws/ec2-api';
import type { StepContext } from './step-context';
import {
  linksInPlace,
  planCentralLinks,
  unreachableCentral,
  zonesOfService,
  type CentralState,
  type CentralWork,
} from '../domain/central/links';
import { DEFAULT_MAX_SPOKE_CIDRS, type OrchestratorConfig } from '../domain/config';
import { CentralVpcError } from '../domain/errors';
import type { DesiredState, VpcSnapshot } from '../domain/model';
import { TAG_KEYS } from '../domain/tags';

/**
 * A step's doors for the links: EC2 and Route 53 in the VPC's account, and across a hub's accounts the
 * hub's (a member's VPC) or members' EC2 (a central VPC of the hub). `zoneTags`: a cache for the turn.
 */
export function centralApisOf(
  ctx: StepContext & { route53: NonNullable<StepContext['route53']> },
  zoneTags?: CentralApis['zoneTags'],
): CentralApis {
  return {
    ec2: ctx.api,
    route53: new AwsApi(ctx.route53, ctx.fence),
    ...(zoneTags ? { zoneTags } : {}),
    ...ctx.reach,
  };
}

/** What a central VPC or a spoke wants of the links: `$.plan.central`, and what LinkCentral plans again. */
export type CentralDesired = Pick<DesiredState, 'share' | 'use' | 'services'>;

export interface CentralDecision {
  work: CentralWork;
  state: CentralState;
  subnetIds: string[];
}

/**
 * Reads the links around the VPC and decides what they need (docs/architecture.md, "Centralized
 * endpoints"). A spoke the central VPC cannot serve is refused here, before anything changes: no route to
 * it from the endpoint subnets, or no zone there yet for a service it would be served.
 */
export async function decideCentral(
  apis: CentralApis,
  snapshot: VpcSnapshot,
  desired: CentralDesired,
  config: OrchestratorConfig,
  endpointSubnetIds: string[],
): Promise<CentralDecision> {
  const state = await readCentralState(apis, snapshot, desired, config);
  const work = planCentralLinks(
    desired,
    snapshot,
    state,
    config.stackName,
    config.central?.maxSpokeCidrs ?? DEFAULT_MAX_SPOKE_CIDRS,
  );
  if (work.role === 'spoke' && state.central && work.served.length > 0) {
    const where = `${snapshot.vpc.vpcId} (${TAG_KEYS.use}=${desired.use})`;
    const unreachable = unreachableCentral(snapshot.routeTables, endpointSubnetIds, state.central);
    if (unreachable.length > 0)
      throw new CentralVpcError(`${where} cannot reach ${state.central.vpcId}: ${unreachable.join('; ')}`);
    const unanswered = work.served.flatMap((s) =>
      zonesOfService(s, snapshot.region, snapshot.offers)
        .filter((z) => !state.central?.zones.some((c) => c.name === z.name))
        .map((z) => `${z.name} (${s})`),
    );
    if (unanswered.length > 0)
      throw new CentralVpcError(
        `${where}: ${state.central.vpcId} has no zone for ${unanswered.join(', ')} yet (its own run makes them): ` +
          'this VPC is served once that run has finished; the next trigger or drift check tries again',
      );
  }
  return { work, state, subnetIds: endpointSubnetIds };
}

export { linksInPlace };
