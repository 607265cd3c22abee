import { describe, expect, it } from 'vitest';
import {
  Pax8HttpError,
  Pax8NetworkError,
  Pax8OutcomeUnknownError,
  Pax8RateLimitedError,
  Pax8SchemaError,
  type CreateOrderInput,
} from '../../src/pax8/index.ts';
import { InvalidInputError } from '../../src/errors.ts';
import { createFakePax8, createTestClient, pageOf, record } from '../helpers/pax8-mock-agent.ts';

const companyId = '6f1c1d8e-9a4b-4b7e-8f3a-2a1f5c9d0e11';
const productId = '0b3a9f64-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const order: CreateOrderInput = { companyId, lineItems: [{ productId, quantity: 5, billingTerm: 'Monthly' }] };

describe('reads are retried', () => {
  it('retries a 503 and succeeds', async () => {
    const fake = createFakePax8();
    fake.pool.intercept({ path: '/v1/companies/c-1', method: 'GET' }).reply(503, { type: 'UNAVAILABLE' }).times(2);
    fake.pool.intercept({ path: '/v1/companies/c-1', method: 'GET' }).reply(200, { id: 'c-1', name: 'Contoso' });
    const pax8 = createTestClient(fake.agent);
    await expect(pax8.companies.get('c-1')).resolves.toMatchObject({ name: 'Contoso' });
  });

  it('honours Retry-After on a 429', async () => {
    const fake = createFakePax8();
    fake.pool.intercept({ path: '/v1/companies/c-1', method: 'GET' }).reply(429, '', { headers: { 'retry-after': '0' } });
    fake.pool.intercept({ path: '/v1/companies/c-1', method: 'GET' }).reply(200, { id: 'c-1', name: 'Contoso' });
    const pax8 = createTestClient(fake.agent, { retry: { baseDelayMs: 60_000 } });
    await expect(pax8.companies.get('c-1')).resolves.toMatchObject({ id: 'c-1' });
  });

  it('stops after maxAttempts with the last error', async () => {
    const fake = createFakePax8();
    let seen = 0;
    fake.pool.intercept({ path: '/v1/companies/c-1', method: 'GET' }).reply(() => {
      seen += 1;
      return { statusCode: 502, data: { type: 'BAD_GATEWAY', message: 'upstream' } };
    }).times(5);
    const pax8 = createTestClient(fake.agent, { retry: { maxAttempts: 3, baseDelayMs: 1 } });
    const error = await pax8.companies.get('c-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Pax8HttpError);
    expect((error as Pax8HttpError).status).toBe(502);
    expect(seen).toBe(3);
  });

  it('retries network errors on reads and reports Pax8NetworkError at the end', async () => {
    const fake = createFakePax8();
    fake.pool.intercept({ path: '/v1/companies/c-1', method: 'GET' }).replyWithError(new Error('socket hang up')).times(2);
    const pax8 = createTestClient(fake.agent, { retry: { maxAttempts: 2 } });
    await expect(pax8.companies.get('c-1')).rejects.toBeInstanceOf(Pax8NetworkError);
  });

  it('does not retry a 404 and parses the problem body', async () => {
    const fake = createFakePax8();
    fake.pool.intercept({ path: '/v1/companies/nope', method: 'GET' }).reply(404, {
      type: 'NOT_FOUND',
      message: 'Company Not Found: nope',
      instance: '/public/v1/companies/nope',
      status: 404,
    });
    const pax8 = createTestClient(fake.agent);
    const error = (await pax8.companies.get('nope').catch((e: unknown) => e)) as Pax8HttpError;
    expect(error).toBeInstanceOf(Pax8HttpError);
    expect([error.status, error.type, error.pax8Message]).toEqual([404, 'NOT_FOUND', 'Company Not Found: nope']);
    expect(error.call.route).toBe('/companies/{companyId}');
  });

  it('retries a dry-run order (isMock) like a read', async () => {
    const fake = createFakePax8();
    fake.pool.intercept({ path: '/v1/orders?isMock=true', method: 'POST' }).reply(503, {});
    fake.pool.intercept({ path: '/v1/orders?isMock=true', method: 'POST' }).reply(200, { companyId, lineItems: [] });
    const pax8 = createTestClient(fake.agent);
    await expect(pax8.orders.create(order, { isMock: true })).resolves.toMatchObject({ companyId });
  });
});

describe('writes are sent once', () => {
  function writeFake(reply: { status: number; delayMs?: number }): { fake: ReturnType<typeof createFakePax8>; count: () => number } {
    const fake = createFakePax8();
    let count = 0;
    const scope = fake.pool.intercept({ path: '/v1/orders', method: 'POST' });
    const interceptor = scope.reply((opts) => {
      count += 1;
      record(fake.calls, opts);
      return { statusCode: reply.status, data: { type: 'X', message: 'refused', details: [{ message: 'quantity too low' }] } };
    });
    if (reply.delayMs) interceptor.delay(reply.delayMs);
    interceptor.times(5);
    return { fake, count: () => count };
  }

  it('a 503 on an order is outcome-unknown and not retried', async () => {
    const { fake, count } = writeFake({ status: 503 });
    const error = await createTestClient(fake.agent).orders.create(order).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Pax8OutcomeUnknownError);
    expect((error as Pax8OutcomeUnknownError).code).toBe('pax8_outcome_unknown');
    expect(count()).toBe(1);
  });

  it('a 422 on an order is a definite refusal with details', async () => {
    const { fake, count } = writeFake({ status: 422 });
    const error = (await createTestClient(fake.agent).orders.create(order).catch((e: unknown) => e)) as Pax8HttpError;
    expect(error).toBeInstanceOf(Pax8HttpError);
    expect(error.details).toEqual(['quantity too low']);
    expect(count()).toBe(1);
  });

  it('a 429 on a write is surfaced at once as Pax8RateLimitedError', async () => {
    const { fake, count } = writeFake({ status: 429 });
    await expect(createTestClient(fake.agent).orders.create(order)).rejects.toBeInstanceOf(Pax8RateLimitedError);
    expect(count()).toBe(1);
  });

  it('a write that times out is outcome-unknown after the timeout, sent once', async () => {
    const { fake, count } = writeFake({ status: 200, delayMs: 2_000 });
    const error = await createTestClient(fake.agent, { timeoutMs: 100 }).orders.create(order).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Pax8OutcomeUnknownError);
    expect((error as Error).message).toContain('timed out');
    expect(count()).toBe(1);
  });

  it('a connection broken mid-write is outcome-unknown and not retried', async () => {
    const fake = createFakePax8();
    fake.pool.intercept({ path: '/v1/subscriptions/s-1', method: 'DELETE' }).replyWithError(new Error('other side closed'));
    fake.pool.intercept({ path: '/v1/subscriptions/s-1', method: 'DELETE' }).reply(204, '');
    const pax8 = createTestClient(fake.agent);
    await expect(pax8.subscriptions.cancel('s-1')).rejects.toBeInstanceOf(Pax8OutcomeUnknownError);
    expect(fake.agent.pendingInterceptors().some((i) => i.method === 'DELETE')).toBe(true);
  });

  it('sends the strict order body: orderedBy with a space, commitmentTermId, provisioning details as an array', async () => {
    const { fake } = writeFake({ status: 200 });
    const commitmentTermId = 'c000effb-98c9-4ea0-bf00-f6112c6d7649';
    await createTestClient(fake.agent).orders.create({
      companyId,
      lineItems: [{ productId, quantity: 5, billingTerm: 'Annual', commitmentTermId, provisioningDetails: [{ key: 'msDomain', values: ['contoso'] }] }],
    });
    expect(fake.calls[0]?.body).toEqual({
      companyId,
      orderedBy: 'Pax8 Partner',
      lineItems: [{ lineItemNumber: 1, productId, quantity: 5, billingTerm: 'Annual', commitmentTermId, provisioningDetails: [{ key: 'msDomain', values: ['contoso'] }] }],
    });
  });

  it('sends only {quantity} for a seat change and refuses a bad quantity before sending', async () => {
    const fake = createFakePax8();
    fake.pool.intercept({ path: '/v1/subscriptions/s-1', method: 'PUT' }).reply((opts) => {
      record(fake.calls, opts);
      return { statusCode: 200, data: { id: 's-1', quantity: 12, commitment: { term: 'Annual' } } };
    });
    const pax8 = createTestClient(fake.agent);
    const sub = await pax8.subscriptions.updateQuantity('s-1', 12);
    expect(fake.calls.map((c) => c.body)).toEqual([{ quantity: 12 }]);
    expect(sub.commitment?.term).toBe('Annual');
    await expect(pax8.subscriptions.updateQuantity('s-1', 2.5)).rejects.toBeInstanceOf(InvalidInputError);
    expect(fake.calls).toHaveLength(1);
  });

  it('passes cancelDate as a query and accepts the empty 204', async () => {
    const fake = createFakePax8();
    fake.pool.intercept({ path: '/v1/subscriptions/s-1?cancelDate=2025-03-01', method: 'DELETE' }).reply(204, '');
    await expect(createTestClient(fake.agent).subscriptions.cancel('s-1', { cancelDate: '2025-03-01' })).resolves.toBeUndefined();
  });
});

