import { staticChecks } from '../domain/checks';
import { readVpcSnapshot } from '../aws/discovery';
import type { Plan } from '../domain/model';
import { endpointOfPlan } from '../domain/ownership';
import { routeRepairs } from '../domain/routes';
import { applyRouteRepairs } from '../aws/route-repair';
import type { StepContext } from './plan-step';
import { decideProbe } from './probe-steps';
import type { ChecksStepResult, RoutesStepResult, ServiceCheck } from './types';

/** Verifies every targeted route table carries the prefix-list route to our gateway endpoints; repairs if not. */
export async function routesStep(
  event: { vpcId: string; region: string; targetRouteTableIds: string[] },
  ctx: StepContext,
): Promise<RoutesStepResult> {
  const snapshot = await readVpcSnapshot(ctx.api, event.vpcId, event.region);
  const repairs = routeRepairs(snapshot, event.targetRouteTableIds, ctx.config.stackName);
  await applyRouteRepairs(ctx.api, repairs);
  return { repairs, apiCalls: ctx.api.calls };
}

/** Static connectivity checks (DESIGN §5.1) for every endpoint the plan wants. Read-only. */
export async function checksStep(
  event: { plan: Plan; probeRequested?: boolean },
  ctx: StepContext,
): Promise<ChecksStepResult> {
  const { plan } = event;
  const snapshot = await readVpcSnapshot(ctx.api, plan.vpcId, plan.region);
  const services: ServiceCheck[] = plan.endpoints
    .filter((p) => p.action !== 'retained')
    .map((planned) => {
      const endpoint = endpointOfPlan(snapshot, planned, ctx.config.stackName);
      const base = {
        service: planned.spec.service,
        serviceName: planned.spec.serviceName,
        type: planned.spec.type,
      };
      if (!endpoint) {
        return {
          ...base,
          state: 'missing',
          checks: [
            { name: 'endpoint-available', status: 'fail', detail: 'no endpoint found for this service' },
          ],
        };
      }
      const checks = staticChecks(snapshot, {
        endpoint,
        wantPrivateDns: planned.spec.privateDns,
        allowedCidrs: plan.allowedCidrs,
        routeTableIds: planned.spec.type === 'Gateway' ? plan.targetRouteTableIds : [],
      });
      return {
        ...base,
        endpointId: endpoint.endpointId,
        state: endpoint.state,
        subnetIds: endpoint.subnetIds,
        routeTableIds: endpoint.routeTableIds,
        securityGroupIds: endpoint.securityGroupIds,
        checks,
      };
    });
  return {
    services,
    probe: decideProbe(plan, ctx.config, event.probeRequested === true),
    apiCalls: ctx.api.calls,
  };
}
