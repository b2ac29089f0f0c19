import { ListHostedZonesByVPCCommand, type Route53Client } from '@aws-sdk/client-route-53';
import type { HostedZoneInfo } from '../domain/model';
import { mapAwsError } from './errors';

/** A zone's id as its own calls take it: Route 53 answers some with a `/hostedzone/` prefix. */
export const bareZoneId = (id: string) => id.replace(/^\/hostedzone\//, '');

/** The private hosted zones associated with a VPC: what answers its lookups before any endpoint does. */
export interface HostedZones {
  associatedWith(vpcId: string, region: string): Promise<HostedZoneInfo[]>;
}

/**
 * Route 53's ListHostedZonesByVPC, every page (docs/architecture.md, "Private DNS"). Zones shared from
 * another account are listed too: they conflict just the same.
 */
export class Route53HostedZones implements HostedZones {
  constructor(private readonly client: Route53Client) {}

  async associatedWith(vpcId: string, region: string): Promise<HostedZoneInfo[]> {
    const zones: HostedZoneInfo[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.client
        .send(new ListHostedZonesByVPCCommand({ VPCId: vpcId, VPCRegion: region as never, NextToken }))
        .catch((err: unknown) => {
          throw mapAwsError(err, 'ListHostedZonesByVPC');
        });
      for (const z of page.HostedZoneSummaries ?? [])
        zones.push({ zoneId: z.HostedZoneId ?? '', name: (z.Name ?? '').replace(/\.$/, '').toLowerCase() });
      NextToken = page.NextToken;
    } while (NextToken);
    return zones;
  }
}
