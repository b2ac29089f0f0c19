import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Chromium from the distribution's packages (scripts/browser.sh installs it when missing), driven by
 * playwright-core: no browser is downloaded. One browser per test file, closed after it.
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    const executablePath = execFileSync('bash', [join(__dirname, '../../scripts/browser.sh')], {
      encoding: 'utf8',
    }).trim();
    // Root in a container has no user namespace for Chromium's sandbox.
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  }, 120_000);
  afterAll(async () => browser?.close());
  return () => {
    if (!browser) throw new Error('no browser: call useBrowser() at the top of the file');
    return browser;
  };
}

/**
 * Opens a page written to a file, offline, recording every request it makes: the page itself is the only
 * one a self-contained page may make.
 */
export async function openPage(
  browser: Browser,
  html: string,
): Promise<{ page: Page; url: string; requests: string[] }> {
  const file = join(mkdtempSync(join(tmpdir(), 'page-')), 'report.html');
  writeFileSync(file, html);
  const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const url = `file://${file}`;
  await page.goto(url, { waitUntil: 'load' });
  return { page, url, requests };
}

/** Width and height of a PNG, from its IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
