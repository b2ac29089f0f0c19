import { resolveVpcRef } from '../../lib/domain/vpc-ref';
import { tagNewVpcWithProfile } from '../../lib/operations/new-vpc';
import { requestRun } from '../../lib/operations/request-run';
import { classifyEvent } from '../../lib/operations/trigger-events';
import { runMachinery } from '../_shared/compose';
import { logger, stepHandler } from '../_shared/runtime';

/**
 * EventBridge target for tag changes and VPC creation. Ignores what is not for us (debug log), logs and
 * drops malformed events (no retry storm on a poison event), and asks for a run of each VPC concerned.
 */
export const handler = stepHandler(async (event: unknown, ctx) => {
  const verdict = classifyEvent(event, { newVpcDefaultProfile: ctx.config.newVpcDefaultProfile });
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
    const vpc = resolveVpcRef(asked, ctx.own);
    // The default profile tags new VPCs of the hub's own account only: a spoke role may not tag VPCs.
    if (!vpc.own && asked.trigger.source === 'vpc-created' && asked.desired?.profile !== undefined) {
      logger.warn('new VPC of a member account left alone', {
        vpcId: asked.vpcId,
        accountId: asked.accountId,
        reason: 'newVpcDefaultProfile applies to the hub’s own account; tag member VPCs in their account',
      });
      continue;
    }
    const input = await tagNewVpcWithProfile(ctx.api, asked);
    const run = await requestRun(vpc, input, runMachinery());
    logger.info('run requested', { vpcId: vpc.vpcId, ...run });
    runs.push({ vpcId: vpc.vpcId, ...run });
  }
  return { kind: 'run' as const, runs };
});
