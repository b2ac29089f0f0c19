import { DEFAULT_PRICES, planCost, costLine, type PlanCost } from '../../lib/domain/cost';
import { InvalidTagError } from '../../lib/domain/errors';
import type { VpcSnapshot } from '../../lib/domain/model';
import { planVpc } from '../../lib/domain/planner';
import { parseDesiredState } from '../../lib/domain/tags';
import { STACK, testConfig } from '../support/config';
import { AZS, PRIVATE_SUBNETS, REGION, baseSnapshot, endpoint, offer, svc } from '../support/snapshots';

const desired = (tags: Record<string, string>, config: Record<string, unknown> = {}) =>
  parseDesiredState(
    { 'privatelink:services': 'ssm, logs', ...tags },
    { region: REGION, config: testConfig(config) },
  );
const planned = (tags: Record<string, string>, snapshot = baseSnapshot(), config = {}) =>
  planVpc(desired(tags, config), snapshot, { stackName: STACK });
const zonesOf = (subnetIds: string[]) => subnetIds.map((id) => AZS[PRIVATE_SUBNETS.indexOf(id)]);
const byService = (plan: ReturnType<typeof planned>, short: string) =>
  plan.endpoints.find((e) => e.spec.service === short);

describe('the AZ policy (privatelink:azs)', () => {
  it.each([
    ['all', { default: 'all', perService: {} }],
    ['2', { default: 2, perService: {} }],
    ['ssm=1,logs=2', { default: 'all', perService: { ssm: 1, logs: 2 } }],
    ['2 ssm=1', { default: 2, perService: { ssm: 1 } }],
    ['ALL, logs=all', { default: 'all', perService: { logs: 'all' } }],
  ])('reads %s', (value, azs) => {
    expect(desired({ 'privatelink:azs': value }).azs).toEqual(azs);
  });

  it.each(['0', 'two', 'ssm=', '=1', 'ssm=0', ', ,'])(
    'refuses %j, naming the tag, its value and what it accepts',
    (value) => {
      expect(() => desired({ 'privatelink:azs': value })).toThrow(InvalidTagError);
      expect(() => desired({ 'privatelink:azs': value })).toThrow(
        `tag privatelink:azs="${value}" is invalid, accepted: all, a number of AZs (1 or more), or per service such as ssm=1,logs=2`,
      );
    },
  );

  it('falls back on the config: its profile’s AZs, else its default', () => {
    const config = { azs: '2', profileAzs: { ssm: 'ssm=1' } };
    expect(
      parseDesiredState({ 'privatelink:profile': 'ssm' }, { region: REGION, config: testConfig(config) }).azs,
    ).toEqual({
      default: 'all',
      perService: { ssm: 1 },
    });
    expect(desired({}, config).azs).toEqual({ default: 2, perService: {} });
  });

  it('places a limited endpoint in the AZs where the VPC has most subnets, never where the service is not offered', () => {
    const snapshot: VpcSnapshot = baseSnapshot();
    // Two more subnets in the third AZ: its workloads are there.
    snapshot.subnets.push(
      { ...snapshot.subnets[0]!, subnetId: 'subnet-0000000000000cc1', availabilityZone: AZS[2]! },
      { ...snapshot.subnets[0]!, subnetId: 'subnet-0000000000000cc2', availabilityZone: AZS[2]! },
    );
    snapshot.offers[svc('logs')] = offer('logs', ['Interface'], [AZS[0]!, AZS[1]!]);
    const plan = planned({ 'privatelink:azs': '1' }, snapshot);
    expect(zonesOf(byService(plan, 'ssm')?.spec.subnetIds ?? [])).toEqual([AZS[2]]);
    expect(zonesOf(byService(plan, 'logs')?.spec.subnetIds ?? [])).toEqual([AZS[0]]);
  });

  it('keeps the AZs an endpoint already uses', () => {
    const snapshot = baseSnapshot();
    snapshot.endpoints = [
      endpoint('ssm', 'Interface', { subnetIds: [PRIVATE_SUBNETS[1]!, PRIVATE_SUBNETS[2]!] }),
    ];
    const plan = planned({ 'privatelink:azs': 'ssm=2' }, snapshot);
    expect(byService(plan, 'ssm')?.spec.subnetIds).toEqual([PRIVATE_SUBNETS[1], PRIVATE_SUBNETS[2]]);
    expect(byService(plan, 'ssm')?.changes).not.toHaveProperty('addSubnetIds');
  });

  it('shows in the plan what the choice saves against every AZ', () => {
    const plan = planned({ 'privatelink:azs': 'ssm=1' });
    const cost = planCost(plan, [], REGION, {
      ...DEFAULT_PRICES,
      regions: { [REGION]: { interfaceAzHour: 0.01, dataPerGb: 0.01 } },
    }) as PlanCost;
    expect(cost.endpoints.find((e) => e.service === 'ssm')).toMatchObject({
      azs: 1,
      monthly: 7.3,
      saved: 14.6,
    });
    expect(costLine(cost)).toContain('the AZ policy saves $14.60/month against every AZ');
  });
});
