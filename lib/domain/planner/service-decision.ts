import { UnsatisfiableRequestError } from '../errors';
import type {
  DesiredState,
  EndpointChanges,
  EndpointInfo,
  EndpointSpec,
  PlannedEndpoint,
  ServiceOffer,
  VpcSnapshot,
  WantedService,
} from '../model';
import { isAwaitingAcceptance, isDead } from '../endpoint-states';
import { OWNER_TAG } from '../config';
import { isManaged } from '../ownership';
import { inSubnets, offerOf, offeredZones } from '../services';
import { termsFor } from '../endpoint-services';
import { holdPrivateDns, privateDnsBlocker, s3DnsOptions } from './dns';
import { withIpAddressType } from './ip-type';
import { azLimit, pickSubnets } from './placement';
import { samePolicy } from './policy';
import type { Placement } from './where';

/**
 * One wanted service's decision: keep our live endpoint (unchanged, or modified to the spec), report
 * another's that serves it (adopted, never touched), or create one. `kept` names our endpoint it keeps.
 */
export function decideService(
  service: WantedService,
  desired: DesiredState,
  snapshot: VpcSnapshot,
  where: Placement,
  stackName: string,
): { planned: PlannedEndpoint; kept?: string } {
  const same = (e: EndpointInfo) => e.serviceName === service.serviceName && e.type === service.type;
  const current = where.managed.find((e) => same(e) && !isDead(e.state));
  const theirs = snapshot.endpoints.filter(
    (e) => same(e) && !isManaged(e.tags, stackName) && !isDead(e.state),
  );
  const wanted = wantedSpec(service, desired, snapshot, where, current);
  const complement = gatewayComplement(wanted.spec, theirs);
  // Another's endpoint serves it and ours is not there (an interface), or theirs covers every targeted table.
  const adopt = complement ? complement.routeTableIds.length === 0 : theirs.length > 0 && !current;
  if (adopt) {
    const reason = 'an endpoint not created by this stack already serves it: reported, never modified';
    // Another stack of this product made it: most often a wrong or missing --stack-name, said wherever shown.
    const otherStack = theirs.map((e) => e.tags[OWNER_TAG]).find((owner) => owner !== undefined);
    return {
      planned: {
        action: 'adopted',
        spec: wanted.spec,
        endpointId: theirs[0]?.endpointId,
        reason,
        ...(otherStack ? { otherStack } : {}),
      },
    };
  }
  const spec = complement ?? wanted.spec;
  const held = wanted.cutover;
  const heldDns = held ? { cutover: held } : {};
  const alongside = complement
    ? `; beside ${theirs.map((e) => e.endpointId).join(', ')} (not ours), on the route tables it leaves out`
    : '';
  if (current) {
    const changes = diffEndpoint(current, spec);
    const base = { spec, endpointId: current.endpointId, ...heldDns };
    const planned: PlannedEndpoint = changes
      ? { ...base, action: 'modify', changes, reason: describeChanges(changes) + alongside }
      : {
          ...base,
          action: 'unchanged',
          reason:
            (held ? 'private DNS waits for the cut-over' : 'matches the tags') +
            alongside +
            endpointServiceNote(service, snapshot, current, desired),
        };
    return { planned, kept: current.endpointId };
  }
  const reason =
    (complement ? `no endpoint of ours for it yet${alongside}` : 'no endpoint for this service yet') +
    endpointServiceNote(service, snapshot, undefined, desired);
  return { planned: { action: 'create', spec, reason, ...heldDns } };
}

/**
 * What an endpoint service's endpoint waits for, for the plan's reason: its owner's acceptance, and
 * private DNS where the tags want it and it cannot be had yet.
 */
