import { writeFile, readFile, rename } from 'node:fs/promises';
import { pricingClient } from '../lib/aws/clients/pricing';
import { readPrivateLinkPrice } from '../lib/aws/price-list';
import { parseConfig } from '../lib/domain/config';
import type { RegionPrice } from '../lib/domain/cost';
import { EXIT, UsageError, type CommandEnv } from './context';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * `prices`: reads PrivateLink's prices of each region from the AWS Price List API (pricing:GetProducts)
 * and prints them; with --write, sets them, dated today, as the "prices" of a config file (README,
 * "Cost"). Every region is read before anything is written, and the file is checked as a config first:
 * a failure leaves it as it was.
 */
export async function pricesCommand(
  regions: string[],
  opts: { write?: string },
  env: CommandEnv,
  read = (region: string) => readPrivateLinkPrice(pricingClient, region),
  today = () => new Date().toISOString().slice(0, 10),
): Promise<number> {
  const asked = regions.length > 0 ? regions : [env.region];
  const bad = asked.filter((r) => !REGION.test(r));
  if (bad.length > 0)
    throw new UsageError(`not region names: ${bad.join(', ')}; accepted: such as us-east-1 or eu-west-1`);
  const takenOn = today();
  const prices: Record<string, RegionPrice> = {};
  for (const region of asked) {
    const { interfaceAzHour, dataPerGb } = await read(region);
    prices[region] = { interfaceAzHour, dataPerGb, takenOn };
  }
  if (opts.write) await writePrices(opts.write, prices, env.stackName);
  env.output.print({ prices, written: opts.write ?? null }, () => {
    const table = env.terminal.table([
      'region',
      'per endpoint per AZ-hour',
      'per GB processed',
      'a month per AZ',
    ]);
    for (const [region, p] of Object.entries(prices))
      table.push([
        region,
        `$${p.interfaceAzHour}`,
        `$${p.dataPerGb}`,
        `$${(p.interfaceAzHour * 730).toFixed(2)}`,
      ]);
    const note = opts.write
      ? `Written to ${opts.write} ("prices", dated ${takenOn}); deploy to use them.`
      : `From the AWS Price List API on ${takenOn}; --write <config file> keeps them.`;
    return `${table.toString()}\n${note}`;
  });
  return EXIT.ok;
}

async function writePrices(path: string, prices: Record<string, RegionPrice>, stackName: string) {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '{}';
    throw new UsageError(`cannot read ${path}: ${err.message}`);
  });
  // The file must be a valid config before it is touched, and stay one after.
  parseConfig(text, stackName, path);
  const current = JSON.parse(text) as { prices?: Record<string, RegionPrice> };
  const next = { ...current, prices: { ...current.prices, ...prices } };
  const json = `${JSON.stringify(next, null, 2)}\n`;
  parseConfig(json, stackName, path);
  await writeFile(`${path}.tmp`, json);
  await rename(`${path}.tmp`, path);
}
