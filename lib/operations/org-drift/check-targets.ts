import { clientsFor } from '../../aws/clients/accounts';
import { Ec2Api } from '../../aws/ec2-api';
import type { Where } from '../../aws/org-drift-files';
import type { OrchestratorConfig } from '../../domain/config';
import type { EventSink } from '../../domain/events';
import { reserveWait, type PaceStore } from '../../domain/pace';
import type { RunDeps } from '../../domain/run-lock';
import { accountRegionOf, paceKeyOf, type OwnAccount } from '../../domain/vpc-ref';
import { runDriftCheck, type DriftReport } from '../drift-check';
import { overTargets, type DriftTarget, type OverTargets } from '../fleet-drift';

/**
 * The read calls one account-region's check makes for up to a hundred opted-in VPCs (lib/aws/
 * fleet-reads.ts: the VPCs by two tag keys, our endpoints and groups, prefix lists, the catalogue, then
 * endpoints, subnets and route tables per hundred VPCs): what it takes of the account's read pace first.
 */
export const TARGET_READS = 10;

/** One account-region as the Organization check reports it. */
export interface TargetVerdict {
  vpcsChecked: number;
  /** The drifted VPCs' ids. */
  drifted: string[];
  remediationsStarted: number;
}

export type BatchResult = OverTargets<TargetVerdict>;

export interface CheckTargetsDeps {
  config: OrchestratorConfig;
  own: OwnAccount;
  session: string;
  events: EventSink;
  runs?: RunDeps;
  mode: DriftReport['mode'];
  pace: PaceStore;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  onChecked?: (target: DriftTarget, report: DriftReport) => void;
}

/**
 * A child of the Organization check (docs/architecture.md, "The Organization check"): each target of its
 * batch checked as the single-account check does, after taking its reads from the account's read pace
 * as runs do — so any number of children may run at once while no account's bucket is exceeded (each
 * region of an account is a bucket of its own). A target that cannot be read is reported with why.
 */
export function checkTargets(items: Where[], deps: CheckTargetsDeps): Promise<BatchResult> {
  const { config, own } = deps;
  // The manifest names account and region; whether it is the hub's own account is the one rule's to say.
  const targets = items.map((item) => accountRegionOf(own, item));
  return overTargets(targets, async (target) => {
    const { waitSeconds } = await reserveWait(
      deps,
      paceKeyOf('read', target),
      config.pace.read,
      TARGET_READS,
    );
    if (waitSeconds > 0) await deps.sleep(waitSeconds * 1000);
    const clients = clientsFor(target, own, config.hub, deps.session);
    const report = await runDriftCheck(
      { api: new Ec2Api(clients.ec2), config, where: target, events: deps.events, runs: deps.runs },
      deps.mode,
    );
    deps.onChecked?.(target, report);
    return {
      vpcsChecked: report.vpcsChecked,
      drifted: report.drifted.map((d) => d.vpcId),
      remediationsStarted: report.remediations.filter((r) => r.outcome === 'started').length,
    };
  });
}
