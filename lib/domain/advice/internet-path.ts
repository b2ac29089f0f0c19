/**
 * Which of a VPC's network interfaces can reach AWS through an internet gateway: those in subnets whose
 * route table sends 0.0.0.0/0 to an `igw-` (a subnet with no table of its own takes the main one). Only
 * their flow log streams are read for that path; NAT gateways' own interfaces are read for the other.
 */
import type { RouteTableInfo } from '../model';

export interface VpcInterface {
  interfaceId: string;
  subnetId: string;
  /** EC2's InterfaceType: `interface`, `natGateway`, `vpc_endpoint`, … */
  type: string;
}

const toInternet = (t: RouteTableInfo) =>
  t.routes.some((r) => r.destinationCidrBlock === '0.0.0.0/0' && r.gatewayId?.startsWith('igw-'));

export function internetInterfaces(tables: RouteTableInfo[], interfaces: VpcInterface[]): string[] {
  const explicit = new Set(tables.flatMap((t) => t.subnetIds));
  const routed = new Set(tables.filter(toInternet).flatMap((t) => t.subnetIds));
  const main = tables.find((t) => t.main);
  const viaMain = Boolean(main && toInternet(main));
  return interfaces
    .filter((n) => n.type !== 'natGateway' && n.type !== 'vpc_endpoint')
    .filter((n) => routed.has(n.subnetId) || (viaMain && !explicit.has(n.subnetId)))
    .map((n) => n.interfaceId);
}
