import type { SimEc2 } from './sim-ec2/api';

/** An S3 gateway endpoint of someone else's on these route tables, with the routes EC2 gives it. */
export function createForeignGateway(sim: SimEc2, vpcId: string, routeTableIds: string[]): string {
  const id = sim.id('vpce');
  const endpoint = {
    endpointId: id,
    vpcId,
    serviceName: sim.serviceName('s3'),
    type: 'Gateway' as const,
    state: 'available' as const,
    settlesAt: 0,
    settlesTo: 'available' as const,
    subnetIds: [],
    routeTableIds: [...routeTableIds],
    groupIds: [],
    privateDns: false,
    policy: '{"Statement":[]}',
    networkInterfaceIds: [],
    tags: { Name: 'made-by-the-network-team' },
    createdAt: 0,
  };
  sim.endpoints.set(id, endpoint);
  sim.addRoutes(endpoint, routeTableIds);
  return id;
}
