import type { Where } from '../../aws/org-drift-files';
import { isTransient } from '../../domain/errors';
import { reserveWait, type PaceStore } from '../../domain/pace';
import { accountRegionOf, paceKeyOf } from '../../domain/vpc-ref';
import type { DriftReport } from '../drift-check';
import {
  checkMember,
  overTargets,
  type DriftTarget,
  type MemberCheckDeps,
  type OverTargets,
} from '../fleet-drift';

/**
 * The read calls one account-region's check makes for up to a hundred opted-in VPCs (lib/aws/
 * fleet-reads.ts: the VPCs by two tag keys, our endpoints and groups, prefix lists, the catalogue, then
 * endpoints, subnets and route tables per hundred VPCs): what it takes of the account's read pace first.
 */
export const TARGET_READS = 10;

/** Attempts at one target while AWS says try again (throttled STS or EC2 past the SDK's own retries). */
const ATTEMPTS = 3;

/**
 * A check AWS answered "try again" is tried again — after 2 s, then 4 s, its reads taken from the pace
 * again — never counted as drift; still transient after that, the target is reported unchecked with why.
 */
async function retriedWhileTransient<T>(
  check: () => Promise<T>,
  sleep: (ms: number) => Promise<void>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await check();
    } catch (err) {
      if (!isTransient(err) || attempt >= ATTEMPTS) throw err;
      await sleep(2000 * 2 ** (attempt - 1));
    }
  }
}

/** One account-region as the Organization check reports it. */
export interface TargetVerdict {
  vpcsChecked: number;
  /** The drifted VPCs' ids. */
  drifted: string[];
  remediationsStarted: number;
}

export type BatchResult = OverTargets<TargetVerdict>;

export interface CheckTargetsDeps extends MemberCheckDeps {
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
    const check = async () => {
      const key = paceKeyOf('read', target);
      const { waitSeconds } = await reserveWait(deps, key, config.pace.read, TARGET_READS);
      if (waitSeconds > 0) await deps.sleep(waitSeconds * 1000);
      return checkMember(target, deps);
    };
    const report = await retriedWhileTransient(check, deps.sleep);
    deps.onChecked?.(target, report);
    return {
      vpcsChecked: report.vpcsChecked,
      drifted: report.drifted.map((d) => d.vpcId),
      remediationsStarted: report.remediations.filter((r) => r.outcome === 'started').length,
    };
  });
}