function endpointServiceNote(
  service: WantedService,
  snapshot: VpcSnapshot,
  current: EndpointInfo | undefined,
  desired: DesiredState,
): string {
  if (!service.allowListed) return '';
  if (service.type === 'Resource')
    return (
      "; a resource endpoint: reached by the resource's own DNS names" +
      (desired.policy !== 'default'
        ? '; no endpoint policy (resource endpoints take none: privatelink:policy does not apply)'
        : '')
    );
  const offer = offerOf(snapshot, service.serviceName, service.type) as ServiceOffer;
  const owner = offer.owner ? ` ${offer.owner}` : '';
  const waits =
    offer.acceptanceRequired && (!current || isAwaitingAcceptance(current.state))
      ? `; the service's owner${owner} accepts each endpoint: it waits for that (awaiting-acceptance)`
      : '';
  if (isShared(desired, service))
    return `${waits}; shared with spokes: private DNS off, zones of ours answer its names (docs/architecture.md, "Centralized endpoints")`;
  const dns = desired.privateDns ? privateDnsBlocker(offer, current) : undefined;
  return waits + (dns && !waits ? `; private DNS off: ${dns}, the endpoint's own DNS names serve` : '');
}

/**
 * A gateway service another's gateway endpoint serves on some route tables: ours goes on the targeted
 * tables theirs leaves out (EC2 allows several gateway endpoints of one service in a VPC; a table takes one
 * route per prefix list), never touching theirs. None left out: an empty list (theirs is adopted, and ours,
 * if any, is not kept). Not a gateway, or nobody else's: undefined.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html#gateway-endpoint-routing
 */
function gatewayComplement(spec: EndpointSpec, theirs: EndpointInfo[]): EndpointSpec | undefined {
  if (spec.type !== 'Gateway' || theirs.length === 0) return undefined;
  const covered = new Set(theirs.flatMap((e) => e.routeTableIds));
  return { ...spec, routeTableIds: spec.routeTableIds.filter((id) => !covered.has(id)) };
}

const isShared = (desired: DesiredState, service: WantedService) =>
  desired.share?.includes(service.name) ?? false;

/** The spec the tags ask for (placement, DNS, IP type, policy), with private DNS held for a safe cut-over. */
function wantedSpec(
  service: WantedService,
  desired: DesiredState,
  snapshot: VpcSnapshot,
  where: Placement,
  current: EndpointInfo | undefined,
) {
  const offer = offerOf(snapshot, service.serviceName, service.type) as ServiceOffer;
  const wanted = buildSpec(service, {
    subnets: pickSubnets(where.subnets, offeredZones(offer, service.type), current?.subnetIds, {
      limit: azLimit(desired.azs, service.name),
      subnetsPerZone: where.subnetsPerZone,
    }),
    routeTableIds: where.routeTableIds,
    // A shared service's names are answered by our zones, in the central VPC and its spokes alike.
    privateDns: desired.privateDns && !privateDnsBlocker(offer, current) && !isShared(desired, service),
    policyDocument: offer.policySupported ? where.wantedPolicy : undefined,
    owner: offer.owner,
  });
  const typed = withIpAddressType(
    s3DnsOptions(wanted, desired, snapshot),
    desired.ipAddressType ?? 'auto',
    offer,
    where.subnets,
  );
  if (inSubnets(service.type) && typed.subnetIds.length === 0) {
    throw new UnsatisfiableRequestError(
      `${service.serviceName} is offered in ${offer.availabilityZones.join(', ')}, but none of the candidate ` +
        `subnets (${where.subnets.map((s) => `${s.subnetId} in ${s.availabilityZone}`).join(', ')}) is in those zones`,
    );
  }
  return holdPrivateDns(typed, current, where.cutover);
}

/** How many AZs an interface endpoint held by the AZ policy could have had: the plan's cost shows the saving. */
export function availableAzs(
  service: WantedService,
  planned: PlannedEndpoint,
  desired: DesiredState,
  snapshot: VpcSnapshot,
  where: Placement,
): number | undefined {
  if (!inSubnets(service.type) || azLimit(desired.azs, service.name) === undefined) return undefined;
  const offer = offerOf(snapshot, service.serviceName, service.type) as ServiceOffer;
  const everyAz = pickSubnets(where.subnets, offeredZones(offer, service.type)).length;
  return everyAz > planned.spec.subnetIds.length ? everyAz : undefined;
}

