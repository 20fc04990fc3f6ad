import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { type AnswerSpec, type Refusal, readAnswer, refusalError } from '../src/answer/index.js';
import { PaykitError } from '../src/errors/index.js';
import type { HttpResult } from '../src/http/index.js';
import { createRedactor } from '../src/redaction/index.js';

const SECRET = 'toy-secret-value-0001';

const result = (status: number, text: string): HttpResult => ({
  status,
  headers: new Headers(),
  text,
  attempts: 1,
  url: 'https://toy.invalid/cancel',
});

/** A toy provider: `{ok: true, id}` is success, `{ok: false, code, msg}` a refusal. */
function spec(verified: boolean[] = []): AnswerSpec<v.GenericSchema> {
  return {
    connector: 'toy',
    displayName: 'Toy',
    action: 'the cancel of k1',
    requestId: 'r1',
    redactor: createRedactor([SECRET]),
    success: v.looseObject({ ok: v.literal(true), id: v.string() }),
    refusal(body): Refusal | undefined {
      const parsed = v.safeParse(
        v.looseObject({ ok: v.literal(false), code: v.string(), msg: v.optional(v.string()) }),
        body,
      );
      if (!parsed.success) return undefined;
      return {
        code: 'not_cancellable',
        providerCode: parsed.output.code,
        providerMessage: parsed.output.msg,
        ...(parsed.output.code === 'NOTE' ? { note: 'Said with a note.' } : {}),
      };
    },
    async verify(_result, accepted) {
      verified.push(accepted);
    },
  };
}

async function rejected(promise: Promise<unknown>): Promise<PaykitError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(PaykitError.isInstance(error)).toBe(true);
  return error as PaykitError;
}

describe('readAnswer', () => {
  it('reads a success, verified as accepted', async () => {
    const verified: boolean[] = [];
    const answer = await readAnswer(result(200, '{"ok":true,"id":"p1"}'), spec(verified));
    expect(answer.answer).toMatchObject({ ok: true, id: 'p1' });
    expect(verified).toEqual([true]);
  });

  it('reads a refusal that arrives with HTTP 200, verified as not accepted', async () => {
    const verified: boolean[] = [];
    const error = await rejected(
      readAnswer(result(200, `{"ok":false,"code":"NO","msg":"no, ${SECRET}"}`), spec(verified)),
    );
    expect(error).toMatchObject({
      code: 'not_cancellable',
      providerCode: 'NO',
      httpStatus: 200,
      requestId: 'r1',
    });
    expect(error.providerMessage).not.toContain(SECRET);
    expect(error.message).toContain('Toy refused the cancel of k1');
    expect(verified).toEqual([false]);
  });

  it('adds a refusal note to the message', async () => {
    const error = await rejected(readAnswer(result(409, '{"ok":false,"code":"NOTE"}'), spec()));
    expect(error.message).toMatch(/NOTE, no reason given \(HTTP 409\)\. Said with a note\.$/);
  });

  it('a non-2xx that is no refusal is provider_error, and nothing is verified', async () => {
    const verified: boolean[] = [];
    const error = await rejected(readAnswer(result(404, '<html>gone</html>'), spec(verified)));
    expect(error).toMatchObject({ code: 'provider_error', httpStatus: 404 });
    expect(error.providerMessage).toBe('<html>gone</html>');
    expect(verified).toEqual([]);
  });

  it('a non-2xx whose body claims success is invalid_response, verified as accepted', async () => {
    const verified: boolean[] = [];
    const error = await rejected(readAnswer(result(400, '{"ok":true,"id":"p1"}'), spec(verified)));
    expect(error).toMatchObject({ code: 'invalid_response', httpStatus: 400 });
    expect(verified).toEqual([true]);
  });

  it('a 2xx that is not JSON, or not the success shape, is invalid_response', async () => {
    for (const text of ['<html>', '{"ok":true}']) {
      const error = await rejected(readAnswer(result(200, text), spec()));
      expect(error.code).toBe('invalid_response');
    }
  });

  it('401 and 403 are authentication_failed before anything is read', async () => {
    for (const status of [401, 403]) {
      const error = await rejected(readAnswer(result(status, '{"ok":true,"id":"p"}'), spec()));
      expect(error).toMatchObject({ code: 'authentication_failed', httpStatus: status });
    }
  });

  it('refusalError builds the same error for a refusal found in the data', () => {
    const error = refusalError(
      { code: 'already_cancelled', providerCode: 'DONE', providerMessage: 'x'.repeat(1_000) },
      {
        connector: 'toy',
        displayName: 'Toy',
        action: 'the cancel of k1',
        redactor: createRedactor([]),
        httpStatus: 200,
      },
    );
    expect(error).toMatchObject({ code: 'already_cancelled', providerCode: 'DONE' });
    expect(error.providerMessage).toHaveLength(300);
  });
});
