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
import { unreachableCentral, zonesOfService, type CentralState } from './links';

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
  const listed = snapshot.vpc.cidrBlocks.filter(
    (cidr) => !central.list?.entries.some((e) => e.cidr === cidr && e.spokeVpcId === snapshot.vpc.vpcId),
  );
  const list = result(
    'central-list',
    listed.length === 0,
    listed.length === 0
      ? `${snapshot.vpc.cidrBlocks.join(', ')} admitted by ${central.list?.prefixListId} of ${central.vpcId}`
      : `${listed.join(', ')} not in the spoke list of ${central.vpcId}`,
  );
  return served.map((service) => {
    const names = zonesOfService(service, snapshot.region, snapshot.offers).map((z) => z.name);
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
    return {
      service,
      serviceName: `com.amazonaws.${snapshot.region}.${service}`,
      type: 'Interface',
      state: `served by ${central.vpcId}`,
      servedBy: central.vpcId,
      checks: [...reach, list, zone],
    };
  });
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
