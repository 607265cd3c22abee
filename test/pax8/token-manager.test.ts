import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { Pax8AuthError, Pax8NetworkError } from '../../src/pax8/index.ts';
import { createManualClock } from '../../src/util/clock.ts';
import { createFakePax8, createTestClient, origin, record } from '../helpers/pax8-mock-agent.ts';

const company = { id: 'c-1', name: 'Contoso' };

describe('token management', () => {
  it('fetches one token and reuses it across calls', async () => {
    const fake = createFakePax8();
    fake.pool.intercept({ path: '/v1/companies/c-1', method: 'GET' }).reply((opts) => {
      record(fake.calls, opts);
      return { statusCode: 200, data: company };
    }).times(3);
    const pax8 = createTestClient(fake.agent);
    for (let i = 0; i < 3; i += 1) await pax8.companies.get('c-1');
    expect(fake.tokenRequests()).toBe(1);
    expect(fake.calls.map((c) => c.authorization)).toEqual(['Bearer token-1', 'Bearer token-1', 'Bearer token-1']);
  });

  it('shares one token fetch among concurrent first callers', async () => {
    const fake = createFakePax8();
    fake.pool.intercept({ path: '/v1/companies/c-1', method: 'GET' }).reply(200, company).times(20);
    const pax8 = createTestClient(fake.agent);
    await Promise.all(Array.from({ length: 20 }, () => pax8.companies.get('c-1')));
    expect(fake.tokenRequests()).toBe(1);
  });

  it('sends the documented client-credentials body to the configured token URL and audience', async () => {
    const fake = createFakePax8();
    const seen: unknown[] = [];
    const agentPool = fake.agent.get('https://login.example');
    agentPool.intercept({ path: '/oauth/token', method: 'POST' }).reply((opts) => {
      seen.push(JSON.parse(opts.body as string));
      return { statusCode: 200, data: { access_token: 'legacy', expires_in: 86400 } };
    });
    fake.pool.intercept({ path: '/v1/companies/c-1', method: 'GET' }).reply(200, company);
    const pax8 = createTestClient(fake.agent, { tokenUrl: 'https://login.example/oauth/token', audience: 'api://p8p.client' });
    await pax8.companies.get('c-1');
    expect(seen).toEqual([{ client_id: 'client-id-1', client_secret: 'cs-very-secret-value-123', audience: 'api://p8p.client', grant_type: 'client_credentials' }]);
  });

  it('refreshes before expiry: kept at 22 h, replaced after 23 h of a 24 h token', async () => {
    const fake = createFakePax8();
    fake.pool.intercept({ path: '/v1/companies/c-1', method: 'GET' }).reply((opts) => {
      record(fake.calls, opts);
      return { statusCode: 200, data: company };
    }).times(3);
    const clock = createManualClock('2025-01-01T00:00:00Z');
    const pax8 = createTestClient(fake.agent, { clock });
    await pax8.companies.get('c-1');
    clock.advance(22 * 3_600_000);
    await pax8.companies.get('c-1');
    expect(fake.tokenRequests()).toBe(1);
    clock.advance(3_600_000 + 1);
    await pax8.companies.get('c-1');
    expect(fake.tokenRequests()).toBe(2);
    expect(fake.calls.at(-1)?.authorization).toBe('Bearer token-2');
  });

  it('on a 401 fetches one new token and retries once, also for a write', async () => {
    const fake = createFakePax8();
    fake.pool.intercept({ path: '/v1/subscriptions/s-1', method: 'PUT' }).reply((opts) => {
      record(fake.calls, opts);
      return { statusCode: 401, data: { type: 'UNAUTHORIZED', message: 'expired' } };
    });
    fake.pool.intercept({ path: '/v1/subscriptions/s-1', method: 'PUT' }).reply((opts) => {
      record(fake.calls, opts);
      return { statusCode: 200, data: { id: 's-1', quantity: 7 } };
    });
    const pax8 = createTestClient(fake.agent);
    const sub = await pax8.subscriptions.updateQuantity('s-1', 7);
    expect(sub.quantity).toBe(7);
    expect(fake.tokenRequests()).toBe(2);
    expect(fake.calls.map((c) => c.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('gives up with Pax8AuthError when the fresh token is refused too', async () => {
    const fake = createFakePax8();
    fake.pool.intercept({ path: '/v1/companies/c-1', method: 'GET' }).reply(401, {}).times(2);
    const pax8 = createTestClient(fake.agent);
    await expect(pax8.companies.get('c-1')).rejects.toBeInstanceOf(Pax8AuthError);
    expect(fake.tokenRequests()).toBe(2);
  });

  it('concurrent 401s with the same token cause a single refresh', async () => {
    const fake = createFakePax8();
    let refused = 0;
    fake.pool.intercept({ path: '/v1/companies/c-1', method: 'GET' }).reply((opts) => {
      const auth = (opts.headers as Record<string, string>).authorization;
      if (auth === 'Bearer token-1') {
        refused += 1;
        return { statusCode: 401, data: {} };
      }
      return { statusCode: 200, data: company };
    }).times(10);
    const pax8 = createTestClient(fake.agent);
    await expect(pax8.companies.get('c-1')).resolves.toMatchObject(company);
    expect(refused).toBe(1);
    expect(fake.tokenRequests()).toBe(2);
    await Promise.all(Array.from({ length: 5 }, () => pax8.companies.get('c-1')));
    expect(fake.tokenRequests()).toBe(2);
  });

  it('a refused credential surfaces the token error shape as Pax8AuthError', async () => {
    const fake = createFakePax8();
    const pool = fake.agent.get('https://bad.example');
    pool.intercept({ path: '/token', method: 'POST' }).reply(401, { error: 'access_denied', error_description: 'Unauthorized' });
    const pax8 = createTestClient(fake.agent, { tokenUrl: 'https://bad.example/token' });
    const error = await pax8.companies.get('c-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Pax8AuthError);
    expect((error as Pax8AuthError).type).toBe('access_denied');
    expect((error as Error).message).toContain('Unauthorized');
  });

  it('asks again for a token when the connection drops (a stale keep-alive socket), then sends the write once', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(origin);
    const reset = Object.assign(new Error('other side closed'), { code: 'ECONNRESET' });
    pool.intercept({ path: '/v1/token', method: 'POST' }).replyWithError(reset);
    pool.intercept({ path: '/v1/token', method: 'POST' }).reply(200, { access_token: 'after-reset', expires_in: 86_400 });
    let writes = 0;
    pool.intercept({ path: '/v1/subscriptions/s-1', method: 'PUT' }).reply(() => {
      writes += 1;
      return { statusCode: 200, data: { id: 's-1', quantity: 4 } };
    });
    await createTestClient(agent).subscriptions.updateQuantity('s-1', 4);
    expect(writes).toBe(1);
  });

  it('reports a token endpoint that stays unreachable as a network error, having sent nothing else', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(origin);
    pool.intercept({ path: '/v1/token', method: 'POST' }).replyWithError(new Error('connection refused')).times(3);
    await expect(createTestClient(agent).subscriptions.updateQuantity('s-1', 4)).rejects.toBeInstanceOf(Pax8NetworkError);
    expect(agent.pendingInterceptors()).toEqual([]);
  });
});
