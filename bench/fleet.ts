import { OWNER_TAG, SERVICE_TAG, VPC_TAG } from '../lib/domain/config';
import { SimEc2 } from '../tests/support/sim-ec2/simulator';

export const EIGHT = ['s3', 'dynamodb', 'ssm', 'ssmmessages', 'ec2messages', 'ecr.api', 'ecr.dkr', 'logs'];
const FULL_ACCESS = JSON.stringify({
  Version: '2008-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
});

/**
 * A simulated region holding `count` opted-in VPCs (3 AZs, public and private subnets), each already
 * converged on eight services: what the drift check finds on a healthy fleet.
 */
export function convergedFleet(
  count: number,
  stackName: string,
  options: ConstructorParameters<typeof SimEc2>[0],
): SimEc2 {
  const sim = new SimEc2({ indexByVpc: true, ...options });
  sim.addDefaultOffers();
  for (let i = 0; i < count; i += 1) {
    const cidr = `${10 + Math.floor(i / 256)}.${i % 256}.0.0/16`;
    const vpc = sim.addVpc({ azs: 3, cidr, tags: { 'privatelink:services': EIGHT.join(', ') } });
    const tags = (service?: string) => ({
      [OWNER_TAG]: stackName,
      [VPC_TAG]: vpc.vpcId,
      ...(service ? { [SERVICE_TAG]: service } : {}),
    });
    const groupId = sim.id('sg');
    sim.securityGroups.set(groupId, {
      groupId,
      groupName: `${stackName}-endpoints-${vpc.vpcId}`,
      vpcId: vpc.vpcId,
      description: 'bench',
      ingress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: cidr }],
      egress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }],
      tags: tags(),
    });
    const tables = [vpc.mainRouteTable, vpc.publicRouteTable, ...vpc.privateRouteTables];
    for (const short of EIGHT) {
      const gateway = short === 's3' || short === 'dynamodb';
      const endpointId = sim.id('vpce');
      const endpoint = {
        endpointId,
        vpcId: vpc.vpcId,
        serviceName: sim.serviceName(short),
        type: gateway ? ('Gateway' as const) : ('Interface' as const),
        state: 'available' as const,
        settlesAt: 0,
        settlesTo: 'available' as const,
        subnetIds: gateway ? [] : [...vpc.privateSubnets],
        routeTableIds: gateway ? [...tables] : [],
        groupIds: gateway ? [] : [groupId],
        privateDns: !gateway,
        policy: FULL_ACCESS,
        networkInterfaceIds: [],
        tags: tags(sim.serviceName(short)),
        createdAt: 0,
      };
      sim.endpoints.set(endpointId, endpoint);
      if (gateway) sim.addRoutes(endpoint, tables);
    }
  }
  return sim;
}
