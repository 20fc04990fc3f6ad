import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPlayground, startPlayground } from '../src/server/app.js';
import type { PaymentRow } from '../src/shared/types.js';
import { launchChromium } from './helpers/chromium.js';
import { openPage, SCREENSHOTS, screenshots, scrollWidth } from './helpers/page.js';
import { bearerTokens, expectNoSecrets } from './helpers/secrets.js';

let running: RunningPlayground;
let browser: Browser;
let page: Page;
let seen: string[];
let pageErrors: string[];
const logs: string[] = [];

beforeAll(async () => {
  running = await startPlayground({
    port: 0,
    timeoutMs: 3_000,
    retryBaseDelayMs: 5,
    log: (line) => logs.push(line),
  });
  browser = await launchChromium();
  ({ page, seen, pageErrors } = await openPage(browser, running));
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
    .locator('#payments tbody tr', { has: page.locator('button.cancel:not(.ghost)') })
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
const row = (paymentId: string) => page.locator(`tr[data-payment-id="${paymentId}"]`);
const cancelRow = (paymentId: string) =>
  cancelWith(() => row(paymentId).locator('button.cancel').click());
const stateOf = (paymentId: string) => row(paymentId).locator('td.state > .badge').textContent();
const rowOutcomeOf = (paymentId: string) =>
  row(paymentId).locator('[data-row-outcome]').getAttribute('data-row-outcome');
const inViewport = (selector: string) =>
  page.$eval(selector, (node) => {
    const box = node.getBoundingClientRect();
    return box.top >= 0 && box.top < window.innerHeight;
  });

describe('the playground page in Chromium', () => {
  it('shows the four connectors and the batch view as a tablist', async () => {
    const tabs = await page.locator('[role="tablist"] [role="tab"]').allTextContents();
    expect(tabs).toEqual([
      'Liquidosimulator',
      'PayerMaxsimulator',
      'YabandPaysimulator',
      'Acme Paysimulator',
      'Batch',
    ]);
    expect(await page.getAttribute('#tab-liquido', 'aria-selected')).toBe('true');
    expect(await page.getAttribute('#tab-liquido', 'tabindex')).toBe('0');
    expect(await page.getAttribute('#tab-payermax', 'tabindex')).toBe('-1');
    expect(await page.getAttribute('#tab-liquido', 'aria-controls')).toBe('connector-panel');
    expect(await page.getAttribute('#connector-panel', 'role')).toBe('tabpanel');
    expect(await page.getAttribute('#connector-panel', 'aria-labelledby')).toBe('tab-liquido');
  });

  it.each([
    ['liquido', 'CANCELLED'],
    ['yabandpay', 'cancelled'],
    ['acme-pay', 'CANCELLED'],
  ])(
    'cancels a %s payment, sees it %s in its row, and cannot cancel it twice',
    async (id, cancelledState) => {
      await openConnector(id);
      await page.setViewportSize({ width: 1440, height: 600 });
      const paymentId = await firstCancellable();
      const first = await cancelRow(paymentId);
      expect(first).toMatchObject({ outcome: 'ok', status: 'cancelled' });
      expect(await stateOf(paymentId)).toBe(cancelledState);
      expect(await rowOutcomeOf(paymentId)).toBe('cancelled');
      // The outcome is brought into view after a row's Cancel.
      expect(await inViewport('#outcome-card')).toBe(true);
      expect(await page.locator('#traffic .exchange.request').count()).toBeGreaterThan(0);
      if (id === 'liquido') {
        // Liquido's first call fetches its OAuth token: labelled as such in the trace.
        const token = page.locator('#traffic .exchange.request.token');
        expect(await token.count()).toBe(1);
        expect(await token.locator('h3').textContent()).toContain('OAuth token request');
        expect(await page.locator('#traffic .exchange.request:not(.token)').count()).toBe(1);
      }
      await page.setViewportSize({ width: 1440, height: 1000 });

      const second = await cancelRow(paymentId);
      expect(second).toMatchObject({ outcome: 'error', code: 'already_cancelled' });
      expect(second.text).toContain('retryable');
      expect(await rowOutcomeOf(paymentId)).toBe('already_cancelled');
    },
  );

  it('PayerMax: a pending cancel is followed by asking again with the same request id until it settles', async () => {
    await openConnector('payermax');
    const paymentId = await firstCancellable();
    const first = await cancelRow(paymentId);
    expect(first).toMatchObject({ outcome: 'ok', status: 'pending' });
    expect(await row(paymentId).textContent()).toContain('cancel PENDING');
    const requestId = await page.locator('#outcome .with-copy code').nth(1).textContent();
    // The signed request as it went out: the string that was signed and its signature.
    expect(await page.locator('#traffic .signing h4').allTextContents()).toEqual([
      'String that was signed',
      'Signature',
    ]);
    await screenshots(page, 'payermax-pending');

    // The simulator settles after about two seconds; the page re-checks on its own.
    await page.waitForSelector('#follow[data-settled="cancelled"]', { timeout: 30_000 });
    expect(await page.textContent('#follow')).toContain(
      'the same cancel again, with the same request id',
    );
    await page.waitForSelector('#outcome[data-status="cancelled"]');
    expect(await page.textContent('#outcome')).toContain(requestId!);
    await page.waitForFunction(
      (id) =>
        document.querySelector(`tr[data-payment-id="${id}"] td.state > .badge`)?.textContent ===
        'CANCELLED',
      paymentId,
    );
    expect(await rowOutcomeOf(paymentId)).toBe('cancelled');

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

  it('injects a 503 into every attempt and shows the retries, the error and the hits', async () => {
    await openConnector('acme-pay');
    await page.selectOption('#fault', '503');
    const paymentId = await firstCancellable();
    const outcome = await cancelRow(paymentId);
    expect(outcome).toMatchObject({ outcome: 'error', code: 'provider_unavailable' });
    expect(outcome.text).toContain('yes: the same call may succeed later');
    expect(outcome.text).toContain('fault 503 hit 3 requests');
    expect(await page.locator('#traffic .exchange.request h3').allTextContents()).toEqual([
      'Attempt 1 · request',
      'Attempt 2 · request',
      'Attempt 3 · request',
    ]);
    await screenshots(page, 'fault-503');
    // The fault was for that call only.
    expect(await page.inputValue('#fault')).toBe('');
  });

  it('offers "next request only" only for faults a retry recovers from, and it does recover', async () => {
    await openConnector('acme-pay');
    await page.selectOption('#fault', 'timeout');
    expect(await page.isDisabled('#fault-once')).toBe(true);
    expect(await page.isChecked('input[name="faultTimes"][value="every"]')).toBe(true);
    expect(await page.textContent('#fault-note')).toContain('A timeout is not retried');

    await page.selectOption('#fault', '503');
    expect(await page.isDisabled('#fault-once')).toBe(false);
    expect(await page.isHidden('#fault-note')).toBe(true);
    await page.check('#fault-once');
    const outcome = await cancelRow(await firstCancellable());
    expect(outcome).toMatchObject({ outcome: 'ok', status: 'cancelled' });
    expect(outcome.text).toContain('2 requests');
    expect(outcome.text).toContain('fault 503 hit 1 request');
  });

  it('PayerMax, bad signature: the advice, the failing sign header, and one click to ask again', async () => {
    await openConnector('payermax');
    await page.selectOption('#fault', 'bad-signature');
    expect(await page.isDisabled('#fault-once')).toBe(true);
    const paymentId = await firstCancellable();
    const outcome = await cancelRow(paymentId);
    expect(outcome).toMatchObject({ outcome: 'error', code: 'signature_invalid' });
    expect(outcome.text).toContain('the cancel may well have happened');
    expect(outcome.text).toContain('fault bad-signature hit 1 request (of 3 injected)');
    const sign = await page.locator('#outcome .advice .sign').textContent();
    expect(sign).toContain('sign');
    const sentRequestId = JSON.parse(
      (await page.locator('#traffic .exchange.request pre').first().textContent())!,
    ).data.requestId;
    await screenshots(page, 'signature-invalid');

    const again = await cancelWith(() => page.click('#outcome .ask-again'));
    expect(again.outcome).toBe('ok');
    expect(['pending', 'cancelled']).toContain(again.status);
    expect(await page.inputValue('#requestId')).toBe(sentRequestId);
    const askedAgain = JSON.parse(
      (await page.locator('#traffic .exchange.request pre').first().textContent())!,
    ).data.requestId;
    expect(askedAgain).toBe(sentRequestId);
    await page.fill('#requestId', '');
  });

  it('is busy while a call runs: aria-busy, a banner, the result dimmed, every button disabled', async () => {
    await openConnector('yabandpay');
    await page.selectOption('#fault', 'timeout');
    const paymentId = await firstCancellable();
    const calls = Number((await page.getAttribute('body', 'data-calls')) ?? 0);
    await row(paymentId).locator('button.cancel').click();
    await page.waitForSelector('#connector-panel[aria-busy="true"]');
    expect(await page.textContent('#busy')).toContain('waiting for the timeout');
    expect(await page.locator('#payments button.cancel:not([disabled])').count()).toBe(0);
    expect(await page.isDisabled('#submit')).toBe(true);
    expect(await page.isDisabled('#tab-liquido')).toBe(true);
    expect(Number(await page.$eval('#outcome', (n) => getComputedStyle(n).opacity))).toBeLessThan(
      1,
    );
    await page.waitForSelector(`body[data-calls="${calls + 1}"]`, { timeout: 20_000 });
    expect(await page.getAttribute('#connector-panel', 'aria-busy')).toBe('false');
    expect(await page.getAttribute('#outcome', 'data-code')).toBe('timeout');
    expect(await page.isDisabled('#submit')).toBe(false);
    // Core's HTTP layer does not retry a timeout: the request, then the failure.
    expect(await page.locator('#traffic .exchange.failure').last().textContent()).toContain(
      'timeout',
    );
  });

  it('says in words what is wrong with the input, once, before any request', async () => {
    await openConnector('yabandpay');
    await page.fill('#paymentId', 'a/b');
    const outcome = await cancelWith(() => page.click('#submit'));
    expect(outcome).toMatchObject({ outcome: 'error', code: 'invalid_request' });
    const issues = await page.locator('#outcome .issues li').allTextContents();
    expect(issues).toEqual([expect.stringContaining('paymentId')]);
    expect(outcome.text.split(issues[0]!).length - 1).toBe(1);
    expect(outcome.text).not.toContain('Expected');
    expect(await page.textContent('#traffic')).toContain('No request went out');
  });

  it('keeps the session’s calls: pick one to see it again, on its connector', async () => {
    const items = page.locator('#history .history-item');
    expect(await items.count()).toBeGreaterThan(8);
    // The oldest call is the first Liquido cancel.
    await page.click('#history .history-item[data-call="1"]');
    expect(await page.getAttribute('#tab-liquido', 'aria-selected')).toBe('true');
    expect(await page.getAttribute('#outcome', 'data-status')).toBe('cancelled');
    expect(await page.locator('#traffic .exchange.request.token').count()).toBe(1);
  });

  it('filters the payments by id or state', async () => {
    await openConnector('liquido');
    await page.fill('#filter', 'settled');
    const states = await page.locator('#payments tbody td.state > .badge').allTextContents();
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(['SETTLED']));
    await page.fill('#filter', 'sim-mx-0012');
    expect(await page.locator('#payments tbody tr').count()).toBe(1);
    await page.fill('#filter', 'no such payment');
    expect(await page.isVisible('#filter-empty')).toBe(true);
    await page.fill('#filter', '');
  });

  it('copies ids, and a request as a curl command with its secrets redacted', async () => {
    await openConnector('liquido');
    const paymentId = (await page
      .locator('#payments tbody tr')
      .first()
      .getAttribute('data-payment-id'))!;
    await row(paymentId).locator('button.copy').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(paymentId);

    await cancelRow(paymentId);
    await page.locator('#traffic .exchange.request button.copy').first().click();
    const curl = await page.evaluate(() => navigator.clipboard.readText());
    seen.push(curl);
    expect(curl).toMatch(/^curl -X POST '.*\/charges\/cancel\/sim-/);
    expect(curl).toContain("-H 'authorization: [REDACTED]'");
    expect(curl).toContain("-H 'x-api-key: [REDACTED]'");
  });

  it("formats amounts with digit grouping in the currency's format and ISO 4217 exponent", async () => {
    const list: PaymentRow[] = (
      await (await fetch(`${running.url}/api/connectors/liquido/payments`)).json()
    ).payments;
    await openConnector('liquido');
    const cop = list.find((p) => p.amount?.currency === 'COP' && p.amount.amount >= 1_000_00)!;
    expect(await row(cop.id).locator('td.amount').textContent()).toBe(
      new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: 'COP',
        minimumFractionDigits: 2,
      }).format(cop.amount!.amount / 100),
    );
    expect(await row(cop.id).locator('td.amount').textContent()).toMatch(/\d{1,3},\d{3}\.\d{2}/);
    await openConnector('acme-pay');
    const yen = (
      await (await fetch(`${running.url}/api/connectors/acme-pay/payments`)).json()
    ).payments.find((p: PaymentRow) => p.amount?.currency === 'JPY');
    expect(await row(yen.id).locator('td.amount').textContent()).toBe('¥1,250');
  });

  it('opens the tab a hash names, keeps it on reload, and follows hash links', async () => {
    await page.goto(`${running.url}/#yabandpay`);
    await page.waitForSelector('body[data-ready]');
    expect(await page.getAttribute('#tab-yabandpay', 'aria-selected')).toBe('true');
    await page.reload();
    await page.waitForSelector('body[data-ready]');
    expect(await page.getAttribute('#tab-yabandpay', 'aria-selected')).toBe('true');
    await page.evaluate(() => {
      location.hash = '#batch';
    });
    await page.waitForSelector('#batch-panel:not([hidden])');
    expect(await page.isHidden('#connector-panel')).toBe(true);
    await page.click('#tab-payermax');
    expect(await page.evaluate(() => location.hash)).toBe('#payermax');
  });

  it('moves through the tabs with the arrow keys, Home and End', async () => {
    await page.focus('#tab-payermax');
    await page.keyboard.press('ArrowRight');
    const selected = () => page.locator('[role="tab"][aria-selected="true"]').getAttribute('id');
    const focused = () => page.evaluate(() => document.activeElement?.id);
    expect(await selected()).toBe('tab-yabandpay');
    expect(await focused()).toBe('tab-yabandpay');
    await page.keyboard.press('End');
    expect(await selected()).toBe('tab-batch');
    expect(await page.isVisible('#batch-panel')).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(await selected()).toBe('tab-liquido');
    await page.keyboard.press('ArrowLeft');
    expect(await selected()).toBe('tab-batch');
    await page.keyboard.press('Home');
    expect(await selected()).toBe('tab-liquido');
    expect(await focused()).toBe('tab-liquido');
    expect(await page.locator('[role="tab"][tabindex="0"]').count()).toBe(1);
  });

  it('works at 390 px: no horizontal overflow, every row shows id, amount, state and Cancel', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const id of ['liquido', 'payermax', 'yabandpay', 'acme-pay']) {
        await openConnector(id);
        expect(await scrollWidth(page), id).toBeLessThanOrEqual(390);
        const first = page.locator('#payments tbody tr').first();
        for (const part of ['td.id code', 'td.amount', 'td.state > .badge', 'button.cancel']) {
          const box = await first.locator(part).boundingBox();
          expect(box, `${id} ${part}`).not.toBeNull();
          expect(box!.x + box!.width, `${id} ${part}`).toBeLessThanOrEqual(390);
        }
        expect(await page.locator('#payments button.cancel').first().isVisible()).toBe(true);
        for (const select of await page.locator('#cancel-form select').all()) {
          const box = (await select.boundingBox())!;
          expect(box.x + box.width).toBeLessThanOrEqual(390);
        }
      }
      await openConnector('yabandpay');
      const paymentId = await firstCancellable();
      await cancelRow(paymentId);
      expect(await inViewport('#outcome-card')).toBe(true);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      await page.screenshot({
        path: `${SCREENSHOTS}yabandpay-after-cancel-390.png`,
        fullPage: true,
      });
      await page.click('#tab-batch');
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    } finally {
      await page.setViewportSize({ width: 1440, height: 1000 });
    }
    await openConnector('liquido');
    await screenshots(page, 'liquido');
  });

  it('never shows a secret, and the page ran without script errors', () => {
    const tokens = bearerTokens(running.playground.get('liquido').simulator!.requests);
    const secrets = [...running.playground.secrets, ...tokens];
    expectNoSecrets(seen.join('\n'), secrets, 'the page');
    expectNoSecrets(logs.join('\n'), secrets, 'the server log');
    expect(pageErrors).toEqual([]);
  });
});

