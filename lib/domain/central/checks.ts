/**
 * The static checks of a spoke's services served by its central VPC (docs/architecture.md, "Centralized
 * endpoints", "Checks"): the route there, the network ACLs both ways, the spoke's CIDRs in the central
 * group's list, and the service's names answered here by our zones only. Pure: on what LinkCentral and
 * CheckConnectivity read.
 */
import type { CheckResult } from '../checks';
import { naclAllows } from '../checks';
import type { VpcSnapshot } from '../model';
import type { ServiceCheck } from '../service-checks';
import { unreachableCentral, zonesOfService, type CentralState, type LinkView } from './links';

const HTTPS = 443;
const result = (name: string, ok: boolean, detail: string): CheckResult => ({
  name,
  status: ok ? 'pass' : 'fail',
  detail,
});

export function centralChecks(
  snapshot: VpcSnapshot,
  served: string[],
  state: CentralState,
  subnetIds: string[],
): ServiceCheck[] {
  const central = state.central;
  if (!central) return [];
  const reach = reachChecks(snapshot, central, subnetIds);
  return served.map((service) => ({
    service,
    serviceName: `com.amazonaws.${snapshot.region}.${service}`,
    type: 'Interface',
    state: `served by ${central.vpcId}`,
    servedBy: central.vpcId,
    checks: [...reach, ...linkChecks(snapshot, service, state)],
  }));
}

/** The checks a spoke's links decide, apart from those its VPC's routes and ACLs decide. */
const LINK_CHECKS = ['central-list', 'central-zone'];

/**
 * Served services' checks made on what Plan read, with the link checks made again on the links as
 * LinkCentral read them back: a links-only spoke's VPC is not changed in between (plan-step.ts).
 */
export const withLinksReadBack = (
  services: ServiceCheck[],
  view: LinkView,
  state: CentralState,
): ServiceCheck[] =>
  services.map((s) =>
    s.servedBy
      ? {
          ...s,
          checks: [
            ...s.checks.filter((c) => !LINK_CHECKS.includes(c.name)),
            ...linkChecks(view, s.service, state),
          ],
        }
      : s,
  );

/** The spoke's CIDRs in its central VPC's list, and the service's names answered here by our zones only. */
function linkChecks(
  view: Pick<LinkView, 'vpc' | 'region' | 'offers'>,
  service: string,
  state: CentralState,
): CheckResult[] {
  const central = state.central;
  if (!central) return [];
  const { vpc } = view;
  const unlisted = vpc.cidrBlocks.filter(
    (cidr) => !central.list?.entries.some((e) => e.cidr === cidr && e.spokeVpcId === vpc.vpcId),
  );
  const list = result(
    'central-list',
    unlisted.length === 0,
    unlisted.length === 0
      ? `${vpc.cidrBlocks.join(', ')} admitted by ${central.list?.prefixListId} of ${central.vpcId}`
      : `${unlisted.join(', ')} not in the spoke list of ${central.vpcId}`,
  );
  const names = zonesOfService(service, view.region, view.offers).map((z) => z.name);
  const missing = names.filter(
    (n) => !state.associated.some((z) => z.name === n && z.centralVpcId === central.vpcId),
  );
  const others = (state.foreignZones ?? []).filter((z) => names.includes(z.name));
  const zone = result(
    'central-zone',
    missing.length === 0 && others.length === 0,
    missing.length
      ? `${missing.join(', ')} not answered here: the zone is not associated`
      : others.length
        ? `${others.map((z) => `${z.name} (${z.zoneId})`).join(', ')} answered by a zone that is not ours`
        : `${names.join(', ')} answered by the zones of ${central.vpcId}`,
  );
  return [list, zone];
}

function reachChecks(
  snapshot: VpcSnapshot,
  central: NonNullable<CentralState['central']>,
  subnetIds: string[],
): CheckResult[] {
  const unreachable = unreachableCentral(snapshot.routeTables, subnetIds, central);
  const denied = subnetIds.flatMap((subnetId) => {
    const acl =
      snapshot.networkAcls.find((a) => a.subnetIds.includes(subnetId)) ??
      snapshot.networkAcls.find((a) => a.isDefault);
    if (!acl) return [`${subnetId}: no network ACL found`];
    return central.cidrBlocks.flatMap((cidr) => [
      ...(naclAllows(acl, true, cidr, HTTPS, HTTPS) ? [] : [`${acl.networkAclId} denies 443 out to ${cidr}`]),
      ...(naclAllows(acl, false, cidr, 1024, 65535)
        ? []
        : [`${acl.networkAclId} denies ephemeral ports in from ${cidr}`]),
    ]);
  });
  return [
    result(
      'central-route',
      unreachable.length === 0,
      unreachable.length
        ? unreachable.join('; ')
        : `${subnetIds.length} subnet(s) route to ${central.cidrBlocks.join(', ')} of ${central.vpcId}`,
    ),
    result(
      'central-network-acl',
      denied.length === 0,
      denied.length
        ? [...new Set(denied)].join('; ')
        : `443 out to and 1024-65535 in from ${central.vpcId} allowed`,
    ),
  ];
}
