import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { clientsFor, sessionNameOf, type Target } from '../../lib/aws/clients/accounts';
import { Ec2Api } from '../../lib/aws/ec2-api';
import { configFromEnv } from '../../lib/domain/config';
import { InvalidInputError } from '../../lib/domain/errors';
import type { StepContext } from '../../lib/workflow/step-context';
import './tracing';

export const logger = new Logger({ serviceName: 'privatelink-orchestrator' });
export const metrics = new Metrics({
  namespace: 'PrivateLinkOrchestrator',
  serviceName: 'privatelink-orchestrator',
});

/** A whole number ≥ 1 from the environment, or the default; anything else fails the cold start, naming it. */
export function positiveIntFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number ≥ 1, got "${raw}"`);
  return value;
}

// Read once at cold start: a bad deployment fails on its first invocation, loudly, not halfway through.
const config = configFromEnv();
const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';

interface Correlated {
  executionId?: string;
  vpcId?: string;
  accountId?: string | null;
  region?: string;
  plan?: { vpcId?: string };
  state?: { vpcId?: string; accountId?: string | null; region?: string };
}

/** The VPC's account and region, as the step's event names them (at its root, or in the whole state). */
function targetOf(event: Correlated): Target {
  return {
    accountId: event.accountId ?? event.state?.accountId ?? null,
    region: event.region ?? event.state?.region ?? region,
  };
}

/** The functions' own account and partition, from the ARN they were invoked by. */
export function ownIdentity(context: Context) {
  const [, partition = 'aws', , , accountId = ''] = (context.invokedFunctionArn ?? '').split(':');
  return { accountId, partition, region };
}

/**
 * Wraps one workflow step: a fresh call counter per invocation, the execution ARN and VPC id on every
 * log line, and Powertools' context injection. The step itself lives in lib/.
 */
export function stepHandler<E extends object, R>(
  step: (event: E, ctx: StepContext) => Promise<R>,
  options: { publishesMetrics?: boolean } = {},
) {
  const base = async (event: E, _context: Context): Promise<R> => {
    const correlated = event as Correlated;
    logger.appendKeys({
      executionArn: correlated.executionId,
      vpcId: correlated.vpcId ?? correlated.plan?.vpcId ?? correlated.state?.vpcId,
    });
    const target = targetOf(correlated);
    const own = ownIdentity(_context);
    if (target.accountId && own.accountId && target.accountId !== own.accountId && !config.hub) {
      throw new InvalidInputError(
        `the VPC is in account ${target.accountId}, not this stack's ${own.accountId}, and the config has no ` +
          '"hub": deploy the spoke template in that account and set "hub" (docs/architecture.md, "Hub and spokes")',
      );
    }
    const clients = clientsFor(target, own, config.hub, sessionNameOf(correlated.executionId));
    const api = new Ec2Api(clients.ec2);
    try {
      const result = await step(event, {
        api,
        config,
        region,
        route53: clients.route53,
        foreign: clients.foreign,
        ownAccountId: own.accountId,
        ownPartition: own.partition,
        target: { ...target, ...(clients.credentials ? { credentials: clients.credentials } : {}) },
      });
      logger.info('step finished', { apiCalls: api.calls });
      return result;
    } catch (err) {
      logger.error('step failed', { error: err as Error, apiCalls: api.calls });
      throw err;
    }
  };
  const handler = middy(base).use(injectLambdaContext(logger, { resetKeys: true }));
  // Only steps that record metrics flush them: the others would log "No application metrics to publish".
  return options.publishesMetrics ? handler.use(logMetrics(metrics)) : handler;
}

export { config };
