import { describe, expect, it, vi } from 'vitest';
import { type CancelFlow, type HttpResult, runCancel } from '../src/connector/index.js';
import {
  PaykitError,
  type PaymentStatusResult,
  reportedAmount,
  toMinorUnits,
} from '../src/index.js';

const answered = (attempts: number): HttpResult => ({
  status: 200,
  headers: new Headers(),
  text: '{}',
  attempts,
  url: 'https://toy.invalid/cancel',
});

function refusal(code: PaykitError['code'], providerCode = 'X1') {
  return new PaykitError({
    code,
    connector: 'toy',
    providerCode,
    providerMessage: 'as the provider said it',
    message: `toy refused the cancel: ${providerCode}.`,
  });
}

function found(status: PaymentStatusResult['status'], providerStatus = status.toUpperCase()) {
  return {
    connector: 'toy',
    paymentId: 'pay_1',
    status,
    providerStatus,
    providerReference: 'ref_9',
    amount: { amount: 1250, currency: 'EUR' },
    raw: { state: providerStatus },
  } satisfies PaymentStatusResult;
}

function flow(
  error: PaykitError,
  attempts: number,
  confirm?: Partial<NonNullable<CancelFlow['confirm']>>,
): CancelFlow & { query: ReturnType<typeof vi.fn> } {
  const query = vi.fn(async () => found('cancelled'));
  return {
    connector: 'toy',
    paymentId: 'pay_1',
    requestId: 'req_1',
    send: async () => answered(attempts),
    read: () => {
      throw error;
    },
    query,
    ...(confirm ? { confirm: { query, ...confirm } } : {}),
  };
}

describe('runCancel: outcomes an answer does not prove are confirmed', () => {
  it('resolves what the provider stated, without asking anything', async () => {
    const query = vi.fn();
    const result = await runCancel({
      connector: 'toy',
      paymentId: 'pay_1',
      requestId: 'req_1',
      send: async () => answered(1),
      read: () => ({
        connector: 'toy',
        status: 'cancelled',
        paymentId: 'pay_1',
        requestId: 'req_1',
        providerStatus: 'CANCELLED',
        raw: {},
      }),
      confirm: { query, echoes: ['duplicate_request'] },
    });
    expect(result.status).toBe('cancelled');
    expect(query).not.toHaveBeenCalled();
  });

  it('confirms an echo on any attempt, and resolves cancelled with what the query showed', async () => {
    const f = flow(refusal('duplicate_request'), 1, { echoes: ['duplicate_request'] });
    await expect(runCancel(f)).resolves.toEqual({
      connector: 'toy',
      status: 'cancelled',
      paymentId: 'pay_1',
      requestId: 'req_1',
      providerStatus: 'CANCELLED',
      providerReference: 'ref_9',
      amount: { amount: 1250, currency: 'EUR' },
      raw: { state: 'CANCELLED' },
    });
    expect(f.query).toHaveBeenCalledTimes(1);
  });

  it('confirms a retry echo only when it answered a retry within the call', async () => {
    const first = flow(refusal('already_cancelled'), 1, { retryEchoes: ['already_cancelled'] });
    await expect(runCancel(first)).rejects.toMatchObject({ code: 'already_cancelled' });
    expect(first.query).not.toHaveBeenCalled();

    const retried = flow(refusal('already_cancelled'), 2, { retryEchoes: ['already_cancelled'] });
    await expect(runCancel(retried)).resolves.toMatchObject({ status: 'cancelled' });
    expect(retried.query).toHaveBeenCalledTimes(1);
  });

  it('reports refusals that are no echo as they came, and everything when nothing can confirm', async () => {
    const other = flow(refusal('not_cancellable'), 2, {
      echoes: ['duplicate_request'],
      retryEchoes: ['already_cancelled'],
    });
    await expect(runCancel(other)).rejects.toMatchObject({ code: 'not_cancellable' });
    expect(other.query).not.toHaveBeenCalled();
    const unconfirmable = flow(refusal('duplicate_request'), 2);
    await expect(runCancel(unconfirmable)).rejects.toMatchObject({ code: 'duplicate_request' });
    const notPaykit = flow(new Error('bug') as PaykitError, 2, { echoes: ['duplicate_request'] });
    await expect(runCancel(notPaykit)).rejects.toThrow('bug');
  });

  it('resolves pending while the query shows the payment still moving (default: pending, authorized)', async () => {
    for (const status of ['pending', 'authorized'] as const) {
      const f = flow(refusal('duplicate_request'), 1, { echoes: ['duplicate_request'] });
      f.query.mockResolvedValueOnce(found(status, 'P1'));
      await expect(runCancel(f)).resolves.toMatchObject({
        status: 'pending',
        providerStatus: 'P1',
      });
    }
  });

  it('takes the connector word for what is still moving', async () => {
    const f = flow(refusal('duplicate_request'), 1, {
      echoes: ['duplicate_request'],
      moving: ['succeeded', 'pending'],
    });
    f.query.mockResolvedValueOnce(found('succeeded', '00'));
    await expect(runCancel(f)).resolves.toMatchObject({ status: 'pending', providerStatus: '00' });
    f.query.mockResolvedValueOnce(found('authorized', '01'));
    await expect(runCancel(f)).rejects.toMatchObject({
      code: 'not_cancellable',
      providerCode: '01',
    });
  });

  it('rejects a final state other than cancelled with that state as the provider code', async () => {
    for (const status of ['failed', 'expired', 'refunded', 'charged_back', 'succeeded'] as const) {
      const f = flow(refusal('duplicate_request', '-3002'), 1, { echoes: ['duplicate_request'] });
      f.query.mockResolvedValueOnce(found(status, `S_${status}`));
      const error = await runCancel(f).catch((e: unknown) => e);
      expect(PaykitError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        code: 'not_cancellable',
        connector: 'toy',
        requestId: 'req_1',
        providerCode: `S_${status}`,
        providerMessage: 'as the provider said it',
        retryable: false,
      });
      expect((error as Error).message).toContain('-3002');
      expect((error as Error).message).toContain(`S_${status} (${status})`);
    }
  });

  it('rejects with the query error when the query fails: a network error stays retryable', async () => {
    const f = flow(refusal('duplicate_request'), 1, { echoes: ['duplicate_request'] });
    f.query.mockRejectedValueOnce(
      new PaykitError({ code: 'network_error', connector: 'toy', message: 'Could not reach toy.' }),
    );
    await expect(runCancel(f)).rejects.toMatchObject({ code: 'network_error', retryable: true });
  });

  it('lets a send error through untouched: nothing was read', async () => {
    const query = vi.fn();
    const error = new PaykitError({ code: 'timeout', connector: 'toy', message: 'late' });
    await expect(
      runCancel({
        connector: 'toy',
        paymentId: 'p',
        requestId: 'r',
        send: async () => {
          throw error;
        },
        read: () => {
          throw new Error('not reached');
        },
        confirm: { query, echoes: ['timeout'] },
      }),
    ).rejects.toBe(error);
    expect(query).not.toHaveBeenCalled();
  });
});

