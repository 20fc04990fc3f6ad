import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPlayground, startPlayground } from '../src/server/app.js';
import { launchChromium } from './helpers/chromium.js';
import { bearerTokens, expectNoSecrets } from './helpers/secrets.js';

const outputDir = fileURLToPath(new URL('../test-output/', import.meta.url));

let running: RunningPlayground;
let browser: Browser;
let page: Page;
const logs: string[] = [];
const seen: string[] = []; // every page HTML and API answer the browser got
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(outputDir, { recursive: true });
  running = await startPlayground({
    port: 0,
    timeoutMs: 600,
    retryBaseDelayMs: 5,
    log: (line) => logs.push(line),
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('response', async (response) => {
    if (response.url().startsWith(running.url)) seen.push(await response.text().catch(() => ''));
  });
  await page.goto(running.url);
  await page.waitForSelector('body[data-ready]');
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

async function openConnector(id: string) {
  await page.click(`.tab[data-connector="${id}"]`);
  await page.waitForSelector(`#payments tbody[data-connector="${id}"]`);
}

/** The id of the first payment the simulator would let us cancel (a primary Cancel button). */
async function firstCancellable(): Promise<string> {
  const row = page
    .locator('#payments tbody tr', { has: page.locator('button.small:not(.ghost)') })
    .first();
  return (await row.getAttribute('data-payment-id'))!;
}

/** Clicks a row's Cancel button, or the form's, and waits until the outcome and the list are shown. */
async function cancelWith(click: () => Promise<void>) {
  const calls = Number((await page.getAttribute('body', 'data-calls')) ?? 0);
  await click();
  await page.waitForSelector(`body[data-calls="${calls + 1}"]`, { timeout: 20_000 });
  seen.push(await page.content());
  return {
    outcome: await page.getAttribute('#outcome', 'data-outcome'),
    status: await page.getAttribute('#outcome', 'data-status'),
    code: await page.getAttribute('#outcome', 'data-code'),
    text: (await page.textContent('#outcome')) ?? '',
  };
}
const cancelRow = (paymentId: string) =>
  cancelWith(() => page.locator(`tr[data-payment-id="${paymentId}"] button`).click());

const stateOf = (paymentId: string) =>
  page.locator(`tr[data-payment-id="${paymentId}"] .badge`).textContent();

describe('the playground page in Chromium', () => {
  it('shows the four connectors and their modes', async () => {
    const tabs = await page.locator('.tab').allTextContents();
    expect(tabs).toEqual([
      'Liquidosimulator',
      'PayerMaxsimulator',
      'YabandPaysimulator',
      'Acme Paysimulator',
    ]);
  });

  it.each([
    ['liquido', 'CANCELLED'],
    ['yabandpay', 'cancelled'],
    ['acme-pay', 'CANCELLED'],
  ])('cancels a %s payment, sees it %s, and cannot cancel it twice', async (id, cancelledState) => {
    await openConnector(id);
    const paymentId = await firstCancellable();
    const first = await cancelRow(paymentId);
    expect(first).toMatchObject({ outcome: 'ok', status: 'cancelled' });
    expect(await stateOf(paymentId)).toBe(cancelledState);
    expect(await page.locator('#traffic .exchange.request').count()).toBeGreaterThan(0);

    const second = await cancelRow(paymentId);
    expect(second).toMatchObject({ outcome: 'error', code: 'already_cancelled' });
    expect(second.text).toContain('retryable');
  });

  it('PayerMax: a pending cancel, settled on reload, then refused', async () => {
    await openConnector('payermax');
    const paymentId = await firstCancellable();
    const first = await cancelRow(paymentId);
    expect(first).toMatchObject({ outcome: 'ok', status: 'pending' });
    expect(await page.locator(`tr[data-payment-id="${paymentId}"]`).textContent()).toContain(
      'cancel PENDING',
    );
    // The signed request as it went out: the string that was signed and its signature.
    expect(await page.locator('#traffic .signing h4').allTextContents()).toEqual([
      'String that was signed',
      'Signature',
    ]);
    await page.screenshot({ path: `${outputDir}playground.png`, fullPage: true });

    await page.waitForTimeout(2100); // the simulator settles a cancel 2 s after it was asked
    await page.click('#reload');
    await page.waitForFunction(
      (id) =>
        document.querySelector(`tr[data-payment-id="${id}"] .badge`)?.textContent === 'CANCELLED',
      paymentId,
    );
    const second = await cancelRow(paymentId);
    expect(second).toMatchObject({ outcome: 'error', code: 'already_cancelled' });
    expect(second.text).toContain('ORDER_CANCELLED');
  });

  it('Liquido: cancels a PayCash reference, with the agreement codes of seed 000 beside it', async () => {
    await openConnector('liquido');
    expect(await page.locator('#reference-tables table').count()).toBe(0);
    await page.selectOption('#option-target', 'reference');
    const table = await page.locator('#reference-tables').textContent();
    expect(table).toContain('PayCash stores and their agreement codes');
    expect(table).toContain('HSBC7755');
    expect(table).toContain('BBVA (PRACTICAJA - BANCA DIGITAL)1420712');
    const reference = await page
      .locator('tr', { hasText: 'PayCash reference' })
      .filter({ hasText: 'ACTIVE' })
      .first()
      .getAttribute('data-payment-id');
    const outcome = await cancelRow(reference!);
    expect(outcome).toMatchObject({ outcome: 'ok', status: 'cancelled' });
    expect(await page.locator('#traffic .url').first().textContent()).toContain(
      '/references/cancel/',
    );
  });

  it('injects a 503 into every attempt and shows the retries and the error', async () => {
    await openConnector('acme-pay');
    await page.selectOption('#fault', '503');
    const paymentId = await firstCancellable();
    const outcome = await cancelRow(paymentId);
    expect(outcome).toMatchObject({ outcome: 'error', code: 'provider_unavailable' });
    expect(outcome.text).toContain('yes: the same call may succeed later');
    expect(await page.locator('#traffic .exchange.request h3').allTextContents()).toEqual([
      'Attempt 1 · request',
      'Attempt 2 · request',
      'Attempt 3 · request',
    ]);
    await page.screenshot({ path: `${outputDir}playground-fault.png`, fullPage: true });
    // The fault was for that call only.
    expect(await page.inputValue('#fault')).toBe('');
  });

  it('injects a bad signature into PayerMax and a timeout into YabandPay', async () => {
    await openConnector('payermax');
    await page.selectOption('#fault', 'bad-signature');
    expect(await cancelRow(await firstCancellable())).toMatchObject({
      outcome: 'error',
      code: 'signature_invalid',
    });

    await openConnector('yabandpay');
    await page.selectOption('#fault', 'timeout');
    await page.check('input[name="faultTimes"][value="every"]');
    expect(await cancelRow(await firstCancellable())).toMatchObject({
      outcome: 'error',
      code: 'timeout',
    });
    // Core's HTTP layer does not retry a timeout: the request, then the failure.
    expect(await page.locator('#traffic .exchange.failure').last().textContent()).toContain(
      'timeout',
    );
  });

  it('says in words what is wrong with the input, before any request', async () => {
    await openConnector('yabandpay');
    await page.fill('#paymentId', 'a/b');
    const outcome = await cancelWith(() => page.click('#submit'));
    expect(outcome).toMatchObject({ outcome: 'error', code: 'invalid_request' });
    expect(await page.locator('#outcome .issues li').allTextContents()).toEqual([
      expect.stringContaining('paymentId'),
    ]);
    expect(await page.textContent('#traffic')).toContain('No request went out');
  });

  it('never shows a secret, and the page ran without script errors', () => {
    const tokens = bearerTokens(running.playground.get('liquido').simulator!.requests);
    const secrets = [...running.playground.secrets, ...tokens];
    expectNoSecrets(seen.join('\n'), secrets, 'the page');
    expectNoSecrets(logs.join('\n'), secrets, 'the server log');
    expect(pageErrors).toEqual([]);
  });
});
