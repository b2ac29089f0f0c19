import type { Route53Client } from '@aws-sdk/client-route-53';
import { readCentralState, type CentralAcross, type CentralApis } from '../aws/central-reads';
import { AwsApi, type Ec2Api } from '../aws/ec2-api';
import { linksInPlace, planCentralLinks, type CentralView, type CentralWork } from '../domain/central/links';
import type { OrchestratorConfig } from '../domain/config';
import type { DriftFinding } from '../domain/drift';
import { CentralVpcError } from '../domain/errors';
import { spokeCost, type CentralCost } from '../domain/central/cost';
import { priceFor, pricesOf, type UnknownCost } from '../domain/cost';
import { placementOf } from '../domain/planner/where';
import type { VpcSnapshot } from '../domain/model';
import { readDesiredState, TAG_KEYS } from '../domain/tags';

/**
 * The drift of centralized endpoints (docs/architecture.md, "Centralized endpoints"), read from each
 * central VPC's side: its zones, aliases, list and group rule as wanted; no association or entry of a VPC
 * that is not its spoke (LZA #827, #836: reported on the central VPC, whose run removes them); every spoke
 * linked (reported on the spoke, whose run links it). A few Route 53 reads per central VPC, none per spoke.
 */
/** What centralDrift found: each VPC's link findings and central view, and the AZs central endpoints serve. */
export interface CentralDriftRead {
  findings: Map<string, DriftFinding[]>;
  views: Map<string, CentralView>;
  servedAzs: number;
}

export async function centralDrift(
  snapshots: VpcSnapshot[],
  deps: CentralDriftDeps,
): Promise<CentralDriftRead> {
  const findings = new Map<string, DriftFinding[]>();
  const views = new Map<string, CentralView>();
  let servedAzs = 0;
  if (!deps.config.central || !deps.route53) return { findings, views, servedAzs };
  const add = (vpcId: string, finding: DriftFinding) =>
    findings.set(vpcId, [...(findings.get(vpcId) ?? []), finding]);
  // Read-only: zone tags, the lists and each central VPC a spoke names are read once for the whole check.
  const apis: CentralApis = {
    ec2: deps.api,
    route53: new AwsApi(deps.route53),
    ...deps.reach,
    zoneTags: new Map(),
    readOnce: new Map(),
  };
  for (const snapshot of snapshots.filter((s) => s.vpc.tags[TAG_KEYS.share]?.trim())) {
    const read = readDesiredState(snapshot.vpc.tags, {
      region: snapshot.region,
      config: deps.config,
      vpcCidrs: snapshot.vpc.cidrBlocks,
    });
    if (read.problems.length > 0 || !read.desired.share) continue;
    const state = await readCentralState(apis, snapshot, read.desired, deps.config);
    const work = planCentralLinks(
      read.desired,
      snapshot,
      state,
      deps.config.stackName,
      deps.config.central.maxSpokeCidrs,
    );
    if (state.own?.list) views.set(snapshot.vpc.vpcId, { spokeListId: state.own.list.prefixListId });
    for (const spoke of state.own?.subscribers ?? []) {
      if (!spoke.served) continue;
      views.set(spoke.vpcId, { served: spoke.served });
      servedAzs += spoke.served.length * azsOf(snapshots.find((s) => s.vpc.vpcId === spoke.vpcId));
    }
    if (!linksInPlace(work)) add(snapshot.vpc.vpcId, { kind: 'central-links', detail: describeWork(work) });
    for (const spoke of work.spokesToLink ?? [])
      add(spoke.vpcId, {
        kind: 'central-links',
        resourceId: snapshot.vpc.vpcId,
        detail: `spoke of ${snapshot.vpc.vpcId}: ${spoke.detail}`,
      });
  }
  // A member's spokes of the hub's central VPC: judged from their own side (a few Route 53 reads each);
  // those of a central VPC of the member's own account were judged from its side above.
  const unjudged = (s: VpcSnapshot) => s.vpc.tags[TAG_KEYS.use]?.trim() && !views.has(s.vpc.vpcId);
  if (apis.hub)
    for (const snapshot of snapshots.filter(unjudged)) {
      const view = await spokeView(snapshot, apis, deps.config);
      if (view.served) {
        views.set(snapshot.vpc.vpcId, { served: view.served });
        servedAzs += view.served.length * azsOf(snapshot);
      }
      for (const finding of view.findings) add(snapshot.vpc.vpcId, finding);
    }
  return { findings, views, servedAzs };
}

