import { dynamoClient } from '../lib/aws/clients/dynamodb';
import { centralReachFor, vpcClients, vpcRefFor } from './vpc-clients';
import { lockKeyOf } from '../lib/domain/vpc-ref';
import { readVpc, readVpcSnapshot } from '../lib/aws/discovery';
import { RegionCatalogues } from '../lib/aws/catalogues';
import { DynamoRunLockStore } from '../lib/aws/dynamo-run-lock';
import { Ec2Api } from '../lib/aws/ec2-api';
import { currentCost, currentCostLine, pricesOf } from '../lib/domain/cost';
import type { detectDrift } from '../lib/domain/drift';
import type { DesiredState, SecurityGroupInfo } from '../lib/domain/model';
import { findManagedSecurityGroup, findPortGroups, otherStackNote } from '../lib/domain/ownership';
import { isOptedIn } from '../lib/domain/tags';
import { desiredOf, vpcHealth, type EndpointHealth } from '../lib/domain/vpc-health';
import { centralViewOf } from '../lib/operations/central-drift';
import { centralCostLines } from '../lib/domain/central/cost';
import { EXIT, type CommandEnv } from './context';
import { checksCell } from './render';
import type { Terminal } from './terminal';

interface LastProbe {
  ranAt: string;
  services: { service: string; checks: { name: string; status: string; detail: string }[] }[];
}

/**
 * `status`: one VPC read now and compared with its tags the way the drift check compares (missing, extra
 * and changed endpoints, group rules, routes, DNS), its endpoints' static checks, and the last live probe
 * verdict. Exit 3 whenever anything differs or fails.
 */
export async function statusCommand(vpcId: string, env: CommandEnv): Promise<number> {
  const ref = await vpcRefFor(vpcId, env);
  const { config } = env;
  const api = new Ec2Api(vpcClients(env).ec2);
  const vpc = await readVpc(api, ref);
  const desired = isOptedIn(vpc.tags) ? desiredOf(vpc.tags, env.region, config, vpc.cidrBlocks) : undefined;
  const snapshot = await readVpcSnapshot(
    api,
    vpc,
    desired?.services.map((s) => s.serviceName) ?? [],
    // The region's whole catalogue, as a run's Plan reads it: a misspelt service gets a "did you mean".
    new RegionCatalogues(),
  );
  const reach = await centralReachFor(env);
  const central = await centralViewOf(snapshot, {
    api,
    route53: vpcClients(env).route53,
    config,
    ...(reach ? { reach } : {}),
  });
  const { plan, endpoints, differences } = vpcHealth(snapshot, config, central);
  // Endpoints another stack of this product made: never "all checks pass" (a wrong --stack-name, most often).
  const otherStacks = (plan?.endpoints ?? [])
    .filter((p) => p.otherStack)
    .map((p) =>
      otherStackNote({ ...p.spec, endpointId: p.endpointId }, p.otherStack ?? '', config.stackName),
    );
  const group = findManagedSecurityGroup(snapshot.securityGroups, vpcId, config.stackName);
  const portGroups = findPortGroups(snapshot.securityGroups, vpcId, config.stackName).map((x) => x.group);
  const probe = (await new DynamoRunLockStore(dynamoClient, env.lockTable)
    .lastProbe(lockKeyOf(ref))
    .catch(() => undefined)) as LastProbe | undefined;
  const liveFailures = (probe?.services ?? []).flatMap((s) =>
    s.checks.filter((c) => c.status === 'fail').map((c) => `${s.service} ${c.name}: ${c.detail}`),
  );
  const failingChecks = endpoints.filter((r) => r.checks.some((c) => c.status === 'fail')).length;
  const attention = differences.length + failingChecks + liveFailures.length + otherStacks.length > 0;
  const cost = currentCost(snapshot.endpoints, env.region, pricesOf(config.prices));
  const document = {
    vpcId,
    optedIn: isOptedIn(vpc.tags),
    differences,
    securityGroup: group ?? null,
    ...(portGroups.length ? { portGroups } : {}),
    endpoints,
    otherStacks,
    cost,
    ...(central.cost ? { centralCost: central.cost } : {}),
    lastProbe: probe ?? null,
  };
  env.output.print(document, () =>
    [
      `${vpcId}: ${optedInLine(vpc.tags, desired)}`,
      differencesText(differences, env.terminal),
      endpointTable(endpoints, env.terminal),
      ...otherStacks.map((note) => `${env.terminal.colors.yellow('!')} ${note}`),
      `managed security group: ${group ? groupLine(group) : 'none'}`,
      ...portGroups.map((g) => `port group: ${groupLine(g)}`),
      probe
        ? `last live probe ${probe.ranAt}: ${liveFailures.length ? `✗ ${liveFailures.join('; ')}` : 'all passed'}`
        : 'no live probe result yet',
      currentCostLine(cost),
      ...(central.cost ? ('unknown' in central.cost ? [] : centralCostLines(central.cost)) : []),
      attention
        ? `${differences.length} difference(s) from the tags, ${failingChecks + liveFailures.length} failing check(s)${otherStacks.length ? `, ${otherStacks.length} endpoint(s) of another stack` : ''}`
        : 'matches its tags; all checks pass',
    ].join('\n'),
  );
  return attention ? EXIT.attention : EXIT.ok;
}

/** Opted in as the drift check counts it (a privatelink: tag); tags that do not parse say so, not "not opted in". */
function optedInLine(tags: Record<string, string>, desired: DesiredState | undefined): string {
  if (!isOptedIn(tags)) return 'not opted in';
  if (!desired) return 'opted in, but its tags are invalid (see the differences)';
  return `opted in (${desired.services.map((s) => s.name).join(', ')})`;
}

function differencesText(differences: ReturnType<typeof detectDrift>, terminal: Terminal): string {
  if (differences.length === 0) return 'no difference from the tags';
  const table = terminal.table(['difference', 'service', 'resource', 'detail']);
  for (const d of differences) table.push([d.kind, d.service ?? '', d.resourceId ?? '', d.detail]);
  return table.toString();
}

function endpointTable(rows: EndpointHealth[], terminal: Terminal): string {
  const table = terminal.table([
    'service',
    'type',
    'endpoint',
    'owner',
    'state',
    'subnets / route tables',
    'security group',
    'checks',
  ]);
  for (const r of rows) {
    table.push([
      r.service,
      r.type,
      r.endpointId ?? '(none)',
      r.owner,
      r.state,
      r.placement.join('\n'),
      r.securityGroups.join('\n'),
      checksCell(r.checks, terminal),
    ]);
  }
  return table.toString();
}

/** A group of ours and what it admits, as a line. */
const groupLine = (g: SecurityGroupInfo) =>
  `${g.groupId} (${g.ingress.map((r) => `${r.protocol} ${r.fromPort}-${r.toPort} from ${r.cidr}`).join(', ') || 'no ingress'})`;
