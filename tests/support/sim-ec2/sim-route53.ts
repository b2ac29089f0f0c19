import { ListHostedZonesByVPCCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { SimEc2 } from './simulator';
import { signedAs } from './wire';

/**
 * The simulated Route 53: ListHostedZonesByVPC over the simulator's private hosted zones. Route 53 has
 * its own rate (5 requests a second per account), not EC2's buckets; one call per plan stays far inside it.
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListHostedZonesByVPC.html
 */
export function installSimRoute53(
  sim: SimEc2,
  mock: AwsClientStub<Route53Client> = mockClient(Route53Client),
): AwsClientStub<Route53Client> {
  mock.reset();
  mock
    .on(ListHostedZonesByVPCCommand)
    .callsFake(async (input: { VPCId?: string; VPCRegion?: string }, getClient) => {
      await signedAs(getClient());
      if (!sim.vpcs.has(input.VPCId ?? '') || input.VPCRegion !== sim.region) {
        const err = Object.assign(new Error(`VPC ${input.VPCId} not found in ${input.VPCRegion}`), {
          name: 'InvalidVPCId',
          $metadata: { httpStatusCode: 400 },
        });
        throw err;
      }
      const zones = [...sim.hostedZones.values()].filter((z) => z.vpcIds.includes(input.VPCId ?? ''));
      return {
        HostedZoneSummaries: zones.map((z) => ({
          HostedZoneId: z.zoneId,
          Name: `${z.name}.`,
          Owner: { OwningAccount: sim.accountId },
        })),
        MaxItems: '100',
      };
    });
  return mock;
}
