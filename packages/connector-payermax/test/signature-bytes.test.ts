import { createPrivateKey, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPayerMax } from '../src/index.js';
import { keys, rejection } from './helpers.js';

// PayerMax signs the bytes of its answer. Over real loopback HTTP (node:http, not the
// simulator): a correctly signed body that starts with a BOM, or holds a byte that is not
// UTF-8, verifies over those bytes; the text decoded from them would not.

const APP_ID = 'a0dddd1f622243cb9aa1b676e808b5f8';
const payermaxKey = createPrivateKey({
  key: Buffer.from(keys.payermaxPrivateKey, 'base64'),
  format: 'der',
  type: 'pkcs8',
});
const signBytes = (bytes: Buffer) => sign('sha256', bytes, payermaxKey).toString('base64');

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Answers every cancel with `bytes`, signed as `signature(bytes)`. */
async function answering(bytes: (requestId: string) => Buffer, signature = signBytes) {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      const requestId = JSON.parse(body).data.requestId as string;
      const out = bytes(requestId);
      res.writeHead(200, { 'content-type': 'application/json', sign: signature(out) });
      res.end(out);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return createPayerMax({
    appId: APP_ID,
    privateKey: keys.merchantPrivateKey,
    payermaxPublicKey: keys.payermaxPublicKey,
    baseUrl: `http://127.0.0.1:${port}`,
    retryBaseDelayMs: 1,
  });
}

const envelope = (requestId: string, msg: Buffer = Buffer.from('Success.')) =>
  Buffer.concat([
    Buffer.from('{"code":"APPLY_SUCCESS","msg":"'),
    msg,
    Buffer.from(
      `","data":{"requestId":"${requestId}","outTradeNo":"order-1","cancelNo":"C1","status":"SUCCESS"}}`,
    ),
  ]);
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('PayerMax answers verified over their bytes', () => {
  it('accepts a correctly signed answer that starts with a BOM', async () => {
    const payermax = await answering((id) => Buffer.concat([BOM, envelope(id)]));
    const result = await payermax.cancelPayment({ paymentId: 'order-1', requestId: 'req-bom' });
    expect(result).toMatchObject({ status: 'cancelled', providerReference: 'C1' });
  });

  it('accepts a correctly signed answer with a byte that is not UTF-8', async () => {
    const payermax = await answering((id) => envelope(id, Buffer.from([0x63, 0x61, 0x66, 0xe9])));
    const result = await payermax.cancelPayment({ paymentId: 'order-1', requestId: 'req-latin1' });
    expect(result.status).toBe('cancelled');
  });

  it('refuses the same answer signed over the text decoded from its bytes', async () => {
    const payermax = await answering(
      (id) => envelope(id, Buffer.from([0x63, 0x61, 0x66, 0xe9])),
      (bytes) => signBytes(Buffer.from(new TextDecoder().decode(bytes))),
    );
    await rejection(
      payermax.cancelPayment({ paymentId: 'order-1', requestId: 'req-text' }),
      'signature_invalid',
    );
  });
});
