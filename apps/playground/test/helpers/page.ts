import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { RunningPlayground } from '../../src/server/app.js';

export const SCREENSHOTS = fileURLToPath(
  new URL('../../test-output/screenshots/', import.meta.url),
);

export interface OpenPage {
  page: Page;
  /** Every page HTML and API answer the browser got, to search for secrets. */
  seen: string[];
  pageErrors: string[];
}

/** A page on the playground with the clipboard allowed, recording what it was sent. */
export async function openPage(
  browser: Browser,
  running: RunningPlayground,
  hash = '',
): Promise<OpenPage> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    locale: 'en-US',
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = await context.newPage();
  const seen: string[] = [];
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('response', async (response) => {
    if (response.url().startsWith(running.url)) seen.push(await response.text().catch(() => ''));
  });
  await page.goto(`${running.url}/${hash}`);
  await page.waitForSelector('body[data-ready]');
  return { page, seen, pageErrors };
}

/** Full-page screenshots at the desktop and the phone width, then back to the desktop. */
export async function screenshots(page: Page, name: string): Promise<void> {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 1000 });
    await page.screenshot({ path: `${SCREENSHOTS}${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 1000 });
}

/** The widest the document is: more than the viewport means a horizontal scroll bar. */
export const scrollWidth = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth);
