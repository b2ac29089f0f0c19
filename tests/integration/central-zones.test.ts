import { DescribeVpcEndpointServicesCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  ZONE_TABLE,
  zoneNamesFor,
  zoneOfReportedName,
  zonesAnswer,
} from '../../lib/domain/central/zone-names';
import { useMoto } from '../support/moto';

/**
 * The zone-name table against the names EC2 reports for each service (PrivateDnsNames of
 * DescribeVpcEndpointServices), as the local AWS serves them: moto answers from AWS's own recorded
 * catalogue of us-east-1.
 */
const moto = useMoto();
const ec2 = new EC2Client({ region: 'us-east-1' });
const REGION = 'us-east-1';

/** Every service of the catalogue with the private DNS names EC2 reports for it (every type merged). */
async function reportedNames(): Promise<Map<string, string[]>> {
  await moto.server().reset();
  const names = new Map<string, string[]>();
  let NextToken: string | undefined;
  do {
    const page = await ec2.send(new DescribeVpcEndpointServicesCommand({ NextToken }));
    for (const d of page.ServiceDetails ?? []) {
      const reported = [d.PrivateDnsName, ...(d.PrivateDnsNames ?? []).map((n) => n.PrivateDnsName)];
      const short = (d.ServiceName ?? '').replace(`com.amazonaws.${REGION}.`, '');
      names.set(short, [
        ...new Set([...(names.get(short) ?? []), ...reported.filter((n): n is string => !!n)]),
      ]);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return names;
}

describe('the zones of a shared service', () => {
  let catalogue: Map<string, string[]>;
  beforeAll(async () => {
    catalogue = await reportedNames();
  });

  it.each(Object.keys(ZONE_TABLE))('holds the table entry of %s against the names EC2 reports', (service) => {
    const reported = catalogue.get(service) ?? [];
    expect(reported.length).toBeGreaterThan(0);
    const zones = zoneNamesFor(service, REGION, []);
    // The same zones as EC2's names, each of EC2's names answered (a wildcard where EC2 reports one).
    expect(zones.map((z) => z.name).sort()).toEqual(
      [...new Set(reported.map((n) => zoneOfReportedName(n).name))].sort(),
    );
    for (const name of reported) expect(zonesAnswer(zones, name)).toBe(true);
  });

  it('answers every name EC2 reports for every service of the catalogue', () => {
    const unanswered = [...catalogue.entries()].flatMap(([service, reported]) => {
      const zones = zoneNamesFor(service, REGION, reported);
      return reported.filter((name) => !zonesAnswer(zones, name)).map((name) => `${service}: ${name}`);
    });

    expect(catalogue.size).toBeGreaterThan(200);
    expect(unanswered).toEqual([]);
  });
});