describe('the batch view', () => {
  let fresh: RunningPlayground;
  const freshLogs: string[] = [];
  beforeAll(async () => {
    fresh = await startPlayground({ port: 0, log: (line) => freshLogs.push(line) });
  });
  afterAll(async () => {
    await fresh?.close();
  });

  it('runs every demo payment through the queue: the outcomes match the simulators', async () => {
    const ids = fresh.playground.connectors.map((c) => c.id);
    const before: Record<string, PaymentRow[]> = {};
    for (const id of ids)
      before[id] = (
        await (await fetch(`${fresh.url}/api/connectors/${id}/payments`)).json()
      ).payments;

    const {
      page: batchPage,
      seen: batchSeen,
      pageErrors: errors,
    } = await openPage(browser, fresh, '#batch');
    expect(await batchPage.getAttribute('#tab-batch', 'aria-selected')).toBe('true');
    await batchPage.click('#batch-demo');
    await batchPage.waitForFunction(
      () => (document.querySelector('#batch-text') as HTMLTextAreaElement).value.length > 0,
    );
    await batchPage.click('#batch-run');
    await batchPage.waitForSelector('#batch-run-view');
    await batchPage.waitForSelector('#batch-run-view[data-finished="true"]', { timeout: 60_000 });
    await batchPage.waitForFunction(() => !document.body.classList.contains('is-busy'));
    expect(await batchPage.getAttribute('#batch-panel', 'aria-busy')).toBe('false');
    batchSeen.push(await batchPage.content());
    await screenshots(batchPage, 'batch');

    const total = Object.values(before).flat().length;
    expect(await batchPage.getAttribute('#batch-progress', 'value')).toBe(String(total));
    for (const id of ids) {
      const tally = batchPage.locator(`#batch-tally tr[data-connector="${id}"]`);
      const count = async (what: string) =>
        Number(await tally.locator(`[data-count="${what}"]`).textContent());
      const cancellable = before[id]!.filter((p) => p.cancellable);
      // A simulator's cancellable payments are cancelled, every other one refused.
      expect(await count('cancelled'), id).toBe(cancellable.length);
      expect(await count('refused'), id).toBe(before[id]!.length - cancellable.length);
      expect(await count('unresolved'), id).toBe(0);
      const after: PaymentRow[] = (
        await (await fetch(`${fresh.url}/api/connectors/${id}/payments`)).json()
      ).payments;
      for (const payment of cancellable)
        expect(after.find((p) => p.id === payment.id)?.state, payment.id).toMatch(/^cancel/i);
    }
    expect(await batchPage.textContent('#batch-unresolved')).toContain('None');

    const secrets = [
      ...fresh.playground.secrets,
      ...bearerTokens(fresh.playground.get('liquido').simulator!.requests),
    ];
    expectNoSecrets(batchSeen.join('\n'), secrets, 'the batch page');
    expectNoSecrets(freshLogs.join('\n'), secrets, 'the server log');
    expect(errors).toEqual([]);
  });

  it('says which lines of a batch it cannot run', async () => {
    const { page: batchPage } = await openPage(browser, fresh, '#batch');
    await batchPage.fill('#batch-text', 'connector,paymentId\nstripe,pi_1\n');
    await batchPage.click('#batch-run');
    await batchPage.waitForSelector('#batch-result .issues li');
    expect(await batchPage.locator('#batch-result .issues li').allTextContents()).toEqual([
      'line 2: no connector "stripe" (there are liquido, payermax, yabandpay, acme-pay)',
    ]);
  });
});

