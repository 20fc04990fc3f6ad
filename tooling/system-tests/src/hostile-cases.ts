import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { CancelPaymentResult, Connector, PaykitErrorCode } from '@paykit/core';
import { CANARY, findCanary, ISSUED_TOKEN, payermaxKeys, viewsOf } from './canaries.js';
import type { Outcome } from './fault-cases.js';
import {
  type AnySimulator,
  type ConnectorName,
  createConnectorFor,
  createSim,
  isCancelRequest,
  seedPayment,
  type TrialSettings,
} from './harness.js';
import {
  type Coding,
  type HostileHandler,
  type HostileServer,
  type SeenRequest,
  type Stream,
  send,
  startHostileServer,
  streamPadding,
  type Upstream,
} from './hostile-server.js';
import type { LeakWatch } from './leak-watch.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export type Settled = { ok: true; value: CancelPaymentResult } | { ok: false; error: unknown };

/** What a case's run shows: its outcome, the cancel requests the peer saw, and its facts. */
export interface Played {
  settled: Settled;
  requests: number;
  facts: Record<string, unknown>;
}

/** A connector pointed at a hostile server, which stands in front of a simulator on loopback. */
export interface Stage {
  connector: Connector;
  sim: AnySimulator;
  server: HostileServer;
  /** A payment seeded at the simulator, cancellable. */
  paymentId: string;
  /** The cancel requests the hostile server received (token and status requests left out). */
  cancels(): SeenRequest[];
  tokens(): SeenRequest[];
}

export interface Trial {
  name: ConnectorName;
  watch: LeakWatch;
  stage(handler: HostileHandler, settings?: TrialSettings): Promise<Stage>;
  /** Another loopback server, which records what reaches it (a redirect's target). */
  bystander(): Promise<HostileServer>;
}

export type Section = 'memory' | 'secrets' | 'aborts' | 'redirects' | 'signatures';

export interface HostileCase {
  id: string;
  section: Section;
  /** What the hostile peer does, for the table. */
  peer: string;
  /**
   * Only these connectors; when absent, every connector of the manifest (a connector the
   * generator adds included: the defects are core's, and so are the fixes).
   */
  only?: readonly ConnectorName[];
  outcome: Outcome;
  /** Cancel requests the hostile server receives. */
  requests: number;
  /** What else the run must show (each run reports these facts). */
  facts: Record<string, unknown>;
  /** Why this is the right outcome, for the table. */
  why: string;
  /**
   * The fix is in core, but a connector file must still use it (named here): the case runs and
   * is expected to fail until then, and the table says so.
   */
  pending?: string;
  play(t: Trial): Promise<Played>;
}

const success: Outcome = { result: 'success' };
const error = (code: PaykitErrorCode, retryable: boolean): Outcome => ({
  result: 'error',
  code,
  retryable,
});

export async function settle(promise: Promise<CancelPaymentResult>): Promise<Settled> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (e: unknown) => ({ ok: false as const, error: e }),
  );
}

