import { dynamoClient } from '../lib/aws/clients/dynamodb';
import { ownAccountFor, vpcClients } from './vpc-clients';
import { lockKeyOf } from '../lib/domain/run-lock';
import { readVpc, readVpcSnapshot } from '../lib/aws/discovery';
import { DynamoRunLockStore } from '../lib/aws/dynamo-run-lock';
import { Ec2Api } from '../lib/aws/ec2-api';
import { staticChecks } from '../lib/domain/checks';
import { currentCost, currentCostLine, pricesOf } from '../lib/domain/cost';
import { configFromEnv, type OrchestratorConfig } from '../lib/domain/config';
import { detectDrift } from '../lib/domain/drift';
import type { DesiredState, VpcSnapshot } from '../lib/domain/model';
import { findManagedSecurityGroup, isManaged } from '../lib/domain/ownership';
import { isOptedIn, parseDesiredState } from '../lib/domain/tags';
import { checkVpcId, EXIT, type CommandEnv } from './context';
import { checksCell, makeTable } from './render';

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
  checkVpcId(vpcId);
  const config = configFromEnv();
  const api = new Ec2Api(vpcClients(env).ec2);
  const vpc = await readVpc(api, vpcId, env.region, env.target?.accountId);
  const desired = isOptedIn(vpc.tags) ? desiredOf(vpc.tags, env.region, config, vpc.cidrBlocks) : undefined;
  const snapshot = await readVpcSnapshot(api, vpc, desired?.services.map((s) => s.serviceName) ?? []);
  const differences = isOptedIn(vpc.tags) ? detectDrift(snapshot, config) : [];
  const endpoints = endpointRows(snapshot, desired, config.stackName);
  const group = findManagedSecurityGroup(snapshot.securityGroups, vpcId, config.stackName);
  const probe = (await new DynamoRunLockStore(dynamoClient, env.lockTable)
    .lastProbe(
      lockKeyOf({ vpcId, accountId: env.target?.accountId, region: env.region }, await ownAccountFor(env)),
    )
    .catch(() => undefined)) as LastProbe | undefined;
  const liveFailures = (probe?.services ?? []).flatMap((s) =>
    s.checks.filter((c) => c.status === 'fail').map((c) => `${s.service} ${c.name}: ${c.detail}`),
  );
  const failingChecks = endpoints.filter((r) => r.checks.some((c) => c.status === 'fail')).length;
  const attention = differences.length + failingChecks + liveFailures.length > 0;
  const cost = currentCost(snapshot.endpoints, env.region, pricesOf(config.prices));
  if (env.json) {
    const document = {
      vpcId,
      optedIn: Boolean(desired),
      differences,
      securityGroup: group ?? null,
      endpoints,
      cost,
    };
    env.io.out(JSON.stringify({ ...document, lastProbe: probe ?? null }, null, 2));
  } else {
    env.io.out(
      [
        `${vpcId}: ${desired ? `opted in (${desired.services.map((s) => s.name).join(', ')})` : 'not opted in'}`,
        differencesText(differences),
        endpointTable(endpoints),
        `managed security group: ${group ? `${group.groupId} (${group.ingress.map((r) => `${r.protocol} ${r.fromPort}-${r.toPort} from ${r.cidr}`).join(', ') || 'no ingress'})` : 'none'}`,
        probe
          ? `last live probe ${probe.ranAt}: ${liveFailures.length ? `✗ ${liveFailures.join('; ')}` : 'all passed'}`
          : 'no live probe result yet',
        currentCostLine(cost),
        attention
          ? `${differences.length} difference(s) from the tags, ${failingChecks + liveFailures.length} failing check(s)`
          : 'matches its tags; all checks pass',
      ].join('\n'),
    );
  }
  return attention ? EXIT.attention : EXIT.ok;
}

/** The VPC's tags as a desired state; tags that do not parse are a difference detectDrift reports. */
function desiredOf(
  tags: Record<string, string>,
  region: string,
  config: OrchestratorConfig,
  vpcCidrs: string[],
): DesiredState | undefined {
  try {
    return parseDesiredState(tags, { region, config, vpcCidrs });
  } catch {
    return undefined;
  }
}

function endpointRows(snapshot: VpcSnapshot, desired: DesiredState | undefined, stackName: string) {
  const wanted = (serviceName: string) =>
    desired?.services.some((s) => s.serviceName === serviceName) ?? false;
  const allowedCidrs = desired?.allowedCidrs ?? snapshot.vpc.cidrBlocks;
  return snapshot.endpoints
    .filter((e) => isManaged(e.tags, stackName) || wanted(e.serviceName))
    .map((endpoint) => ({
      service: endpoint.serviceName,
      type: endpoint.type,
      endpointId: endpoint.endpointId,
      owner: isManaged(endpoint.tags, stackName) ? 'managed' : 'adopted',
      state: endpoint.state,
      placement: endpoint.type === 'Gateway' ? endpoint.routeTableIds : endpoint.subnetIds,
      securityGroups: endpoint.securityGroupIds,
      checks: staticChecks(snapshot, {
        endpoint,
        wantPrivateDns: desired?.privateDns ?? endpoint.privateDnsEnabled,
        allowedCidrs,
        routeTableIds: endpoint.routeTableIds,
      }),
    }));
}

function differencesText(differences: ReturnType<typeof detectDrift>): string {
  if (differences.length === 0) return 'no difference from the tags';
  const table = makeTable(['difference', 'service', 'resource', 'detail'], [null, null, null, 60]);
  for (const d of differences) table.push([d.kind, d.service ?? '', d.resourceId ?? '', d.detail]);
  return table.toString();
}

function endpointTable(rows: ReturnType<typeof endpointRows>): string {
  const table = makeTable([
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
      r.endpointId,
      r.owner,
      r.state,
      r.placement.join('\n'),
      r.securityGroups.join('\n'),
      checksCell(r.checks),
    ]);
  }
  return table.toString();
}
