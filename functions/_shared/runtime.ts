import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { callerAccount } from '../../lib/aws/caller-account';
import { stsClient } from '../../lib/aws/clients/sts';
import { centralReachOf, clientsFor, sessionNameOf } from '../../lib/aws/clients/accounts';
import { centralAcross } from '../../lib/aws/central-reads';
import { Ec2Api } from '../../lib/aws/ec2-api';
import {
  assertReachable,
  resolveVpcRef,
  type AskedVpc,
  type OwnAccount,
  type VpcRef,
} from '../../lib/domain/vpc-ref';
import type { StepContext } from '../../lib/workflow/step-context';
import { fenceOf } from '../../lib/workflow/fence';
import { deployment, runMachinery } from './compose';
import './tracing';

/** Waits `ms` in this invocation (a short turn of a pace that a step sleeps through). */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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

// Read at cold start: a bad deployment fails on its first invocation, loudly, not halfway through.
deployment();
const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';

interface Correlated extends Partial<AskedVpc> {
  executionId?: string;
  /** Where the step acts: in its event, or in the whole state it was given. */
  vpc?: VpcRef;
  state?: { vpc?: VpcRef } & Partial<AskedVpc>;
}

/**
 * Where the step acts. An execution started by 0.2's definition (still running while 0.3 deploys) passes
 * the VPC id, account and region loose, as 0.2 did: they are resolved here, by the one rule, and written
 * into the event as `vpc`, so that execution finishes (README, "Upgrading").
 */
function upgraded(event: Correlated, own: OwnAccount): VpcRef | undefined {
  if (event.vpc) return event.vpc;
  if (event.state?.vpc) return event.state.vpc;
  if (typeof event.vpcId === 'string') return (event.vpc = resolveVpcRef(event as AskedVpc, own));
  // A 0.2 state that AcquireLock validated (an input it refused names no VPC to act on).
  if (event.state && 'lock' in event.state && typeof event.state.vpcId === 'string')
    return (event.state.vpc = resolveVpcRef(event.state as AskedVpc, own));
  return undefined;
}

let ownFromSts: Promise<OwnAccount> | undefined;

/**
 * The functions' own account and partition: from the ARN they were invoked by, or, where a caller gives
 * none, from STS once per container (never left unknown: every key is made from it).
 */
export async function ownIdentity(context: Context): Promise<OwnAccount> {
  const [, partition = 'aws', , , accountId = ''] = (context.invokedFunctionArn ?? '').split(':');
  if (/^\d{12}$/.test(accountId)) return { accountId, partition, region };
  ownFromSts ??= callerAccount(stsClient, region).catch((err: unknown) => {
    ownFromSts = undefined;
    throw err;
  });
  return ownFromSts;
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
    const own = await ownIdentity(_context);
    const vpc = upgraded(correlated, own);
    logger.appendKeys({
      executionArn: correlated.executionId,
      vpcId: vpc?.vpcId,
      accountId: vpc?.accountId,
      vpcRegion: vpc?.region,
    });
    const { config } = deployment();
    if (vpc) assertReachable(vpc, Boolean(config.hub));
    const clients = clientsFor(vpc, own, config.hub, sessionNameOf(correlated.executionId));
    // A step of an execution writes only while the execution holds the VPC (fencing).
    const fence =
      vpc && correlated.executionId ? fenceOf(runMachinery().locks, vpc, correlated.executionId) : undefined;
    const api = new Ec2Api(clients.ec2, fence);
    const reach = config.central
      ? centralAcross(centralReachOf(vpc, own, config.hub, sessionNameOf(correlated.executionId)), fence)
      : undefined;
    try {
      const result = await step(event, {
        api,
        config,
        own,
        route53: clients.route53,
        ...(clients.credentials ? { credentials: clients.credentials } : {}),
        ...(fence ? { fence } : {}),
        ...(reach ? { reach } : {}),
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
