/**
 * Spokes subscribing to a central VPC all at once, through the real path (tag event → trigger → lock →
 * execution), every execution on one simulated account (EC2 and Route 53 with their published buckets)
 * and one timeline: LinkCentral's Route 53 calls wait for permits of the account's Route 53 paces.
 */
import { CENTRAL_TAG, OWNER_TAG } from '../../lib/domain/config';
import { useFunctionEnvironment } from '../support/function-env';
import { centralConfig, centralFleetAtOnce, withConfig } from '../support/central-fleet';

useFunctionEnvironment('privatelink-test');

const SPOKES = 30;

describe('spokes subscribing to a central VPC at once', () => {
  it('are all served, with no Route 53 call throttled and no endpoint of their own', async () => {
    const config = centralConfig(SPOKES, 'privatelink-test', { probe: { enabled: false } });

    const fleet = await withConfig(config, () => centralFleetAtOnce(SPOKES));

    expect(fleet.runs.map((r) => r.status)).toEqual(Array(SPOKES).fill('SUCCEEDED'));
    expect(fleet.sim.route53Calls.filter((c) => c.throttled)).toEqual([]);
    const associations = fleet.sim.route53Calls.filter((c) => c.command === 'AssociateVPCWithHostedZone');
    // Six shared services, ecr.dkr's names in one zone: six zones for each spoke.
    expect(associations).toHaveLength(SPOKES * 6);
    // Every spoke's CIDR in the central group's list: concurrent list changes lost none (each names a version).
    const list = [...fleet.sim.managedLists.values()].find((l) => l.tags[CENTRAL_TAG] === fleet.centralVpcId);
    const cidrs = fleet.spokeIds.map((id) => fleet.sim.vpcs.get(id)?.cidrBlocks[0]);
    expect(list?.entries.map((e) => e.cidr).sort()).toEqual(cidrs.sort());
    for (const spoke of fleet.spokeIds) {
      const zones = [...fleet.sim.hostedZones.values()].filter((z) => z.vpcIds.includes(spoke));
      expect(zones).toHaveLength(6);
      const own = [...fleet.sim.endpoints.values()].filter((e) => e.vpcId === spoke && e.tags[OWNER_TAG]);
      expect(own).toEqual([]);
    }
  });

  it('go to their links as soon as Plan decided them, never queued behind the runs that started after them', async () => {
    const config = centralConfig(SPOKES, 'privatelink-test', { probe: { enabled: false } });

    // Two zones a spoke: the runs' reads, not Route 53's buckets, set the pace.
    const fleet = await withConfig(config, () => centralFleetAtOnce(SPOKES, { services: 'ssm, logs' }));

    expect(fleet.runs.map((r) => r.status)).toEqual(Array(SPOKES).fill('SUCCEEDED'));
    // A LinkCentral that had to wait for its permit runs again after WaitForRoute53Permit.
    const turns = new Map<string, number>();
    for (const { fn, event } of fleet.harness.invocations)
      if (fn === 'linkCentral') {
        const vpcId = (event as { vpc: { vpcId: string } }).vpc.vpcId;
        turns.set(vpcId, (turns.get(vpcId) ?? 0) + 1);
      }
    expect(fleet.spokeIds.filter((id) => turns.get(id) !== 1)).toEqual([]);
  });
});
