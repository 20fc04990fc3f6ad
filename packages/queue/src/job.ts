import { PaykitError, type ProviderOptions } from '@paykit/core';
import type { CancelJobInput, ErrorSummary, ObservedState } from './types.js';

/**
 * A job as every backend stores it (BullMQ's job data, or memory). It holds what a cancel needs
 * and what the job learnt, never a credential: settings and secrets live in the registry's
 * connectors, in the worker's memory.
 */
export interface JobState {
  v: 1;
  key: string;
  connector: string;
  paymentId: string;
  requestId: string;
  providerOptions?: ProviderOptions;
  enqueuedAt: number;
  /** When the first step started; the deadline counts from it. */
  startedAt?: number;
  deadlineAt?: number;
  /** When the job went pending, plus the follow deadline: past it, the wait ends unresolved. */
  followUntil?: number;
  /** `cancel` until the provider accepted the cancel as pending, then `follow`. */
  phase: 'cancel' | 'follow';
  /** Provider steps run so far. */
  steps: number;
  /** Follow-up checks run so far. */
  follows: number;
  lastState?: ObservedState;
  lastError?: ErrorSummary;
}

const IDENTIFIER = /^[A-Za-z0-9_-]{1,64}$/;

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The requestId a job uses when none is given: 32 hex digits derived from connector and
 * paymentId, so the same payment always makes the same request (letters and digits, as every
 * provider accepts).
 */
export async function defaultRequestId(connector: string, paymentId: string): Promise<string> {
  return (await sha256Hex(`paykit-queue/request/v1\u0000${connector}\u0000${paymentId}`)).slice(
    0,
    32,
  );
}

/**
 * The job's key: its connector and a hash of connector, paymentId and requestId. It contains
 * no `:` (BullMQ job ids may not) and is the same on every machine.
 */
export async function jobKey(
  connector: string,
  paymentId: string,
  requestId: string,
): Promise<string> {
  const hash = await sha256Hex(
    `paykit-queue/job/v1\u0000${connector}\u0000${paymentId}\u0000${requestId}`,
  );
  return `${connector.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40)}.${hash.slice(0, 40)}`;
}

function invalid(message: string, connector?: string): PaykitError {
  return new PaykitError({
    code: 'invalid_request',
    message,
    ...(connector ? { connector } : {}),
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks a job input before anything is stored: the connector checks the rest when the job
 * runs (and refuses with `invalid_request`, which ends the job `refused`).
 */
export function checkJobInput(input: CancelJobInput): void {
  if (!isPlainObject(input)) throw invalid('A cancel job must be an object.');
  const { connector, paymentId, requestId, providerOptions } = input;
  if (typeof connector !== 'string' || !IDENTIFIER.test(connector)) {
    throw invalid('connector must be a connector id (letters, digits, "-" and "_").');
  }
  if (typeof paymentId !== 'string' || paymentId.length === 0 || paymentId.length > 256) {
    throw invalid('paymentId must be a non-empty string of at most 256 characters.', connector);
  }
  if (requestId !== undefined && (typeof requestId !== 'string' || !IDENTIFIER.test(requestId))) {
    throw invalid(
      'requestId must be at most 64 letters, digits, "-" or "_" (providers differ: letters and digits are safe everywhere).',
      connector,
    );
  }
  if (providerOptions !== undefined) {
    if (!isPlainObject(providerOptions)) throw invalid('providerOptions must be an object.');
    for (const [key, value] of Object.entries(providerOptions)) {
      // A job goes to one connector: another key is a misspelt id, which would run the default.
      if (key !== connector) {
        throw invalid(
          `providerOptions may hold only "${connector}", the job's connector.`,
          connector,
        );
      }
      if (!isPlainObject(value)) throw invalid('Each entry of providerOptions must be an object.');
    }
    try {
      JSON.stringify(providerOptions);
    } catch {
      throw invalid('providerOptions must be JSON: it is stored with the job.', connector);
    }
  }
}

/** The job's stored state for a new input. */
export async function newJobState(input: CancelJobInput, now: number): Promise<JobState> {
  checkJobInput(input);
  const requestId = input.requestId ?? (await defaultRequestId(input.connector, input.paymentId));
  const key = await jobKey(input.connector, input.paymentId, requestId);
  return {
    v: 1,
    key,
    connector: input.connector,
    paymentId: input.paymentId,
    requestId,
    ...(input.providerOptions
      ? { providerOptions: JSON.parse(JSON.stringify(input.providerOptions)) }
      : {}),
    enqueuedAt: now,
    phase: 'cancel',
    steps: 0,
    follows: 0,
  };
}

/** Where webhook events and payment lookups find a job: connector and paymentId. */
export function paymentField(connector: string, paymentId: string): string {
  return `${connector}\u0000${paymentId}`;
}