describe('responses are validated', () => {
  it('names the failing path of a malformed page', async () => {
    const fake = createFakePax8();
    const good = { id: 's-1', quantity: 1 };
    fake.pool
      .intercept({ path: '/v1/subscriptions?page=0&size=1000', method: 'GET' })
      .reply(200, pageOf([good, good, good, { id: 's-4', quantity: 'five' }], 0, 1));
    const pax8 = createTestClient(fake.agent);
    const error = (await (async () => {
      for await (const _ of pax8.subscriptions.list()) {
        /* drain */
      }
    })().catch((e: unknown) => e)) as Pax8SchemaError;
    expect(error).toBeInstanceOf(Pax8SchemaError);
    expect(error.path).toBe('content.3.quantity');
    expect(error.afterWrite).toBe(false);
  });

  it('marks a schema error after an accepted write', async () => {
    const fake = createFakePax8();
    fake.pool.intercept({ path: '/v1/subscriptions/s-1', method: 'PUT' }).reply(200, { quantity: 3 });
    const error = (await createTestClient(fake.agent).subscriptions.updateQuantity('s-1', 3).catch((e: unknown) => e)) as Pax8SchemaError;
    expect(error).toBeInstanceOf(Pax8SchemaError);
    expect([error.path, error.afterWrite]).toEqual(['id', true]);
  });
});
