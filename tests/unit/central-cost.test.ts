import { centralCost, centralCostLines } from '../../lib/domain/central/cost';

const US_EAST_1 = { interfaceAzHour: 0.01, dataPerGb: 0.01, transitGatewayPerGb: 0.02 };

describe('what a spoke pays for a served service', () => {
  it('is its share of the central endpoint against one of its own, with the volume where its own is cheaper', () => {
    // A 2-AZ spoke; the central ssm endpoint in 3 AZs serves 5 VPCs (4 spokes and itself).
    const cost = centralCost('vpc-0central000000000', ['ssm'], 2, { ssm: 3 }, 5, US_EAST_1);

    // Local: 2 × 730 h × $0.01 = $14.60. Share: 3 × 730 × $0.01 / 5 = $4.38.
    // Break-even: ($14.60 − $4.38) / $0.02 per GB of Transit Gateway processing = 511 GB a month.
    expect(cost.served).toEqual([
      { service: 'ssm', localMonthly: 14.6, shareMonthly: 4.38, breakEvenGb: 511 },
    ]);
    expect(centralCostLines(cost)).toEqual([
      'Served by vpc-0central000000000: $4.38/month as this VPC’s share of the central endpoints (shared by 5 VPCs), against $14.60/month for endpoints of its own; through a transit gateway each GB also pays $0.02 of data processing (the break-even below assumes it; peering within an AZ pays none)'.replace(
        '’',
        "'",
      ),
      '  ssm: $4.38 against $14.60/month; a local endpoint is cheaper above 511 GB/month',
    ]);
  });

  it('gives no break-even volume where Transit Gateway’s price for the region is unknown', () => {
    const cost = centralCost('vpc-0central000000000', ['ssm', 'logs'], 3, { ssm: 3, logs: 3 }, 10, {
      interfaceAzHour: 0.011,
      dataPerGb: 0.01,
    });

    // Local: 3 × 730 × $0.011 = $24.09 each; share: $24.09 / 10 = $2.41 each (to the cent).
    expect(cost.served.map((s) => [s.localMonthly, s.shareMonthly, s.breakEvenGb])).toEqual([
      [24.09, 2.41, undefined],
      [24.09, 2.41, undefined],
    ]);
    expect([cost.localMonthly, cost.shareMonthly]).toEqual([48.18, 4.82]);
    expect(centralCostLines(cost)[0]).toMatch(/Transit Gateway's price for the region is unknown/);
  });
});