/** Where the drift of centralized endpoints reads: Route 53 of the account checked, and across a hub's accounts. */
export interface CentralDriftDeps {
  api: Ec2Api;
  route53?: Route53Client;
  config: OrchestratorConfig;
  reach?: CentralAcross;
}

/** The AZs a local endpoint of a spoke would take: those its subnets span (one subnet per AZ). */
const azsOf = (snapshot: VpcSnapshot | undefined) =>
  new Set((snapshot?.subnets ?? []).map((s) => s.availabilityZone)).size;

/**
 * One VPC's view of the links around it, for `status`: what it is served, its own list, and its links'
 * drift read from its side (a spoke's missing association, a central VPC's stale one).
 */
export async function centralViewOf(
  snapshot: VpcSnapshot,
  deps: CentralDriftDeps,
): Promise<CentralView & { findings: DriftFinding[]; cost?: CentralCost | UnknownCost }> {
  if (!deps.config.central || !deps.route53) return { findings: [] };
  return spokeView(
    snapshot,
    { ec2: deps.api, route53: new AwsApi(deps.route53), ...deps.reach },
    deps.config,
  );
}

/** A VPC's links judged from its own side: what it is served, their cost, and what they lack. */
async function spokeView(
  snapshot: VpcSnapshot,
  apis: CentralApis,
  config: OrchestratorConfig,
): Promise<CentralView & { findings: DriftFinding[]; cost?: CentralCost | UnknownCost }> {
  const read = readDesiredState(snapshot.vpc.tags, {
    region: snapshot.region,
    config,
    vpcCidrs: snapshot.vpc.cidrBlocks,
  });
  if (read.problems.length > 0 || !config.central) return { findings: [] };
  try {
    const state = await readCentralState(apis, snapshot, read.desired, config);
    const work = planCentralLinks(
      read.desired,
      snapshot,
      state,
      config.stackName,
      config.central.maxSpokeCidrs,
    );
    const price = priceFor(snapshot.region, pricesOf(config.prices));
    const subnetIds = placementOf(read.desired, snapshot, config).subnets.map((s) => s.subnetId);
    const cost =
      state.central && work.served.length
        ? 'unknown' in price
          ? price
          : spokeCost(snapshot, subnetIds, state.central, work.served, price)
        : undefined;
    return {
      served: work.served,
      ...(cost ? { cost } : {}),
      ...(state.own?.list ? { spokeListId: state.own.list.prefixListId } : {}),
      findings: linksInPlace(work) ? [] : [{ kind: 'central-links', detail: describeWork(work) }],
    };
  } catch (err) {
    // A spoke whose central VPC cannot serve it: what a run would refuse, said as a difference.
    if (!(err instanceof CentralVpcError)) throw err;
    return { findings: [{ kind: 'central-links', detail: err.message }] };
  }
}

/** What a central VPC's links lack or hold too much of, for people. */
export function describeWork(work: CentralWork): string {
  const parts = [
    work.createList ? 'the spoke list is missing' : '',
    work.authorizeListRule ? "the group's rule from the spoke list is missing" : '',
    ...work.createZones.map((z) => `no zone ${z.name} (${z.service})`),
    ...work.upsertRecords.map((r) => `the aliases of ${r.zoneName} do not point at the endpoint`),
    ...work.disassociate.map(
      (d) => `${d.name} is associated with ${d.vpcId ?? 'this VPC'}, which is not its spoke`,
    ),
    ...work.removeEntries.flatMap((r) => r.cidrs.map((c) => `${c} in the spoke list is no spoke's`)),
    ...work.associate.map((a) => `not associated with ${a.name}`),
    ...work.addEntries.flatMap((a) => a.cidrs.map((c) => `${c} not in the spoke list`)),
    ...work.deleteZones.map((z) => `${z.name} serves a service no longer shared, and no spoke`),
    ...(work.deauthorize ?? []).map(
      (d) => `${d.vpcId} is still authorized to join ${d.name}, which it no longer needs`,
    ),
    ...(work.lingering ?? []).map(
      (s) => `${s} is no longer shared but still serves spokes that name it: their runs move them back`,
    ),
  ];
  return parts.filter(Boolean).join('; ');
}
