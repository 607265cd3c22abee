import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { collect } from '../../src/pax8/index.ts';
import { clientSecretValue, createFakePax8, createTestClient } from '../helpers/pax8-mock-agent.ts';

const accessToken = 'eyJhbGciOiJSUzI1NiJ9.ACCESS-TOKEN-BODY.signature-part';

/** A debug logger whose whole output lands in a string. */
function captureLogs(): { log: ReturnType<typeof createLogger>; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { log: createLogger({ level: 'debug', destination: stream }), text: () => chunks.join('') };
}

describe('credentials never reach logs or errors', () => {
  it('holds across auth failures, echoed secrets, 5xx, timeouts and schema errors', async () => {
    const fake = createFakePax8();
    const authPool = fake.agent.get('https://auth.example');
    authPool.intercept({ path: '/token', method: 'POST' }).reply(401, { error: 'invalid_client', error_description: `bad secret ${clientSecretValue}` });
    authPool.intercept({ path: '/token', method: 'POST' }).reply(200, { access_token: accessToken, expires_in: 86400 }).persist();
    const pool = fake.pool;
    pool.intercept({ path: '/v1/companies/c-1', method: 'GET' }).reply(401, { message: `token ${accessToken} expired` });
    pool.intercept({ path: '/v1/companies/c-1', method: 'GET' }).reply(400, { type: 'BAD', message: `rejected Bearer ${accessToken}`, details: [accessToken] });
    pool.intercept({ path: '/v1/orders', method: 'POST' }).reply(503, { message: `echo ${accessToken}` });
    pool.intercept({ path: '/v1/subscriptions/s-1', method: 'PUT' }).reply(200, { id: 's-1' }).delay(500);
    pool.intercept({ path: '/v1/products?page=0&size=200', method: 'GET' }).reply(200, { content: [{ id: 1 }], page: {} });

    const logs = captureLogs();
    const pax8 = createTestClient(fake.agent, { log: logs.log, tokenUrl: 'https://auth.example/token', timeoutMs: 100, retry: { maxAttempts: 1 } });
    const errors: unknown[] = [];
    const order = { companyId: '6f1c1d8e-9a4b-4b7e-8f3a-2a1f5c9d0e11', lineItems: [{ productId: '0b3a9f64-1c2d-4e5f-8a9b-0c1d2e3f4a5b', quantity: 1, billingTerm: 'Monthly' as const }] };
    for (const attempt of [
      () => pax8.companies.get('c-1'),
      () => pax8.companies.get('c-1'),
      () => pax8.orders.create(order),
      () => pax8.subscriptions.updateQuantity('s-1', 3),
      () => collect(pax8.products.list()),
    ]) {
      errors.push(await attempt().then(() => 'no error', (error: unknown) => error));
    }
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual(['pax8_auth', 'pax8_http', 'pax8_outcome_unknown', 'pax8_outcome_unknown', 'pax8_schema']);
    const everything = [
      logs.text(),
      ...errors.map((e) => inspect(e, { depth: Number.POSITIVE_INFINITY })),
      ...errors.map((e) => JSON.stringify(e)),
      ...errors.map((e) => String(e)),
    ].join('\n');
    expect(logs.text()).toContain('"route":"/companies/{companyId}"');
    expect(everything).not.toContain(clientSecretValue);
    expect(everything).not.toContain(accessToken);
    expect(everything).not.toContain('ACCESS-TOKEN-BODY');
  });
});
