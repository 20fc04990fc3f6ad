# {{packageName}}

[paykit](https://github.com/paykit/paykit) connector for {{displayName}}: cancel a payment, read its
status and verify its webhooks, with a stateful simulator of {{displayName}} for your tests.

```sh
npm install {{packageName}} @paykit/core
```

```ts
import { createRegistry, PaykitError } from '@paykit/core';
import { create{{Name}} } from '{{packageName}}';

const paykit = createRegistry([
  create{{Name}}({
    apiKey: process.env.{{NAME}}_API_KEY!,
    signingSecret: process.env.{{NAME}}_SIGNING_SECRET!,
  }),
]);

try {
  const result = await paykit.cancelPayment('{{id}}', { paymentId: 'pay_000001' });
  console.log(result.status, result.amount); // 'cancelled' { amount: 1250, currency: 'EUR' }
} catch (error) {
  if (PaykitError.isInstance(error)) console.error(error.code, error.providerCode, error.message);
}
```

## Settings

| setting                                                | required | what                                                                                                         |
| ------------------------------------------------------ | -------- | ------------------------------------------------------------------------------------------------------------ |
| `apiKey`                                               | yes      | sent as `Authorization: Bearer …`                                                                            |
| `signingSecret`                                        | yes      | signs every request body with HMAC-SHA256                                                                    |
| `environment`                                          | no       | `'sandbox'` (default, `https://sandbox.{{id}}.example`) or `'production'` (`https://api.{{id}}.example`) |
| `webhookToleranceSeconds`                              | no       | how far a webhook's timestamp may be from now (default 300)                                                  |
| `baseUrl`, `fetch`, `timeoutMs`, `maxRetries`, `hooks` | no       | as for every paykit connector                                                                                |

## Flows

- `cancelPayment({ paymentId, requestId?, providerOptions: { '{{id}}': { reason? } } })`:
  `POST /v1/payments/{paymentId}/cancel` with the body `{"request_id": "…"}`, signed: the header
  `x-{{id}}-signature` is the hex HMAC-SHA256 of `` `${timestamp}.${body}` `` and
  `x-{{id}}-timestamp` the Unix seconds. An answer that does not prove how the cancel ended (cut
  short, not JSON, "already cancelled" answering a retry) is confirmed with `getPayment` first.
- `getPayment({ paymentId })`: `GET /v1/payments/{paymentId}`.
- `verifyWebhook({ body, headers })`: the same signature over the raw body; a timestamp more than
  `webhookToleranceSeconds` away is refused as a replay.

## Statuses and errors

| {{displayName}} status             | paykit status |
| --------------------------- | ------------- |
| `PENDING`, `CANCEL_PENDING` | `pending`     |
| `AUTHORIZED`                | `authorized`  |
| `CAPTURED`                  | `succeeded`   |
| `CANCELLED`                 | `cancelled`   |
| `REFUNDED`                  | `refunded`    |
| `FAILED`                    | `failed`      |
| `EXPIRED`                   | `expired`     |
| anything else               | `pending`     |

| {{displayName}} error code                 | `PaykitError.code`      |
| ----------------------------------- | ----------------------- |
| `UNAUTHORIZED`, `INVALID_SIGNATURE` | `authentication_failed` |
| `PAYMENT_NOT_FOUND`                 | `payment_not_found`     |
| `ALREADY_CANCELLED`                 | `already_cancelled`     |
| `NOT_CANCELLABLE`                   | `not_cancellable`       |
| `CANCEL_WINDOW_EXPIRED`             | `cancel_window_expired` |
| `DUPLICATE_REQUEST`                 | `duplicate_request`     |
| `INVALID_REQUEST`, any other        | `provider_error`        |

The provider's code stays in `error.providerCode` and its message in `error.providerMessage`.

## Simulator

```ts
import { create{{Name}} } from '{{packageName}}';
import {
  create{{Name}}Simulator,
  {{NAME}}_TEST_CREDENTIALS,
} from '{{packageName}}/testing';

const sim = create{{Name}}Simulator();
const connector = create{{Name}}({ ...{{NAME}}_TEST_CREDENTIALS, fetch: sim.fetch });
const paymentId = sim.seedPayment({ status: 'AUTHORIZED', amount: '12.50', currency: 'EUR' });
await connector.cancelPayment({ paymentId });
console.log(sim.getPayment(paymentId)?.status); // 'CANCELLED'
```

`sim.listen()` serves it on 127.0.0.1 (pass its `url` as `baseUrl`), `sim.faults.inject(...)`
makes it fail on purpose, `sim.requests` records every request, `sim.webhookFor(paymentId)` signs a
webhook about a payment.

`{{name}}TestKit` (from `/testing`) drives the connector and its simulator for generic tests:
`runConformanceSuite({{name}}TestKit)` from `@paykit/core/testing` runs the suite every paykit
connector passes.