function buildSpec(
  service: WantedService,
  p: {
    subnets: string[];
    routeTableIds: string[];
    privateDns: boolean;
    policyDocument?: string;
    owner?: string;
  },
): EndpointSpec {
  const gateway = service.type === 'Gateway';
  const terms = service.allowListed ? termsFor(service.allowListed.terms, p.owner) : undefined;
  return {
    ...(terms ? { ports: terms.ports, tls: terms.tls } : {}),
    ...(service.serviceRegion ? { serviceRegion: service.serviceRegion } : {}),
    service: service.name,
    serviceName: service.serviceName,
    type: service.type,
    subnetIds: gateway ? [] : p.subnets,
    routeTableIds: gateway ? p.routeTableIds : [],
    privateDns: gateway ? false : p.privateDns,
    policyDocument: p.policyDocument,
  };
}

const minus = (a: string[], b: string[]) => a.filter((x) => !b.includes(x)).sort();

/** What ModifyVpcEndpoint must change on one of our endpoints, or undefined when it already matches. */
export function diffEndpoint(current: EndpointInfo, spec: EndpointSpec): EndpointChanges | undefined {
  const changes: EndpointChanges = {};
  if (spec.type === 'Gateway') {
    const add = minus(spec.routeTableIds, current.routeTableIds);
    const remove = minus(current.routeTableIds, spec.routeTableIds);
    if (add.length) changes.addRouteTableIds = add;
    if (remove.length) changes.removeRouteTableIds = remove;
  } else {
    const add = minus(spec.subnetIds, current.subnetIds);
    const remove = minus(current.subnetIds, spec.subnetIds);
    if (add.length) changes.addSubnetIds = add;
    if (remove.length) changes.removeSubnetIds = remove;
    if (current.privateDnsEnabled !== spec.privateDns) changes.privateDns = spec.privateDns;
    if (Boolean(current.inboundResolverOnly) !== Boolean(spec.inboundResolverOnly))
      changes.inboundResolverOnly = Boolean(spec.inboundResolverOnly);
    if ((current.ipAddressType ?? 'ipv4') !== (spec.ipAddressType ?? 'ipv4'))
      changes.ipAddressType = spec.ipAddressType ?? 'ipv4';
  }
  if (!samePolicy(current.policyDocument, spec.policyDocument)) {
    if (spec.policyDocument === undefined) changes.resetPolicy = true;
    else changes.policyDocument = spec.policyDocument;
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}

export function describeChanges(c: EndpointChanges): string {
  const parts: string[] = [];
  if (c.addSubnetIds) parts.push(`add subnets ${c.addSubnetIds.join(', ')}`);
  if (c.removeSubnetIds) parts.push(`remove subnets ${c.removeSubnetIds.join(', ')}`);
  if (c.addRouteTableIds) parts.push(`add route tables ${c.addRouteTableIds.join(', ')}`);
  if (c.removeRouteTableIds) parts.push(`remove route tables ${c.removeRouteTableIds.join(', ')}`);
  if (c.addManagedSecurityGroup) parts.push('attach the managed security group');
  if (c.removeSecurityGroupIds) parts.push(`detach security groups ${c.removeSecurityGroupIds.join(', ')}`);
  if (c.privateDns !== undefined) parts.push(`private DNS ${c.privateDns ? 'on' : 'off'}`);
  if (c.inboundResolverOnly !== undefined)
    parts.push(
      `private DNS ${c.inboundResolverOnly ? 'only for inbound resolver endpoints' : 'for all resolvers'}`,
    );
  if (c.ipAddressType) parts.push(`IP address type ${c.ipAddressType}`);
  if (c.policyDocument !== undefined) parts.push('set the policy');
  if (c.resetPolicy) parts.push('reset the policy to the AWS default');
  return parts.join('; ');
}
