import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fleetReportHtml } from '../../lib/operations/report/fleet-report';
import { openPage, pngSize, useBrowser } from '../support/browser';
import { fleetOf } from '../support/report-data';

/**
 * The fleet report in a real browser (Chromium from the distribution's packages): it renders 3 VPCs and
 * 1,000, its screenshot keeps the structure of the README's (docs/images/fleet-report.png), its filters
 * and sorting work, and it requests nothing but itself.
 */
const browser = useBrowser();
const SCREENSHOT = join(__dirname, '../../docs/images/fleet-report.png');

const visibleRows = (page: import('playwright-core').Page) =>
  page.locator('#fleet tbody tr:not([hidden])').count();

describe('the fleet report, in Chromium', () => {
  it('renders a fleet of three as the README shows it, requesting nothing but itself', async () => {
    const { page, url, requests } = await openPage(browser(), fleetReportHtml(fleetOf(3)));

    expect(requests).toEqual([url]);
    expect(await visibleRows(page)).toBe(3);
    expect(await page.locator('h2').allTextContents()).toEqual([
      'Fleet: VPCs × services',
      'What to connect next, and what it saves',
      'Last runs and rollout',
      'Drift findings',
    ]);
    // Structure, not pixels: the same size as the README's picture, and its parts in the same order.
    const shot = await page.screenshot();
    if (process.env.UPDATE_SCREENSHOTS || !existsSync(SCREENSHOT)) writeFileSync(SCREENSHOT, shot);
    expect(pngSize(shot)).toEqual(pngSize(readFileSync(SCREENSHOT)));
    const top = async (selector: string) => (await page.locator(selector).first().boundingBox())?.y ?? -1;
    const order = [await top('h1'), await top('.cards'), await top('#fleet-filter'), await top('#fleet')];
    expect(order.every((y, i) => y >= 0 && (i === 0 || y > (order[i - 1] ?? 0)))).toBe(true);
    expect(await page.locator('#fleet').ariaSnapshot()).toMatchSnapshot();
  });

  it('filters by text and by state, and says how many it shows', async () => {
    const { page } = await openPage(browser(), fleetReportHtml(fleetOf(30)));

    await page.fill('#fleet-filter', 'analytics');
    const analytics = await visibleRows(page);
    expect(analytics).toBe(fleetOf(30).rows.filter((r) => r.name?.startsWith('analytics')).length);
    await expect(page.locator('#fleet-count').textContent()).resolves.toBe(`Showing ${analytics} of 30 VPCs`);

    await page.fill('#fleet-filter', '');
    await page.selectOption('#fleet-show', 'missing');
    const missing = fleetOf(30).rows.filter((r) => Object.values(r.serviceStates).includes('missing'));
    expect(await visibleRows(page)).toBe(missing.length);
    expect(await page.locator('#fleet tbody tr:not([hidden]) th').allTextContents()).toEqual(
      missing.map((r) => `${r.vpcId}${r.name ?? ''}`),
    );
  });

  it('sorts by a column when its name is clicked, and says which way', async () => {
    const { page } = await openPage(browser(), fleetReportHtml(fleetOf(30)));
    const costs = fleetOf(30).rows.map((r) => r.monthlyCost ?? 0);

    await page.locator('#fleet').getByRole('button', { name: 'a month', exact: true }).click();
    await page.locator('#fleet').getByRole('button', { name: 'a month', exact: true }).click();

    expect(await page.locator('#fleet th[aria-sort]').getAttribute('aria-sort')).toBe('descending');
    const first = await page
      .locator('#fleet tbody tr')
      .first()
      .locator('td.num')
      .first()
      .getAttribute('data-sort');
    expect(Number(first)).toBe(Math.max(...costs));
  });

  it('renders 1,000 VPCs, every row there, and filters them', async () => {
    const { page, url, requests } = await openPage(browser(), fleetReportHtml(fleetOf(1000)));

    expect(requests).toEqual([url]);
    expect(await page.locator('#fleet tbody tr').count()).toBe(1000);
    await page.selectOption('#fleet-show', 'attention');
    const attention = await visibleRows(page);
    expect(attention).toBeGreaterThan(0);
    expect(attention).toBeLessThan(1000);
    await expect(page.locator('#fleet-count').textContent()).resolves.toBe(
      `Showing ${attention} of 1000 VPCs`,
    );
  });
});
