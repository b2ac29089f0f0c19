import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { promises as dns } from 'node:dns';
import { probeTarget, type ProbeTarget } from '../../lib/operations/probe/probe';

/**
 * The probe itself. Copies of it run inside a VPC (created by the prepare-probe step) with no environment
 * of their own, so it reads nothing but its event: the targets, the VPC's CIDRs and a timeout.
 */
const logger = new Logger({ serviceName: 'privatelink-probe' });

interface ProbeEvent {
  targets: ProbeTarget[];
  vpcCidrs: string[];
  timeoutMs: number;
}

const probe = async (event: ProbeEvent) => {
  const env = {
    resolve4: (h: string) => dns.resolve4(h),
    vpcCidrs: event.vpcCidrs,
    timeoutMs: event.timeoutMs,
  };
  const results = await Promise.all(
    event.targets.map(async (t) => ({ service: t.service, type: t.type, checks: await probeTarget(t, env) })),
  );
  logger.info('probe finished', {
    failed: results.flatMap((r) => r.checks.filter((c) => c.status === 'fail')),
  });
  return results;
};

export const handler = middy(probe).use(injectLambdaContext(logger));
