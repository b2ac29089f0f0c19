import { rename, writeFile } from 'node:fs/promises';
import { advise } from '../lib/operations/advise';
import { fleetReportHtml, type FleetReportData } from '../lib/operations/report/fleet-report';
import { adviseDepsFor, checkAdviseInput } from './advise';
import { EXIT, UsageError, type CommandEnv } from './context';
import { ORDER, readFleet } from './fleet';
import { fleetTotalsOf } from '../lib/domain/fleet-row';
import { accountRegionFor } from './vpc-clients';

export interface ReportOptions {
  html?: string;
  allAccounts?: boolean;
  allRegions?: boolean;
  since?: string;
  /** false with --no-advice */
  advice?: boolean;
  adviceSince?: string;
  resolverLogs?: string;
  ipRanges?: string;
}

/**
 * `report --html FILE`: the fleet on one self-contained page (README, "The fleet report"),
 * written whole or not at all. Exit 0 when written, 1 when a target could not be read (the page says
 * which) or on an error.
 */
export async function reportCommand(opts: ReportOptions, env: CommandEnv): Promise<number> {
  if (!opts.html) throw new UsageError('report needs --html <file>: where to write the page');
  const adviceHere = opts.advice !== false && !opts.allAccounts && !opts.allRegions;
  const adviceMs = adviceHere
    ? checkAdviseInput([], { all: true, since: opts.adviceSince ?? '14d', resolverLogs: opts.resolverLogs })
    : 0;
  const { all, unreachable } = await readFleet(opts, env);
  const where = await accountRegionFor(env);
  const data: FleetReportData = {
    generatedAt: new Date(),
    stackName: env.stackName,
    scope: opts.allAccounts
      ? "the hub's members (config hub)"
      : `${where.accountId} ${opts.allRegions ? 'every enabled region' : env.region}`,
    rows: all.sort(ORDER.vpc),
    totals: fleetTotalsOf(all),
    unreachable,
    advice: adviceHere
      ? await advise(
          'all',
          await adviseDepsFor(env, {
            sinceMs: adviceMs,
            resolverLogs: opts.resolverLogs,
            ipRanges: opts.ipRanges,
          }),
        )
      : {
          omitted:
            opts.advice === false
              ? 'Not asked for (--no-advice).'
              : "The advice reads the caller's own account and region: run privatelink advise --all there (or report without --all-accounts / --all-regions).",
        },
  };
  const html = fleetReportHtml(data);
  await writeFile(`${opts.html}.tmp`, html);
  await rename(`${opts.html}.tmp`, opts.html);
  const bytes = Buffer.byteLength(html);
  env.output.print(
    { file: opts.html, bytes, vpcs: all.length, unreachable },
    () =>
      `wrote ${opts.html}: ${all.length} VPC(s), ${(bytes / 1024).toFixed(0)} KiB${unreachable.length ? `; ${unreachable.length} target(s) not read (listed on the page)` : ''}`,
  );
  return unreachable.length > 0 ? EXIT.failed : EXIT.ok;
}