describe('a provider sandbox', () => {
  it('asks before a cancel is sent to a real sandbox, and sends nothing when told no', async () => {
    const sandbox = await startPlayground({
      port: 0,
      env: {
        LIQUIDO_CLIENT_ID: 'sandbox-client',
        LIQUIDO_CLIENT_SECRET: 'sandbox-client-secret-value',
        LIQUIDO_API_KEY: 'sandbox-api-key-value',
      },
    });
    try {
      const { page: sandboxPage, seen: sandboxSeen } = await openPage(browser, sandbox, '#liquido');
      const posts: string[] = [];
      sandboxPage.on('request', (request) => {
        if (request.method() === 'POST') posts.push(request.url());
      });
      expect(await sandboxPage.textContent('#tab-liquido')).toContain('sandbox');
      await sandboxPage.fill('#paymentId', 'real-payment-1');
      const dialog = new Promise<string>((resolve) =>
        sandboxPage.once('dialog', (d) => {
          resolve(d.message());
          void d.dismiss();
        }),
      );
      await sandboxPage.click('#submit');
      expect(await dialog).toContain("Liquido's sandbox");
      expect(posts).toEqual([]);
      expect(await sandboxPage.getAttribute('#outcome', 'class')).toContain('empty');
      expectNoSecrets(sandboxSeen.join('\n'), sandbox.playground.secrets, 'the sandbox page');
    } finally {
      await sandbox.close();
    }
  });
});
