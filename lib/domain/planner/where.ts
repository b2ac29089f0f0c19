import { inSubnets } from '../services';
import { UnsatisfiableRequestError } from '../errors';
import type { DesiredState, EndpointInfo, Plan, SubnetInfo, VpcSnapshot } from '../model';
import { isManaged } from '../ownership';
import { cutoverOf } from './dns';
import { candidateSubnets, targetRouteTables } from './placement';
import { policyDocument } from './policy';

/** What every service's decision shares: where endpoints may go, and what is ours already. */
export interface Placement {
  /** Candidate subnets of interface endpoints (none when only gateways are wanted). */
  subnets: SubnetInfo[];
  /** Subnets per AZ: a limited endpoint goes where the VPC's workloads are. */
  subnetsPerZone: Map<string, number>;
  /** Route tables gateway endpoints target. */
  routeTableIds: string[];
  cutover: Plan['cutover'];
  /** The endpoint policy the tags ask for (undefined: AWS's default). */
  wantedPolicy: string | undefined;
  /** Our endpoints in the VPC, whatever their state. */
  managed: EndpointInfo[];
}

/** Private DNS needs the VPC's two DNS attributes: refused before anything is planned, naming the fix. */
export function assertDnsAttributes(desired: DesiredState, vpc: VpcSnapshot['vpc']): void {
  const wantsInterface = desired.services.some((s) => s.type === 'Interface');
  if (!desired.privateDns || !wantsInterface || (vpc.dnsSupport && vpc.dnsHostnames)) return;
  const off = [!vpc.dnsSupport && 'enableDnsSupport', !vpc.dnsHostnames && 'enableDnsHostnames'].filter(
    Boolean,
  );
  throw new UnsatisfiableRequestError(
    `private DNS needs enableDnsSupport and enableDnsHostnames on ${vpc.vpcId}, but ${off.join(' and ')} ` +
      `${off.length > 1 ? 'are' : 'is'} off: turn ${off.length > 1 ? 'them' : 'it'} on ` +
      `(aws ec2 modify-vpc-attribute) or tag privatelink:private-dns=false`,
  );
}

/** Where the tags let endpoints go in this VPC, and which of its endpoints are ours. */
export function placementOf(
  desired: DesiredState,
  snapshot: VpcSnapshot,
  ctx: { stackName: string; orgId?: string },
): Placement {
  const wantsSubnets = desired.services.some((s) => inSubnets(s.type));
  const subnetsPerZone = new Map<string, number>();
  for (const s of snapshot.subnets)
    subnetsPerZone.set(s.availabilityZone, (subnetsPerZone.get(s.availabilityZone) ?? 0) + 1);
  return {
    subnets: wantsSubnets ? candidateSubnets(desired.subnets, snapshot) : [],
    subnetsPerZone,
    routeTableIds: targetRouteTables(desired, snapshot),
    cutover: cutoverOf(desired, snapshot),
    wantedPolicy: policyDocument(desired.policy, { accountId: snapshot.vpc.ownerId, orgId: ctx.orgId }),
    managed: snapshot.endpoints.filter((e) => isManaged(e.tags, ctx.stackName)),
  };
}
