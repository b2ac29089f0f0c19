import type { SimEc2 } from './sim-ec2/simulator';

/** The gateways a spoke reaches its central VPC through: the simulator checks routes, not the gateways. */
export const TGW = 'tgw-0123456789abcdef0';
export const PCX = 'pcx-0123456789abcdef0';

/** The VPC's private subnets reach `cidr` through a transit gateway (default) or a peering connection. */
export function routeTo(
  sim: SimEc2,
  vpc: Pick<ReturnType<SimEc2['addVpc']>, 'privateRouteTables'>,
  cidr: string,
  via: string = TGW,
): void {
  const target = via.startsWith('pcx-') ? { VpcPeeringConnectionId: via } : { TransitGatewayId: via };
  for (const id of vpc.privateRouteTables)
    sim.routeTables
      .get(id)
      ?.routes.push({ DestinationCidrBlock: cidr, ...target, State: 'active', Origin: 'CreateRoute' });
}
