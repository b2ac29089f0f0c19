import { readCentralState } from '../aws/central-reads';
import { applyCentralWork } from '../aws/central-links';
import { readVpc, readVpcSnapshot } from '../aws/discovery';
import { AwsApi } from '../aws/ec2-api';
import { linksInPlace, planCentralLinks, type CentralWork } from '../domain/central/links';
import { ConflictError, InvalidConfigError } from '../domain/errors';
import type { ApiCallCount, Plan } from '../domain/model';
import { findManagedSecurityGroup } from '../domain/ownership';
import type { VpcRef } from '../domain/vpc-ref';
import type { StepContext } from './step-context';

export interface LinkCentralResult {
  /** What this step did: the work planned on what it read (endpoints made by this run included). */
  work: CentralWork;
  /** Read back afterwards: every link as wanted. */
  verified: true;
  /** Our endpoints of the services the central VPC now answers here: RetireLocalEndpoints deletes them. */
  retire: NonNullable<CentralWork['retire']>;
  apiCalls: ApiCallCount;
  route53Calls: ApiCallCount;
}

/**
 * The links of centralized endpoints (docs/architecture.md, "Centralized endpoints"), once the endpoints
 * are settled: reads the VPC and its links again (a central VPC's endpoints made by this run have their
 * DNS names now), decides, acts, and reads back. Links not as wanted after that fail the step
 * (ConflictError: a change another run made meanwhile; the state machine retries).
 */
export async function linkCentralStep(
  event: { vpc: VpcRef; central: NonNullable<Plan['central']> },
  ctx: StepContext,
): Promise<LinkCentralResult> {
  const { config } = ctx;
  if (!config.central || !ctx.route53)
    throw new InvalidConfigError(
      'LinkCentral runs only where the config has a "central" section and Route 53 is reachable',
    );
  const apis = { ec2: ctx.api, route53: new AwsApi(ctx.route53, ctx.fence) };
  const decide = async () => {
    const vpc = await readVpc(ctx.api, event.vpc);
    const names = event.central.desired.services.map((s) => s.serviceName);
    const snapshot = await readVpcSnapshot(ctx.api, vpc, names);
    const state = await readCentralState(apis, snapshot, event.central.desired, config);
    const work = planCentralLinks(
      event.central.desired,
      snapshot,
      state,
      config.stackName,
      config.central?.maxSpokeCidrs ?? 50,
    );
    return { snapshot, state, work };
  };
  const { snapshot, state, work } = await decide();
  await applyCentralWork(apis, event.vpc, work, {
    stackName: config.stackName,
    groupId: findManagedSecurityGroup(snapshot.securityGroups, event.vpc.vpcId, config.stackName)?.groupId,
    ...(state.own?.list ? { listId: state.own.list.prefixListId } : {}),
  });
  const after = await decide();
  if (!linksInPlace(after.work))
    throw new ConflictError(
      `the central links of ${event.vpc.vpcId} are not as wanted after this step: ${JSON.stringify(after.work)}`,
    );
  return {
    work,
    verified: true,
    retire: after.work.retire ?? [],
    apiCalls: { ...ctx.api.calls },
    route53Calls: { ...apis.route53.calls },
  };
}
