import {
  costLine,
  DEFAULT_PRICES,
  planCost,
  pricesOf,
  signedUsd,
  type PlanCost,
} from '../../lib/domain/cost';
import type { EndpointInfo, Plan, PlannedEndpoint } from '../../lib/domain/model';
import type { EndpointState } from '../../lib/domain/endpoint-states';

const subnets = (n: number) => Array.from({ length: n }, (_, i) => `subnet-${i}`);
const spec = (service: string, type: 'Interface' | 'Gateway', azs: number) => ({
  service,
  serviceName: `com.amazonaws.us-east-1.${service}`,
  type,
  subnetIds: type === 'Interface' ? subnets(azs) : [],
  routeTableIds: [],
  privateDns: type === 'Interface',
});
const planned = (
  service: string,
  action: PlannedEndpoint['action'],
  azs: number,
  type: 'Interface' | 'Gateway' = 'Interface',
): PlannedEndpoint => ({ action, spec: spec(service, type, azs), endpointId: `vpce-${service}`, reason: '' });
const existing = (service: string, azs: number, state: EndpointState = 'available'): EndpointInfo => ({
  endpointId: `vpce-${service}`,
  serviceName: `com.amazonaws.us-east-1.${service}`,
  type: 'Interface',
  state,
  subnetIds: subnets(azs),
  routeTableIds: [],
  securityGroupIds: [],
  privateDnsEnabled: true,
  dnsNames: [],
  networkInterfaceIds: [],
  tags: {},
});
const plan = (endpoints: PlannedEndpoint[], deletions: Plan['deletions'] = []): Plan => ({
  mode: 'apply',
  noop: false,
  routeRepairs: [],
  securityGroup: { action: 'none', allowedCidrs: [], addCidrs: [], removeRules: [] },
  endpoints,
  deletions,
  cutover: 'direct',
  conflicts: [],
  targetRouteTableIds: [],
  allowedCidrs: [],
});
const cost = (p: Plan, now: EndpointInfo[], region = 'us-east-1', table = DEFAULT_PRICES) =>
  planCost(p, now, region, table) as PlanCost;

describe('what a plan costs', () => {
  it('prices a fresh VPC: six interface endpoints in 3 AZs at $0.01 an AZ-hour, gateways free', () => {
    const interfaces = ['ssm', 'ssmmessages', 'ec2messages', 'ecr.api', 'ecr.dkr', 'logs'];
    const p = plan([
      ...interfaces.map((s) => planned(s, 'create', 3)),
      planned('s3', 'create', 0, 'Gateway'),
      planned('dynamodb', 'create', 0, 'Gateway'),
    ]);
    expect(cost(p, [])).toMatchObject({ monthlyBefore: 0, monthlyAfter: 131.4, change: 131.4 });
  });

  it.each([
    ['fewer AZs: ssm from 3 to 1', plan([planned('ssm', 'modify', 1)]), [existing('ssm', 3)], -14.6, 7.3],
    [
      'a deleted endpoint',
      plan([], [{ endpointId: 'vpce-logs', service: 'logs', type: 'Interface', reason: '' }]),
      [existing('logs', 3)],
      -21.9,
      0,
    ],
    ['nothing changed', plan([planned('logs', 'unchanged', 2)]), [existing('logs', 2)], 0, 14.6],
    ['someone else’s endpoint, kept and counted', plan([]), [existing('kms', 2)], 0, 14.6],
    ['a failed endpoint, billed no more', plan([]), [existing('kms', 2, 'failed')], 0, 0],
  ])('%s', (_case, p, now, change, after) => {
    expect(cost(p, now)).toMatchObject({ change, monthlyAfter: after });
  });

  it('says the price is unknown for a region it has none for, naming what to add, never a guess', () => {
    expect(planCost(plan([planned('ssm', 'create', 2)]), [], 'eu-west-3', DEFAULT_PRICES)).toEqual({
      region: 'eu-west-3',
      unknown:
        'no PrivateLink price for eu-west-3: add it to the config\'s "prices" (per AZ-hour and per GB)',
    });
  });

  it('takes a region’s price from the config over the shipped table', () => {
    const table = pricesOf({ 'eu-west-3': { interfaceAzHour: 0.012, dataPerGb: 0.01 } });
    expect(cost(plan([planned('ssm', 'create', 2)]), [], 'eu-west-3', table).change).toBe(17.52);
  });

  it('reads as one line: the change, the total, the rate, the data rate and the prices’ date', () => {
    expect(costLine(cost(plan([planned('ssm', 'create', 2), planned('logs', 'create', 1)]), []))).toBe(
      'Cost: +$21.90/month → $21.90/month of interface endpoints in this VPC ($0.01 per endpoint per AZ-hour; data processed $0.01/GB, not included; us-east-1 prices of 2026-11-26)',
    );
    expect(signedUsd(-14.6)).toBe('-$14.60');
  });
});
