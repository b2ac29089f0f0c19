import { OWNER_TAG, ROLE_TAG } from '../../lib/domain/config';
import type { ExecutionResult } from '../../lib/workflow/result-document';
import type { SimEc2 } from '../support/sim-ec2/api';
import { askForRun, taggedWorld } from '../support/trigger';
import { createForeignGateway } from '../support/foreign-endpoints';
import type { Harness, HarnessRun } from '../support/workflow-harness';

/**
 * Every run converges from any crash point. A clean fresh run of 8 services (live probe included) names
 * every mutating call it makes, EC2 and Lambda; then, for each of them, a fresh world runs until that call
 * has taken effect and the process dies there (the execution is aborted: no Catch, no release). A tag
 * event then asks again, through the real trigger path, and the end state must be the clean run's: the
 * same endpoints, groups, rules and routes, no duplicate, no probe copy left, every check passing.
 */
const SERVICES = 's3, dynamodb, ssm, ssmmessages, ec2messages, ecr.api, ecr.dkr, logs';
/** What the VPC looks like, in names rather than ids (ids differ between worlds). */
function endState(sim: SimEc2, harness: Harness) {
  sim.settle();
  const groupName = (id: string) => sim.securityGroups.get(id)?.groupName ?? id;
  const endpoints = [...sim.endpoints.values()]
    .filter((e) => e.tags[OWNER_TAG] && e.state !== 'deleted')
    .map((e) => ({
      service: e.serviceName,
      type: e.type,
      state: e.state,
      subnets: [...e.subnetIds].sort(),
      routeTables: [...e.routeTableIds].sort(),
      groups: e.groupIds.map(groupName).sort(),
      privateDns: e.privateDns,
    }))
    .sort((a, b) => `${a.service}${a.type}`.localeCompare(`${b.service}${b.type}`));
  const groups = [...sim.securityGroups.values()]
    .filter((g) => g.tags[OWNER_TAG])
    .map((g) => ({ name: g.groupName, role: g.tags[ROLE_TAG], ingress: g.ingress, egress: g.egress }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const routes = [...sim.routeTables.values()]
    .flatMap((rt) =>
      rt.routes
        .filter((r) => r.DestinationPrefixListId)
        .map(
          (r) =>
            `${rt.routeTableId} ${r.DestinationPrefixListId} → ${sim.endpoints.get(r.GatewayId ?? '')?.serviceName}`,
        ),
    )
    .sort();
  const probeCopies = [...harness.lambda.functions.keys()].filter((n) => n.includes('-probe-'));
  return { endpoints, groups, routes, probeCopies };
}

const duplicates = (state: ReturnType<typeof endState>) => {
  const keys = state.endpoints.map((e) => `${e.service}|${e.type}`);
  return keys.length - new Set(keys).size;
};

/** A fresh VPC tagged for the eight services; or one where someone else's S3 gateway covers the public table. */
const SCENARIOS: [string, (sim: SimEc2, vpc: ReturnType<SimEc2['addVpc']>) => void][] = [
  ['a fresh run', () => undefined],
  [
    'a run beside another’s gateway endpoint on some route tables',
    (sim, vpc) => createForeignGateway(sim, vpc.vpcId, [vpc.publicRouteTable]),
  ],
];

const world = (setUp: (typeof SCENARIOS)[number][1]) => {
  const made = taggedWorld(SERVICES, {}, 3);
  setUp(made.sim, made.vpc);
  return made;
};

describe.each(SCENARIOS)('a crash at any mutating call of %s', (_name, setUp) => {
  it('is finished by the next run: same end state as a clean run, no duplicate, nothing leaked', async () => {
    const clean = world(setUp);
    await askForRun(clean.vpc.vpcId, 'clean');
    const [cleanRun] = await clean.harness.runQueued();
    expect(cleanRun?.status).toBe('SUCCEEDED');
    const wanted = endState(clean.sim, clean.harness);
    const points = cleanRun?.mutations ?? [];
    expect(points.length).toBeGreaterThanOrEqual(13);

    const table = [];
    for (const [index, call] of points.entries()) {
      const { sim, vpc, harness } = world(setUp);
      await askForRun(vpc.vpcId, 'first');
      const [crashed] = await harness.runQueued({ crashAfter: index + 1 });
      await askForRun(vpc.vpcId, 'again');
      const after: HarnessRun[] = await harness.runQueued();
      const last = after.at(-1)?.output as ExecutionResult | undefined;
      const state = endState(sim, harness);
      table.push({
        crashAfter: `${index + 1}: ${call}`,
        crashed: crashed?.status,
        rerun: after.map((r) => r.status).join(','),
        converged: JSON.stringify(state) === JSON.stringify(wanted),
        duplicates: duplicates(state),
        failedChecks: last?.totals.checksFailed ?? -1,
        leakedProbeCopies: state.probeCopies.length,
      });
    }
    expect(table.filter((row) => row.crashed !== 'ABORTED')).toEqual([]);
    expect(
      table.filter(
        (row) =>
          !row.converged ||
          row.duplicates ||
          row.failedChecks !== 0 ||
          row.leakedProbeCopies ||
          row.rerun !== 'SUCCEEDED',
      ),
    ).toEqual([]);
  });
});