const json = (res: ServerResponse, status: number, body: unknown, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const isToken = (r: SeenRequest) => r.path === '/oauth2/token';
const issuedToken = () => `simtok_${randomBytes(24).toString('hex')}`;

/** One cancel of the seeded payment through a hostile server that handles cancels so. */
async function cancelThrough(
  t: Trial,
  onCancel: (
    request: SeenRequest,
    res: ServerResponse,
    stage: { forward: () => Promise<Upstream> },
  ) => boolean | Promise<boolean>,
  settings: TrialSettings = {},
) {
  const stage = await t.stage(
    (request, res, forward) =>
      isCancelRequest(t.name, request) ? onCancel(request, res, { forward }) : false,
    settings,
  );
  const settled = await settle(
    stage.connector.cancelPayment({
      paymentId: stage.paymentId,
      requestId: `hostile${Date.now()}abcdefghijklmnop`,
    }),
  );
  return { stage, settled };
}

function bomb(coding: Coding): HostileCase {
  return {
    id: `${coding}-bomb`,
    section: 'memory',
    peer: `answers the cancel 200 with ${coding === 'br' ? 'a br' : `a ${coding}`} body that inflates to 1 GiB (about 1 MB on the wire), made as the socket drains`,
    outcome: error('invalid_response', false),
    requests: 1,
    facts: { peerStoppedEarly: true },
    why: 'fetch decodes the body; core counts the decoded bytes as they stream and stops at maxResponseBytes (1 MiB): the stream is cancelled, the connection closed, nothing retried. The peer made far less than its gigabyte',
    async play(t) {
      let stream: Stream | undefined;
      const { stage, settled } = await cancelThrough(t, (_request, res) => {
        stream = streamPadding(res, GiB, { coding });
        return true;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      return {
        settled,
        requests: stage.cancels().length,
        facts: { peerStoppedEarly: (stream?.produced() ?? 0) < 256 * MiB },
      };
    },
  };
}

function plainBody(declareLength: boolean): HostileCase {
  return {
    id: declareLength ? 'body-200mb-declared' : 'body-200mb-streamed',
    section: 'memory',
    peer: declareLength
      ? 'answers the cancel 200 with a 200 MB body, `Content-Length: 200000000`'
      : 'answers the cancel 200 with a 200 MB body, chunked (no length), made as the socket drains',
    outcome: error('invalid_response', false),
    requests: 1,
    facts: { peerStoppedEarly: true },
    why: declareLength
      ? 'a declared length over the limit is refused before a byte of the body is read'
      : 'read through the same counting reader: stopped after 1 MiB, never read whole before being refused',
    async play(t) {
      let stream: Stream | undefined;
      const { stage, settled } = await cancelThrough(t, (_request, res) => {
        stream = streamPadding(res, 200_000_000, { declareLength });
        return true;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      return {
        settled,
        requests: stage.cancels().length,
        facts: { peerStoppedEarly: (stream?.produced() ?? 0) < 64 * MiB },
      };
    },
  };
}

/** The Bearer token the connector sent, as Liquido's simulator issued it. */
const bearerOf = (request: SeenRequest) =>
  /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';

const payermaxSigner = () =>
  createPrivateKey({
    key: Buffer.from(payermaxKeys().payermaxPrivateKey, 'base64'),
    format: 'der',
    type: 'pkcs8',
  });

/** Re-signs a rewritten PayerMax answer over its bytes, as PayerMax signs. */
function resigned(body: Buffer): string {
  return sign('sha256', body, payermaxSigner()).toString('base64');
}

/** Every hostile case: the system suite runs each against each connector it applies to. */
export const HOSTILE_CASES: readonly HostileCase[] = [
  bomb('gzip'),
  bomb('deflate'),
  bomb('br'),
  plainBody(false),
  plainBody(true),
  {
    id: 'status-code-quotes-secrets',
    section: 'secrets',
    only: ['liquido'],
    peer: 'answers the cancel 200 with the api key and the bearer token it was sent in `transferStatusCode`',
    outcome: error('invalid_response', true),
    requests: 1,
    facts: { secretInError: false },
    why: "valibot quotes the refused value; every parse of provider data is redacted by the connector's runtime redactor (all its secrets and the live token). The status query shows the payment not cancelled, so the unreadable answer stands, retryable",
    async play(t) {
      const { stage, settled } = await cancelThrough(t, (request, res) => {
        json(res, 200, {
          idempotencyKey: request.path.split('/').pop(),
          transferStatusCode: `${CANARY.liquidoApiKey} Bearer ${bearerOf(request)}`,
          transferStatus: 'CANCELLED',
        });
        return true;
      });
      return {
        settled,
        requests: stage.cancels().length,
        facts: { secretInError: leaks(settled) },
      };
    },
  },
  {
    id: 'token-answer-quotes-secret',
    section: 'secrets',
    only: ['liquido'],
    peer: 'the token endpoint answers with the client secret in `expires_in`',
    outcome: error('invalid_response', false),
    requests: 0,
    facts: { secretInError: false },
    why: 'the token answer is parsed with the same full redactor, not with the token alone',
    async play(t) {
      const stage = await t.stage((request, res) => {
        if (!isToken(request)) return false;
        json(res, 200, {
          access_token: issuedToken(),
          expires_in: CANARY.liquidoClientSecret,
          token_type: 'Bearer',
        });
        return true;
      });
      const settled = await settle(stage.connector.cancelPayment({ paymentId: stage.paymentId }));
      return {
        settled,
        requests: stage.cancels().length,
        facts: { secretInError: leaks(settled) },
      };
    },
  },
  {
    id: 'token-repeated-in-answer',
    section: 'secrets',
    only: ['liquido'],
    peer: 'the token endpoint repeats the access token under other names (`id`, a note)',
    outcome: success,
    requests: 1,
    facts: { tokenInHookEvents: false },
    why: "the token is added to the redactor from the answer (core's `secretsIn`) before the `onResponse` hook sees the body",
    async play(t) {
      const seen: string[] = [];
      const hooks = {
        ...t.watch.hooks,
        onResponse: (e: unknown) => {
          t.watch.hooks.onResponse(e as never);
          seen.push(JSON.stringify(e));
        },
      };
      const stage = await t.stage(
        async (request, res, forward) => {
          if (!isToken(request)) return false;
          const upstream = await forward();
          const body = JSON.parse(upstream.body.toString());
          body.id = body.access_token;
          body.note = `your token is ${body.access_token}`;
          send(res, { ...upstream, body: Buffer.from(JSON.stringify(body)) });
          return true;
        },
        { hooks },
      );
      const settled = await settle(stage.connector.cancelPayment({ paymentId: stage.paymentId }));
      return {
        settled,
        requests: stage.cancels().length,
        facts: { tokenInHookEvents: seen.some((event) => ISSUED_TOKEN.test(event)) },
      };
    },
  },
  {
    id: 'amount-quotes-secret',
    section: 'secrets',
    only: ['liquido'],
    peer: 'cancels, then answers with `amount: -1` and the api key as `currency`',
    outcome: success,
    requests: 1,
    facts: { amountLeftOut: true, secretInResult: false },
    why: "the money check's message quotes the currency; an amount is only reported, so it is left out, its message nowhere (the provider's own body stays in `raw`, as it came)",
    async play(t) {
      const { stage, settled } = await cancelThrough(t, async (_request, res, { forward }) => {
        const upstream = await forward();
        const body = JSON.parse(upstream.body.toString());
        Object.assign(body, { amount: -1, currency: CANARY.liquidoApiKey });
        send(res, { ...upstream, body: Buffer.from(JSON.stringify(body)) });
        return true;
      });
      const result = settled.ok ? { ...settled.value, raw: '(the provider body)' } : undefined;
      return {
        settled: result ? { ok: true, value: result } : settled,
        requests: stage.cancels().length,
        facts: {
          amountLeftOut: settled.ok && settled.value.amount === undefined,
          secretInResult: leaks({ ok: true, value: result } as Settled),
        },
      };
    },
  },
  {
    id: 'short-secret',
    section: 'secrets',
    peer: 'none: the merchant configures a 5-character secret (Liquido `apiKey`, PayerMax `privateKey`, YabandPay `secretKey`)',
    outcome: error('configuration_error', false),
    requests: 0,
    facts: { secretInError: false },
    only: ['liquido', 'payermax', 'yabandpay'],
    why: 'the redactor hides values of 6 characters or more; core refuses a shorter credential at construction instead of using one it could not hide',
    async play(t) {
      const short: Record<string, object> = {
        liquido: { apiKey: 'abcde' },
        payermax: { privateKey: 'abcde' },
        yabandpay: { secretKey: 'abcde' },
      };
      let settled: Settled;
      try {
        createConnectorFor(t.name, short[t.name] as TrialSettings);
        settled = { ok: false, error: new Error('constructed') };
      } catch (e) {
        settled = { ok: false, error: e };
      }
      const text = settled.ok
        ? ''
        : `${String((settled.error as Error).message)}${JSON.stringify(settled.error)}`;
      return { settled, requests: 0, facts: { secretInError: text.includes('abcde') } };
    },
  },
  {
    id: 'abort-during-shared-token',
    section: 'aborts',
    only: ['liquido'],
    peer: 'holds the token request; one of two callers aborts while it is in flight',
    outcome: error('network_error', false),
    requests: 1,
    facts: { abortedBeforeTokenAnswer: true, otherCallerResolved: true, tokenRequests: 1 },
    why: "the caller's signal wins at once; the shared token request goes on for the other caller",
    async play(t) {
      let release: (() => void) | undefined;
      let answered = false;
      const stage = await t.stage(async (request, res, forward) => {
        if (!isToken(request)) return false;
        const upstream = await forward();
        await new Promise<void>((resolve) => {
          release = resolve;
          setTimeout(resolve, 3_000);
        });
        answered = true;
        send(res, upstream);
        return true;
      });
      const other = seedPayment('liquido', stage.sim);
      const controller = new AbortController();
      const leaving = settle(
        stage.connector.cancelPayment({ paymentId: stage.paymentId, signal: controller.signal }),
      ).then((s) => ({ s, before: !answered }));
      const staying = settle(stage.connector.cancelPayment({ paymentId: other }));
      while (stage.tokens().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
      const left = await Promise.race([
        leaving,
        new Promise((resolve) => setTimeout(resolve, 500)),
      ]);
      release?.();
      const { s, before } = await leaving;
      const rest = await staying;
      return {
        settled: s,
        requests: stage.cancels().length,
        facts: {
          abortedBeforeTokenAnswer: left !== undefined && before,
          otherCallerResolved: rest.ok,
          tokenRequests: stage.tokens().length,
        },
      };
    },
  },
  {
    id: 'shared-token-failure',
    section: 'aborts',
    only: ['liquido'],
    peer: 'refuses the one token request three concurrent cancels share (401 `invalid_client`)',
    outcome: error('authentication_failed', false),
    requests: 0,
    facts: { distinctErrors: 3, ownRequestIds: true, tokenRequests: 1 },
    why: 'each caller gets its own PaykitError from the shared failure, with its own requestId, not one shared mutable object',
    async play(t) {
      const stage = await t.stage((request, res) => {
        if (!isToken(request)) return false;
        setTimeout(() => json(res, 401, { error: 'invalid_client' }), 50);
        return true;
      });
      const ids = [
        'shared1abcdefghijklmnopqrstu',
        'shared2abcdefghijklmnopqrstu',
        'shared3abcdefghijklmnopqrstu',
      ];
      const all = await Promise.all(
        ids.map((requestId) =>
          settle(
            stage.connector.cancelPayment({
              paymentId: seedPayment('liquido', stage.sim),
              requestId,
            }),
          ),
        ),
      );
      const errors = all.map((s) => (s.ok ? undefined : s.error)) as { requestId?: string }[];
      return {
        settled: all[0]!,
        requests: stage.cancels().length,
        facts: {
          distinctErrors: new Set(errors).size,
          ownRequestIds: errors.every((e, i) => e?.requestId === ids[i]),
          tokenRequests: stage.tokens().length,
        },
      };
    },
  },
  {
    id: 'retry-after-120',
    section: 'aborts',
    peer: 'answers the cancel 429 with `Retry-After: 120`',
    outcome: error('rate_limited', true),
    requests: 1,
    facts: { retryAfterMs: 120_000 },
    why: "longer than the wait left of maxRetryWaitMs (default 10 s): rejected at once, not clamped and asked again against the provider's word; `retryAfterMs` tells the caller when",
    async play(t) {
      const { stage, settled } = await cancelThrough(t, (_request, res) => {
        json(res, 429, { error: 'slow down' }, { 'retry-after': '120' });
        return true;
      });
      return {
        settled,
        requests: stage.cancels().length,
        facts: {
          retryAfterMs: settled.ok
            ? undefined
            : (settled.error as { retryAfterMs?: number }).retryAfterMs,
        },
      };
    },
  },
  {
    id: 'retry-after-unreadable',
    section: 'aborts',
    peer: 'answers the first cancel 429 with `Retry-After: soon`, then normally',
    outcome: success,
    requests: 2,
    facts: { settledWithin5s: true },
    why: 'an unreadable Retry-After counts as none: the normal backoff (milliseconds here), not the 10 s maximum',
    async play(t) {
      let first = true;
      const started = performance.now();
      const { stage, settled } = await cancelThrough(t, (_request, res) => {
        if (!first) return false;
        first = false;
        json(res, 429, { error: 'slow down' }, { 'retry-after': 'soon' });
        return true;
      });
      return {
        settled,
        requests: stage.cancels().length,
        facts: { settledWithin5s: performance.now() - started < 5_000 },
      };
    },
  },
  {
    id: 'runtime-refuses-option',
    section: 'aborts',
    peer: "none: the runtime's fetch throws `TypeError: The 'cache' field on 'RequestInitializerDict' is not implemented.`",
    outcome: error('configuration_error', false),
    requests: 0,
    facts: { fetchCalls: 1, runtimeMessageKept: true },
    why: 'a TypeError that is not a network failure is the runtime refusing the request: the same request would be refused again, so it is reported once, with its message',
    async play(t) {
      let calls = 0;
      const message = "The 'cache' field on 'RequestInitializerDict' is not implemented.";
      const stage = await t.stage(() => false, {
        fetch: async () => {
          calls++;
          throw new TypeError(message);
        },
      });
      const settled = await settle(stage.connector.cancelPayment({ paymentId: stage.paymentId }));
      return {
        settled,
        requests: stage.cancels().length,
        facts: {
          fetchCalls: calls,
          runtimeMessageKept:
            !settled.ok && String((settled.error as Error).message).includes(message),
        },
      };
    },
  },
  {
    id: 'redirect-302',
    section: 'redirects',
    peer: 'answers the cancel 302 to a second loopback server',
    outcome: error('invalid_response', false),
    requests: 1,
    facts: { targetRequests: 0 },
    why: "core sends `redirect: 'manual'` (which every fetch accepts; workerd refuses 'error') and refuses a 3xx or an opaque redirect itself: the target receives nothing, the credentials go nowhere",
    async play(t) {
      const target = await t.bystander();
      const { stage, settled } = await cancelThrough(t, (_request, res) => {
        res.writeHead(302, { location: `${target.url}/collect` });
        res.end();
        return true;
      });
      return {
        settled,
        requests: stage.cancels().length,
        facts: { targetRequests: target.seen.length },
      };
    },
  },
  {
    id: 'runtime-without-redirect-error',
    section: 'redirects',
    peer: "none: a fetch that refuses `redirect: 'error'` as workerd does, in front of the normal answer",
    outcome: success,
    requests: 1,
    facts: { refused: 0 },
    why: "core no longer asks for 'error'; before, workerd's TypeError was retried three times and reported as \"Could not reach\"",
    async play(t) {
      let refused = 0;
      const { stage, settled } = await cancelThrough(t, () => false, {
        fetch: async (input, init) => {
          if (init?.redirect === 'error') {
            refused++;
            throw new TypeError('Invalid redirect value, must be one of "follow" or "manual".');
          }
          return globalThis.fetch(input, init);
        },
      });
      return { settled, requests: stage.cancels().length, facts: { refused } };
    },
  },
  {
    id: 'signed-body-with-bom',
    section: 'signatures',
    only: ['payermax'],
    peer: 'cancels, answers its body with a UTF-8 BOM in front, correctly signed over those bytes',
    outcome: success,
    requests: 1,
    facts: {},
    why: 'the `sign` header is verified over the raw body bytes (`HttpResult.bytes`), as PayerMax signs them, not over the text decoded from them',
    async play(t) {
      const { stage, settled } = await cancelThrough(t, async (_request, res, { forward }) => {
        const upstream = await forward();
        const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), upstream.body]);
        send(res, { ...upstream, headers: { ...upstream.headers, sign: resigned(body) }, body });
        return true;
      });
      return { settled, requests: stage.cancels().length, facts: {} };
    },
  },
  {
    id: 'signed-body-not-utf8',
    section: 'signatures',
    only: ['payermax'],
    peer: 'cancels, answers with a byte that is not UTF-8 (0xE9) in `msg`, correctly signed over those bytes',
    outcome: success,
    requests: 1,
    facts: {},
    why: 'as above: decoding replaces the byte, so only the bytes verify',
    async play(t) {
      const { stage, settled } = await cancelThrough(t, async (_request, res, { forward }) => {
        const upstream = await forward();
        const text = upstream.body.toString();
        const at = text.indexOf('"msg":"') + '"msg":"'.length;
        const body = Buffer.concat([
          upstream.body.subarray(0, at),
          Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20]),
          upstream.body.subarray(at),
        ]);
        send(res, { ...upstream, headers: { ...upstream.headers, sign: resigned(body) }, body });
        return true;
      });
      return { settled, requests: stage.cancels().length, facts: {} };
    },
  },
];

/** Whether a settled call shows a canary secret in any view (message, stack, JSON, inspect). */
function leaks(settled: Settled): boolean {
  const value = settled.ok ? settled.value : settled.error;
  const views = viewsOf(value);
  const issues = (value as { issues?: unknown } | undefined)?.issues;
  if (Array.isArray(issues)) views.push(...issues.map(String));
  return views.some((view) => findCanary(view) !== undefined);
}

export const hostileCasesFor = (name: ConnectorName) =>
  HOSTILE_CASES.filter((c) => !c.only || c.only.includes(name));

/** Builds the stages of a trial: simulator on loopback, hostile server in front, connector. */
export function createTrial(
  name: ConnectorName,
  watch: LeakWatch,
): Trial & { close(): Promise<void> } {
  const closers: (() => Promise<void>)[] = [];
  return {
    name,
    watch,
    async stage(handler, settings = {}) {
      const sim = createSim(name);
      const upstream = await sim.listen();
      closers.push(upstream.close);
      const server = await startHostileServer(handler, upstream.url);
      closers.push(server.close);
      const connector = createConnectorFor(name, {
        baseUrl: server.url,
        retryBaseDelayMs: 1,
        maxRetries: 2,
        timeoutMs: 10_000,
        hooks: watch.hooks,
        ...settings,
      });
      return {
        connector,
        sim,
        server,
        paymentId: seedPayment(name, sim),
        cancels: () => server.seen.filter((r) => isCancelRequest(name, r)),
        tokens: () => server.seen.filter(isToken),
      };
    },
    async bystander() {
      const server = await startHostileServer((_request, res) => {
        res.end('{}');
        return true;
      });
      closers.push(server.close);
      return server;
    },
    async close() {
      while (closers.length) await closers.pop()!().catch(() => undefined);
    },
  };
}
