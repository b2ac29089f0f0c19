import { UnsatisfiableRequestError } from '../errors';
import type {
  DesiredState,
  DnsConflict,
  EndpointChanges,
  EndpointInfo,
  EndpointSpec,
  HostedZoneInfo,
  PlannedEndpoint,
  ServiceOffer,
  VpcSnapshot,
} from '../model';
import { isManaged } from '../ownership';
import { TAG_KEYS } from '../tags';
import { isAwaitingAcceptance, isDead } from '../endpoint-states';

/**
 * Private DNS rules of the planner (docs/architecture.md, "Private DNS"): S3's interface endpoint beside
 * its gateway, the safe cut-over, and names something else already answers.
 */

const isS3Interface = (spec: EndpointSpec) => spec.type === 'Interface' && spec.service === 's3';

/**
 * An S3 interface endpoint with private DNS answers only lookups from on premises (Route 53 inbound
 * resolver endpoints); the VPC's own lookups keep going to the gateway endpoint, so EC2 requires one.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html#private-dns
 * Refuses, naming both ways out, when the VPC has no S3 gateway endpoint and the tags ask for none.
 */
export function s3DnsOptions(spec: EndpointSpec, desired: DesiredState, snapshot: VpcSnapshot): EndpointSpec {
  if (!isS3Interface(spec) || !spec.privateDns) return spec;
  const gatewayWanted = desired.services.some((s) => s.name === 's3' && s.type === 'Gateway');
  const gatewayThere = snapshot.endpoints.some(
    (e) => e.serviceName === spec.serviceName && e.type === 'Gateway' && !isDead(e.state),
  );
  if (!gatewayWanted && !gatewayThere) {
    throw new UnsatisfiableRequestError(
      `s3:interface with private DNS needs a gateway endpoint for S3 in ${snapshot.vpc.vpcId} (EC2 sets ` +
        `PrivateDnsOnlyForInboundResolverEndpoint: the VPC's own lookups go to the gateway): add s3 to ` +
        `${TAG_KEYS.services} (s3, s3:interface), or tag ${TAG_KEYS.privateDns}=false`,
    );
  }
  return { ...spec, inboundResolverOnly: true };
}

/**
 * Why an endpoint service's private DNS cannot be turned on yet, or undefined: its name is not verified
 * (PrivateDnsNameVerificationState), or its owner has not accepted the endpoint (EC2 refuses private DNS
 * before that). The endpoint's own DNS names serve meanwhile.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/manage-dns-names.html
 */
export function privateDnsBlocker(
  offer: Pick<ServiceOffer, 'privateDnsNames' | 'privateDnsVerification' | 'acceptanceRequired' | 'owner'>,
  current: Pick<EndpointInfo, 'state'> | undefined,
): string | undefined {
  if (offer.privateDnsNames.length === 0) return 'the service has no private DNS name';
  const verification = offer.privateDnsVerification ?? 'verified';
  if (verification !== 'verified')
    return `the service's private DNS name ${offer.privateDnsNames[0]} is not verified (${verification})`;
  if (offer.acceptanceRequired && (!current || isAwaitingAcceptance(current.state)))
    return `private DNS turns on once the service's owner${offer.owner ? ` ${offer.owner}` : ''} accepts the endpoint`;
  return undefined;
}

/** A route to the internet from any subnet: workloads may reach the service's public endpoint today. */
export function hasInternetPath(snapshot: VpcSnapshot): boolean {
  return snapshot.routeTables.some((rt) =>
    rt.routes.some(
      (r) =>
        (r.destinationCidrBlock === '0.0.0.0/0' || r.destinationCidrBlock === '::/0') &&
        r.state !== 'blackhole' &&
        (Boolean(r.natGatewayId) || /^(igw|eigw)-/.test(r.gatewayId ?? '')),
    ),
  );
}

/**
 * The cut-over the VPC gets: the tag's, else safe when workloads may be reaching the service over the
 * internet now (turning private DNS on early would send them to an endpoint that drops traffic), else
 * direct (nothing reaches the service yet, so nothing can break).
 */
export function cutoverOf(desired: DesiredState, snapshot: VpcSnapshot): 'safe' | 'direct' {
  const choice = desired.cutover ?? 'auto';
  if (choice !== 'auto') return choice;
  return hasInternetPath(snapshot) ? 'safe' : 'direct';
}

/**
 * Under a safe cut-over, an interface endpoint whose private DNS is not on yet is made (or kept) with it
 * off; the changes that turn it on wait until the endpoint proved it passes traffic. One already on stays.
 */
export function holdPrivateDns(
  spec: EndpointSpec,
  current: EndpointInfo | undefined,
  cutover: 'safe' | 'direct',
): { spec: EndpointSpec; cutover?: EndpointChanges } {
  if (cutover === 'direct' || spec.type !== 'Interface' || !spec.privateDns || current?.privateDnsEnabled)
    return { spec };
  const { inboundResolverOnly, ...held } = spec;
  return {
    spec: { ...held, privateDns: false },
    cutover: { privateDns: true, ...(inboundResolverOnly ? { inboundResolverOnly } : {}) },
  };
}

/** Whether the plan turns private DNS on anywhere: only then are the VPC's hosted zones worth a read. */
export const turnsOnPrivateDns = (endpoints: PlannedEndpoint[], snapshot: VpcSnapshot) =>
  endpoints.some((p) => namesTurnedOn(p, snapshot).length > 0);

/** The private DNS names a planned endpoint turns on: now (create, modify) or at its cut-over. */
function namesTurnedOn(planned: PlannedEndpoint, snapshot: VpcSnapshot): string[] {
  const turnsOn =
    planned.cutover?.privateDns === true ||
    (planned.action === 'create' && planned.spec.privateDns) ||
    (planned.action === 'modify' && planned.changes?.privateDns === true);
  if (!turnsOn) return [];
  return (snapshot.offers[planned.spec.serviceName]?.privateDnsNames ?? []).map((n) =>
    n.toLowerCase().replace(/^\*\./, ''),
  );
}

const zoneAnswers = (zone: HostedZoneInfo, name: string) =>
  name === zone.name || name.endsWith(`.${zone.name}`);

/**
 * Names private DNS would answer that something else already answers in the VPC: a private hosted zone
 * associated with it (a centralized-endpoints setup, say), or an endpoint not created by this stack with
 * private DNS on. EC2 refuses such an endpoint ("conflicting DNS domain"); the plan says which and why
 * before anything is made. Zones are checked only when read (snapshot.hostedZones).
 */
export function dnsConflicts(
  endpoints: PlannedEndpoint[],
  snapshot: VpcSnapshot,
  stackName: string,
): DnsConflict[] {
  return endpoints.flatMap((planned) =>
    namesTurnedOn(planned, snapshot).flatMap((name): DnsConflict[] => {
      const zone = snapshot.hostedZones?.find((z) => zoneAnswers(z, name));
      if (zone)
        return [{ service: planned.spec.service, name, holder: `hosted zone ${zone.zoneId} (${zone.name})` }];
      const other = snapshot.endpoints.find(
        (e) =>
          e.serviceName === planned.spec.serviceName &&
          e.type === 'Interface' &&
          e.privateDnsEnabled &&
          e.endpointId !== planned.endpointId &&
          !isDead(e.state) &&
          !isManaged(e.tags, stackName),
      );
      return other
        ? [
            {
              service: planned.spec.service,
              name,
              holder: `endpoint ${other.endpointId} (not created by this stack)`,
            },
          ]
        : [];
    }),
  );
}
