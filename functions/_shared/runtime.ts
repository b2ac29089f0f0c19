import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { ec2Client } from '../../lib/aws/clients/ec2';
import { Ec2Api } from '../../lib/aws/ec2-api';
import { configFromEnv } from '../../lib/domain/config';
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
  plan?: { vpcId?: string };
  state?: { vpcId?: string };
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
    const api = new Ec2Api(ec2Client);
    try {
      const result = await step(event, { api, config, region });
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
