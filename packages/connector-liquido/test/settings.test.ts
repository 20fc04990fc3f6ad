import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLiquido, VERSION } from '../src/index.js';
import { CREDENTIALS, rejection } from './helpers.js';

const attempt = (settings: unknown) =>
  Promise.resolve().then(() => createLiquido(settings as Parameters<typeof createLiquido>[0]));

describe('settings', () => {
  it('builds the connector', () => {
    const liquido = createLiquido({ ...CREDENTIALS });
    expect(liquido.id).toBe('liquido');
    expect(liquido.displayName).toBe('Liquido');
    expect(liquido.specificationVersion).toBe('v1');
    expect(liquido.capabilities).toEqual(['cancelPayment', 'getPayment', 'verifyWebhook']);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each(['clientId', 'clientSecret', 'apiKey'] as const)(
    'requires %s as a non-empty string',
    async (name) => {
      for (const value of [undefined, '', 42, null]) {
        const error = await rejection(
          attempt({ ...CREDENTIALS, [name]: value }),
          'configuration_error',
        );
        expect(error.message).toContain(name);
      }
    },
  );

  it('keeps the credentials out of the message', async () => {
    const secretish = {
      clientId: 'id-visible-1234567',
      clientSecret: 'cs-hidden-1234567',
      apiKey: 'ak-hidden-1234567',
    };
    const cases = [
      { ...secretish, clientSecret: 12345678901 },
      { ...secretish, apiKey: ['ak-hidden-array-1'] },
      { ...secretish, timeoutMs: -1 },
      { ...secretish, environment: 'staging' },
      { ...secretish, authUrl: 'not a url' },
      { ...secretish, baseUrl: 'nope' },
      { ...secretish, webhookToleranceSeconds: 0 },
    ];
    for (const settings of cases) {
      const error = await rejection(attempt(settings), 'configuration_error');
      const views = [
        error.message,
        String(error.stack),
        JSON.stringify(error),
        inspect(error, { depth: 10 }),
      ];
      for (const view of views) {
        for (const secret of [...Object.values(secretish), '12345678901', 'ak-hidden-array-1']) {
          expect(view).not.toContain(secret);
        }
      }
    }
  });

  it('refuses settings that are not an object', async () => {
    await rejection(attempt(undefined), 'configuration_error');
    await rejection(attempt('client:secret'), 'configuration_error');
  });
});
