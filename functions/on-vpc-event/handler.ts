import { ec2Client } from '../../lib/aws/clients/ec2';
import { Ec2Api } from '../../lib/aws/ec2-api';
import { tagNewVpcWithProfile } from '../../lib/operations/new-vpc';
import { requestRun } from '../../lib/operations/request-run';
import { classifyEvent } from '../../lib/operations/trigger-events';
import { runDeps } from '../_shared/runs';
import { config, logger, stepHandler } from '../_shared/runtime';

/**
 * EventBridge target for tag changes and VPC creation. Ignores what is not for us (debug log), logs and
 * drops malformed events (no retry storm on a poison event), and asks for a run of each VPC concerned.
 */
export const handler = stepHandler(async (event: unknown, ctx) => {
  const verdict = classifyEvent(event, { newVpcDefaultProfile: config.newVpcDefaultProfile });
  if (verdict.kind === 'ignore') {
    logger.debug('event ignored', { reason: verdict.reason });
    return { ...verdict, runs: [] };
  }
  if (verdict.kind === 'reject') {
    logger.warn('event rejected', { reason: verdict.reason, event });
    return { ...verdict, runs: [] };
  }
  const runs = [];
  for (const asked of verdict.inputs) {
    // The default profile tags new VPCs of the hub's own account only: a spoke role may not tag VPCs.
    const foreign = Boolean(asked.accountId && ctx.ownAccountId && asked.accountId !== ctx.ownAccountId);
    if (foreign && asked.trigger.source === 'vpc-created' && asked.desired?.profile !== undefined) {
      logger.warn('new VPC of a member account left alone', {
        vpcId: asked.vpcId,
        accountId: asked.accountId,
        reason: 'newVpcDefaultProfile applies to the hub’s own account; tag member VPCs in their account',
      });
      continue;
    }
    const input = await tagNewVpcWithProfile(new Ec2Api(ec2Client), asked);
    const run = await requestRun(input, runDeps.locks, runDeps.executions, {
      ownAccountId: ctx.ownAccountId,
    });
    logger.info('run requested', { vpcId: input.vpcId, ...run });
    runs.push({ vpcId: input.vpcId, ...run });
  }
  return { kind: 'run' as const, runs };
});
