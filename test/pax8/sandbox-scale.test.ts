import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, unlimitedRateBudget } from '../../src/pax8/index.ts';
import { clientFor, countingLogger, startSandbox, type Sandbox } from '../helpers/pax8-sandbox.ts';

describe('pagination over thousands of items', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 7, companies: 300 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('reads 300 companies (200 per page) and every subscription (1000 per page), each once', async () => {
    const counter = countingLogger();
    const pax8 = clientFor(sandbox, { log: counter.log });
    const companies = await collect(pax8.companies.list());
    expect(companies).toHaveLength(300);
    expect(new Set(companies.map((c) => c.id)).size).toBe(300);
    const firstPage = await pax8.companies.page({ page: 0, size: 1 });
    expect(firstPage.page.totalElements).toBe(300);

    const subscriptions = await collect(pax8.subscriptions.list());
    const expected = await fetchTotal(sandbox, '/subscriptions');
    expect(expected).toBeGreaterThan(1_000);
    expect(subscriptions).toHaveLength(expected);
    expect(new Set(subscriptions.map((s) => s.id)).size).toBe(expected);
    expect(counter.requests()).toBe(2 + 1 + Math.ceil(expected / 1000));
  });
});

describe('429 from the server', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 3, companies: 5, rateLimit: 5 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('reads are retried after a 429 and succeed when the client-side limiter is off', async () => {
    const counter = countingLogger();
    const pax8 = clientFor(sandbox, { log: counter.log, rateBudget: unlimitedRateBudget, retry: { maxAttempts: 10, maxRetryAfterMs: 70_000 } });
    const results = await Promise.all(Array.from({ length: 7 }, () => collect(pax8.companies.list())));
    expect(results.every((companies) => companies.length === 5)).toBe(true);
    expect(counter.withStatus(429)).toBeGreaterThan(0);
  }, 150_000);
});

/** The total a list route reports, read without the client (so the client's paging is checked independently). */
async function fetchTotal(sandbox: Sandbox, route: string): Promise<number> {
  const token = (await (
    await fetch(sandbox.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: sandbox.clientId, client_secret: sandbox.clientSecret, audience: sandbox.audience, grant_type: 'client_credentials' }),
    })
  ).json()) as { access_token: string };
  const page = (await (await fetch(`${sandbox.baseUrl}${route}?page=0&size=1`, { headers: { authorization: `Bearer ${token.access_token}` } })).json()) as {
    page: { totalElements: number };
  };
  return page.page.totalElements;
}