describe('reportedAmount', () => {
  it('gives the amount, or leaves an unreadable one out instead of failing', () => {
    expect(
      reportedAmount(() => ({ amount: toMinorUnits('1.50', 'EUR'), currency: 'EUR' })),
    ).toEqual({ amount: 150, currency: 'EUR' });
    expect(reportedAmount(() => ({ amount: toMinorUnits('1.501', 'EUR'), currency: 'EUR' }))).toBe(
      undefined,
    );
    expect(reportedAmount(() => ({ amount: toMinorUnits('1', 'XYZ'), currency: 'XYZ' }))).toBe(
      undefined,
    );
    expect(reportedAmount(() => undefined)).toBeUndefined();
  });

  it('lets a programming error through', () => {
    expect(() =>
      reportedAmount(() => {
        throw new TypeError('bug');
      }),
    ).toThrow('bug');
  });
});

describe('runCancel: an answer that cannot be read', () => {
  const unreadable = () =>
    new PaykitError({
      code: 'invalid_response',
      connector: 'toy',
      httpStatus: 200,
      message: 'toy answered HTTP 200 with a body that is not JSON.',
    });

  it('resolves cancelled when the query shows the cancel happened', async () => {
    const f = flow(unreadable(), 1, {});
    await expect(runCancel(f)).resolves.toMatchObject({
      status: 'cancelled',
      providerStatus: 'CANCELLED',
      requestId: 'req_1',
    });
    expect(f.query).toHaveBeenCalledTimes(1);
  });

  it('otherwise stands, retryable, with the state the query showed', async () => {
    for (const status of ['pending', 'succeeded', 'authorized', 'failed'] as const) {
      const f = flow(unreadable(), 1, {});
      f.query.mockResolvedValueOnce(found(status, `S_${status}`));
      const error = await runCancel(f).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'invalid_response',
        retryable: true,
        httpStatus: 200,
        requestId: 'req_1',
      });
      expect((error as Error).message).toContain('not JSON');
      expect((error as Error).message).toContain(`S_${status} (${status})`);
    }
  });

  it('is reported as it came by a connector that cannot confirm', async () => {
    const f = flow(unreadable(), 1);
    await expect(runCancel(f)).rejects.toMatchObject({
      code: 'invalid_response',
      retryable: false,
    });
  });
});
