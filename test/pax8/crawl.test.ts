import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, crawlPageSize, maxPageSize, Pax8HttpError, Pax8IncompleteListError } from '../../src/pax8/index.ts';
import { createFakePax8, createTestClient } from '../helpers/pax8-mock-agent.ts';
import { clearFaults, clientFor, countingLogger, injectFault, startSandbox, type Sandbox } from '../helpers/pax8-sandbox.ts';

/** The number of subscriptions the sandbox reports, read without the client. */
async function totalSubscriptions(sandbox: Sandbox): Promise<number> {
  const answer = await fetch(sandbox.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: sandbox.clientId, client_secret: sandbox.clientSecret, audience: sandbox.audience, grant_type: 'client_credentials' }),
  });
  const { access_token: token } = (await answer.json()) as { access_token: string };
  const page = (await (await fetch(`${sandbox.baseUrl}/subscriptions?size=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as { page: { totalElements: number } };
  return page.page.totalElements;
}

describe('crawling every subscription of an account', () => {
  let sandbox: Sandbox;
  let total: number;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 11, companies: 230, now: '2025-06-15T10:00:00Z' });
    total = await totalSubscriptions(sandbox);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('reads pages of 1000, the fewest calls under the rate limit, and every subscription once', async () => {
    expect(total).toBeGreaterThan(2 * crawlPageSize);
    const counter = countingLogger();
    const subscriptions = await collect(clientFor(sandbox, { log: counter.log }).subscriptions.list());
    expect(subscriptions).toHaveLength(total);
    expect(new Set(subscriptions.map((s) => s.id)).size).toBe(total);
    expect(counter.requests()).toBe(Math.ceil(total / crawlPageSize));

    // The documented maximum would have spent five times the calls for the same list.
    const small = countingLogger();
    const again = await collect(clientFor(sandbox, { log: small.log, crawlPageSize: maxPageSize }).subscriptions.list());
    expect(again.map((s) => s.id)).toEqual(subscriptions.map((s) => s.id));
    expect(small.requests()).toBe(Math.ceil(total / maxPageSize));
    expect(counter.requests()).toBeLessThan(small.requests());
  });

  it('fails closed when a page after the first is refused: no partial list', async () => {
    await injectFault(sandbox, { route: 'GET /subscriptions', status: 400, after: 1, times: 1 });
    try {
      const counter = countingLogger();
      const outcome = await collect(clientFor(sandbox, { log: counter.log }).subscriptions.list()).catch((error: unknown) => error);
      expect(outcome).toBeInstanceOf(Pax8HttpError);
      expect((outcome as Pax8HttpError).status).toBe(400);
      expect(counter.withStatus(400)).toBe(1);
    } finally {
      await clearFaults(sandbox);
    }
  });

  it('retries a page that failed for a moment and still reads the whole list', async () => {
    await injectFault(sandbox, { route: 'GET /subscriptions', status: 503, after: 2, times: 1 });
    try {
      const counter = countingLogger();
      const subscriptions = await collect(clientFor(sandbox, { log: counter.log }).subscriptions.list());
      expect(subscriptions).toHaveLength(total);
      expect(counter.withStatus(503)).toBe(1);
      expect(counter.requests()).toBe(Math.ceil(total / crawlPageSize) + 1);
    } finally {
      await clearFaults(sandbox);
    }
  });

  it('cannot be set to pages larger than the 1000 the live API serves', () => {
    expect(() => clientFor(sandbox, { crawlPageSize: crawlPageSize + 1 })).toThrow(RangeError);
    expect(() => clientFor(sandbox, { crawlPageSize: 0 })).toThrow(RangeError);
  });
});

describe('crawling every item of an invoice', () => {
  const invoiceId = 'a1b2c3d4-0000-4000-8000-000000000001';
  const item = (n: number) => ({ id: `item-${n}`, type: 'subscription', quantity: 1, cost: 1, amountDue: 1 });
  const items = (from: number, count: number) => Array.from({ length: count }, (_, i) => item(from + i));
  /** Page `n` of a list of `total` items in pages of 1000, as the server says it (whatever it holds). */
  const page = (content: unknown[], n: number, total: number) => ({ content, page: { size: 1000, totalElements: total, totalPages: Math.ceil(total / 1000), number: n } });

  it('asks for pages of 1000 and makes one call per 1000 items', async () => {
    const fake = createFakePax8();
    const seen: string[] = [];
    const pages = [items(0, 1000), items(1000, 1000), items(2000, 345)];
    for (const [n, content] of pages.entries()) {
      fake.pool.intercept({ path: `/v1/invoices/${invoiceId}/items?page=${n}&size=1000`, method: 'GET' }).reply((opts) => {
        seen.push(opts.path);
        return { statusCode: 200, data: page(content, n, 2345) };
      });
    }
    const read = await collect(createTestClient(fake.agent).invoices.items(invoiceId));
    expect(read).toHaveLength(2345);
    expect(new Set(read.map((i) => i.id)).size).toBe(2345);
    expect(seen).toHaveLength(3);
  });

  it('fails closed when a server says 1000 per page but sends 200 (a truncated list)', async () => {
    const fake = createFakePax8();
    for (let n = 0; n < 3; n++) {
      fake.pool.intercept({ path: `/v1/invoices/${invoiceId}/items?page=${n}&size=1000`, method: 'GET' }).reply(200, page(items(n * 200, 200), n, 2345));
    }
    const outcome = await collect(createTestClient(fake.agent).invoices.items(invoiceId)).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(Pax8IncompleteListError);
    expect((outcome as Error).message).toContain('page 0 held 200 items where 1000 were due');
  });

  it('fails closed when the list changes size between pages', async () => {
    const fake = createFakePax8();
    fake.pool.intercept({ path: `/v1/invoices/${invoiceId}/items?page=0&size=1000`, method: 'GET' }).reply(200, page(items(0, 1000), 0, 1020));
    fake.pool.intercept({ path: `/v1/invoices/${invoiceId}/items?page=1&size=1000`, method: 'GET' }).reply(200, page(items(1000, 10), 1, 1010));
    const outcome = await collect(createTestClient(fake.agent).invoices.items(invoiceId)).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(Pax8IncompleteListError);
    expect((outcome as Error).message).toContain('changed while it was read');
  });

  it('fails closed when a page comes back empty before the last one', async () => {
    const fake = createFakePax8();
    fake.pool.intercept({ path: `/v1/invoices/${invoiceId}/items?page=0&size=1000`, method: 'GET' }).reply(200, page(items(0, 1000), 0, 2500));
    fake.pool.intercept({ path: `/v1/invoices/${invoiceId}/items?page=1&size=1000`, method: 'GET' }).reply(200, page([], 1, 2500));
    fake.pool.intercept({ path: `/v1/invoices/${invoiceId}/items?page=2&size=1000`, method: 'GET' }).reply(200, page(items(2000, 500), 2, 2500));
    const outcome = await collect(createTestClient(fake.agent, { pageConcurrency: 1 }).invoices.items(invoiceId)).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(Pax8IncompleteListError);
    expect((outcome as Error).message).toContain('page 1 held 0 items where 1000 were due');
  });
});
