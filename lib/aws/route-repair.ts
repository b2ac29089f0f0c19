import { ModifyVpcEndpointCommand } from '@aws-sdk/client-ec2';
import type { RouteRepair } from '../domain/routes';
import type { Ec2Api } from './ec2-api';

/** Carries out the repairs routeRepairs decided: stale associations removed first, then all added. */
export async function applyRouteRepairs(api: Ec2Api, repairs: RouteRepair[]): Promise<void> {
  for (const repair of repairs) {
    if (repair.reassociated.length > 0) {
      await api.send(
        new ModifyVpcEndpointCommand({
          VpcEndpointId: repair.endpointId,
          RemoveRouteTableIds: repair.reassociated,
        }),
      );
    }
    await api.send(
      new ModifyVpcEndpointCommand({
        VpcEndpointId: repair.endpointId,
        AddRouteTableIds: [...repair.associated, ...repair.reassociated],
      }),
    );
  }
}
