import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first, type SandboxHarness, startSandboxHarness, type Wire } from '../helpers/sandbox-http.ts';

let h: SandboxHarness;
let company: Wire;
let keeper: Wire;

const keeperOrder = () => ({
  companyId: company.id,
  lineItems: [{ lineItemNumber: 1, productId: keeper.id, billingTerm: 'Monthly', quantity: 3, provisioningDetails: [{ key: 'adminEmail', values: ['it@example.com'] }] }],
});

beforeAll(async () => {
  h = await startSandboxHarness({ companies: 10 });
  company = first((await h.api('GET', '/companies?status=Active&size=1')).body.content);
  keeper = first((await h.api('GET', '/products?search=Keeper%20Business')).body.content);
});
afterAll(() => h.close());

describe('fault injection', () => {
  it('answers an injected status for the next N matching requests only', async () => {
    const added = await h.admin('POST', '/faults', { route: 'GET /companies/{companyId}', status: 503, times: 1 });
    expect(added.body.id).toMatch(/^fault-/);
    const faulted = await h.api('GET', `/companies/${company.id}`);
    expect(faulted.status).toBe(503);
    expect(faulted.body).toMatchObject({ type: 'SERVICE_UNAVAILABLE', status: 503 });
    expect((await h.api('GET', `/companies/${company.id}`)).status).toBe(200);
    expect((await h.admin('GET', '/faults')).body.rules).toHaveLength(0);
  });

  it('lets the first matching requests through with after, then applies the rule', async () => {
    await h.admin('POST', '/faults', { route: 'GET /companies/{companyId}', status: 400, after: 2, times: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await h.api('GET', `/companies/${company.id}`)).status);
    expect(statuses).toEqual([200, 200, 400, 200]);
    expect((await h.admin('POST', '/faults', { route: 'GET /companies', status: 400, after: 0 })).status).toBe(400);
  });

  it('refuses a rule for a route that is not an operation', async () => {
    expect((await h.admin('POST', '/faults', { route: 'GET /nothing/{here}', status: 500 })).status).toBe(400);
  });

  it('hangs until the client gives up', async () => {
    await h.admin('POST', '/faults', { route: 'GET /products', hang: true, times: 1 });
    const started = Date.now();
    await expect(h.api('GET', '/products', undefined, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect((await h.api('GET', '/products')).status).toBe(200);
  });

  it('applies the write and loses the answer with hangAfterWrite', async () => {
    await h.admin('DELETE', '/writes');
    await h.admin('POST', '/faults', { route: 'POST /orders', hangAfterWrite: true, times: 1 });
    await expect(h.api('POST', '/orders', keeperOrder(), { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    const writes = (await h.admin('GET', '/writes')).body.writes;
    expect(writes).toHaveLength(1);
    expect(first(writes)).toMatchObject({ method: 'POST', path: '/v1/orders', status: 200, responseLost: true });
    const orders = (await h.api('GET', `/orders?companyId=${company.id}&size=200`)).body.content;
    expect(orders.some((o) => first(o.lineItems).productId === keeper.id && first(o.lineItems).quantity === 3)).toBe(true);
  });

  it('adds per-route latency and honours the global failRate', async () => {
    await h.admin('POST', '/faults', { route: 'GET /invoices', latencyMs: 200, times: 1 });
    const started = Date.now();
    expect((await h.api('GET', '/invoices')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await h.admin('POST', '/faults', { failRate: 1 });
    expect((await h.api('GET', '/invoices')).status).toBe(503);
    await h.admin('DELETE', '/faults');
    expect((await h.api('GET', '/invoices')).status).toBe(200);
  });
});

describe('writes log, clock and stats', () => {
  it('logs every write in order, refused ones with their status', async () => {
    await h.admin('DELETE', '/writes');
    await h.api('POST', '/orders', { companyId: 'nope', lineItems: [] });
    await h.api('PUT', '/subscriptions/unknown', { quantity: 2 });
    await h.api('GET', '/companies');
    const writes = (await h.admin('GET', '/writes')).body.writes;
    expect(writes.map((w) => [w.seq, w.method, w.path, w.status])).toEqual([
      [first(writes).seq, 'POST', '/v1/orders', 422],
      [Number(first(writes).seq) + 1, 'PUT', '/v1/subscriptions/unknown', 404],
    ]);
    expect(writes[1]?.body).toEqual({ quantity: 2 });
  });

  it('reads, advances and sets the clock', async () => {
    const now = (await h.admin('GET', '/clock')).body.now;
    const advanced = (await h.admin('POST', '/clock', { advance: 'P8D' })).body.now;
    expect(Date.parse(advanced) - Date.parse(now)).toBeGreaterThanOrEqual(8 * 86_400_000);
    const set = (await h.admin('POST', '/clock', { set: '2030-01-01T00:00:00Z' })).body.now;
    expect(set.startsWith('2030-01-01T00:00:0')).toBe(true);
    expect((await h.admin('POST', '/clock', { advance: 'soon' })).status).toBe(400);
    h.token = (await h.fetchToken()).body.access_token;
  });

  it('counts requests per route and lists the planted discrepancies', async () => {
    const stats = (await h.admin('GET', '/stats')).body;
    expect(stats.requests).toBeGreaterThan(10);
    expect(stats.byRoute['GET /companies']).toBeGreaterThan(0);
    const discrepancies = (await h.admin('GET', '/discrepancies')).body.discrepancies;
    expect(discrepancies.length).toBeGreaterThanOrEqual(3);
    const d = first(discrepancies);
    const items = (await h.api('GET', `/invoices/${String(d.invoiceId)}/items?size=200`)).body.content;
    const item = items.find((i) => i.subscriptionId === d.subscriptionId);
    expect(item?.quantity).toBe(d.billedQuantity);
    const history = (await h.api('GET', `/subscriptions/${d.subscriptionId}/history`)).body.content;
    expect(history.length).toBeGreaterThan(0);
  });
});

describe('the admin API beside the partner API', () => {
  it('is not counted in the request stats, so polling it leaves them as they are', async () => {
    const before = (await h.admin('GET', '/stats')).body;
    for (let i = 0; i < 5; i++) await h.admin('GET', '/clock');
    await h.admin('GET', '/writes');
    expect((await h.admin('GET', '/stats')).body.requests).toBe(before.requests);
    await h.api('GET', '/products?size=1');
    expect((await h.admin('GET', '/stats')).body.requests).toBe(before.requests + 1);
  });

  it('looks up companies, products and subscriptions by id, and leaves unknown ids out', async () => {
    const subscription = first((await h.api('GET', `/subscriptions?companyId=${company.id}&size=1`)).body.content);
    const product = (await h.api('GET', `/products/${subscription.productId}`)).body;
    const ids = [company.id, keeper.id, subscription.id, 'no-such-id'];
    const { records } = (await h.admin('GET', `/lookup?id=${ids.slice(0, 2).join(',')}&id=${ids.slice(2).join('&id=')}`)).body as unknown as { records: Wire[] };
    expect(records).toEqual([
      { id: company.id, kind: 'company', name: company.name },
      { id: keeper.id, kind: 'product', name: keeper.name, vendorName: keeper.vendorName },
      {
        id: subscription.id,
        kind: 'subscription',
        companyId: company.id,
        companyName: company.name,
        productId: subscription.productId,
        productName: product.name,
        quantity: subscription.quantity,
        status: subscription.status,
      },
    ]);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once the per-minute budget is spent', async () => {
    const limited = await startSandboxHarness({ companies: 2, rateLimit: 5 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await limited.api('GET', '/products')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
      const refused = await limited.api('GET', '/products');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({ status: 429 });
      expect((await limited.admin('GET', '/stats')).body.http429).toBe(3);
    } finally {
      await limited.close();
    }
  });
});
