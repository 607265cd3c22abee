import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first, type SandboxHarness, startSandboxHarness } from '../helpers/sandbox-http.ts';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandboxHarness({ companies: 40 });
});
afterAll(() => h.close());

describe('token endpoint', () => {
  it('issues a 24 h Bearer token for the configured credentials', async () => {
    const { status, body } = await h.fetchToken();
    expect(status).toBe(200);
    expect(body).toMatchObject({ expires_in: 86400, token_type: 'Bearer' });
    expect(typeof body.access_token).toBe('string');
  });

  it('refuses a wrong secret, a wrong client id and a wrong audience with access_denied', async () => {
    for (const override of [{ client_secret: 'nope' }, { client_id: 'other' }, { audience: 'api://p8p.client' }]) {
      const { status, body } = await h.fetchToken(override);
      expect(status).toBe(401);
      expect(body).toEqual({ error: 'access_denied', error_description: 'Unauthorized' });
    }
  });

  it('accepts a form-encoded request too', async () => {
    const form = new URLSearchParams({ client_id: 'sandbox', client_secret: 'sandbox', audience: h.sandbox.audience, grant_type: 'client_credentials' });
    const response = await fetch(h.sandbox.tokenUrl, { method: 'POST', body: form });
    expect(response.status).toBe(200);
  });

  it('answers 401 without a token, with a made-up token, and once the token expired on the sandbox clock', async () => {
    expect((await fetch(`${h.sandbox.baseUrl}/companies`)).status).toBe(401);
    const bogus = await fetch(`${h.sandbox.baseUrl}/companies`, { headers: { authorization: 'Bearer made-up' } });
    expect(bogus.status).toBe(401);
    expect(await bogus.json()).toMatchObject({ type: 'UNAUTHORIZED', status: 401 });
    const { body } = await h.fetchToken();
    const call = () => fetch(`${h.sandbox.baseUrl}/companies`, { headers: { authorization: `Bearer ${body.access_token}` } });
    expect((await call()).status).toBe(200);
    await h.admin('POST', '/clock', { advance: 'PT25H' });
    expect((await call()).status).toBe(401);
    h.token = (await h.fetchToken()).body.access_token;
  });
});

describe('lists', () => {
  it('uses the Pax8 page envelope, 0-based with a default size of 10', async () => {
    const { status, body } = await h.api('GET', '/companies');
    expect(status).toBe(200);
    expect(body.page).toEqual({ size: 10, totalElements: 40, totalPages: 4, number: 0 });
    expect(body.content).toHaveLength(10);
    const last = await h.api('GET', '/companies?page=3&size=10');
    expect(last.body.page.number).toBe(3);
    const ids = new Set([...body.content, ...last.body.content].map((c) => c.id));
    expect(ids.size).toBe(20);
  });

  it('serves pages of up to 1000, as the live API does, and refuses 1001 with a Pax8-style 400', async () => {
    const { status, body } = await h.api('GET', '/subscriptions?size=1001');
    expect(status).toBe(400);
    expect(body).toMatchObject({ type: 'BAD_REQUEST', status: 400, instance: '/public/v1/subscriptions', message: 'Page size must not be greater than 1000' });
    const big = await h.api('GET', '/subscriptions?size=1000');
    expect(big.status).toBe(200);
    expect(big.body.page).toMatchObject({ size: 1000, number: 0 });
  });

  it('returns non-paged lists as {content}', async () => {
    const product = first((await h.api('GET', '/products?size=1')).body.content);
    const details = await h.api('GET', `/products/${product.id}/provision-details`);
    expect(details.body).not.toHaveProperty('page');
    expect(details.body.content.map((d) => d.key)).toContain('msDomain');
    const pricing = await h.api('GET', `/products/${product.id}/pricing`);
    expect(pricing.body.content.length).toBeGreaterThan(1);
  });

  it('filters companies by status, country and booleans', async () => {
    const inactive = await h.api('GET', '/companies?status=Inactive&size=200');
    expect(inactive.body.content.length).toBeGreaterThan(0);
    expect(inactive.body.content.every((c) => c.status === 'Inactive')).toBe(true);
    const canada = await h.api('GET', '/companies?country=CA&size=200');
    expect(canada.body.content.every((c) => c.address.country === 'CA')).toBe(true);
    const selfService = await h.api('GET', '/companies?selfServiceAllowed=true&size=200');
    expect(selfService.body.content.every((c) => c.selfServiceAllowed)).toBe(true);
    expect((await h.api('GET', '/companies?selfServiceAllowed=maybe')).status).toBe(400);
  });

  it('sorts with sort=field,direction and refuses unknown fields', async () => {
    const { body } = await h.api('GET', '/companies?sort=name,desc&size=200');
    const names = body.content.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a)));
    expect((await h.api('GET', '/companies?sort=shoeSize,asc')).status).toBe(400);
  });

  it('filters products by vendor and search text', async () => {
    const acronis = await h.api('GET', '/products?vendorName=Acronis');
    expect(acronis.body.content.length).toBeGreaterThan(0);
    expect(acronis.body.content.every((p) => p.vendorName === 'Acronis')).toBe(true);
    const premium = await h.api('GET', '/products?search=business%20premium');
    expect(premium.body.content.map((p) => p.name)).toContain('Microsoft 365 Business Premium');
  });

  it('filters subscriptions by status, billing term and company; an unknown company is 403', async () => {
    const company = first((await h.api('GET', '/companies?status=Active&size=1')).body.content);
    const own = await h.api('GET', `/subscriptions?companyId=${company.id}&size=200`);
    expect(own.body.content.every((s) => s.companyId === company.id)).toBe(true);
    const cancelled = await h.api('GET', '/subscriptions?status=Cancelled&size=200');
    expect(cancelled.body.content.length).toBeGreaterThan(0);
    expect(cancelled.body.content.every((s) => s.status === 'Cancelled')).toBe(true);
    const annual = await h.api('GET', '/subscriptions?billingTerm=Annual&size=200');
    expect(annual.body.content.every((s) => s.billingTerm === 'Annual')).toBe(true);
    expect((await h.api('GET', '/subscriptions?companyId=00000000-0000-4000-8000-000000000000')).status).toBe(403);
  });

  it('filters orders by companyId only and silently ignores ?status=', async () => {
    const company = first((await h.api('GET', '/companies?status=Active&size=1')).body.content);
    const plain = await h.api('GET', `/orders?companyId=${company.id}&size=200`);
    const withStatus = await h.api('GET', `/orders?companyId=${company.id}&status=Failed&size=200`);
    expect(plain.body.content.length).toBeGreaterThan(0);
    expect(withStatus.body).toEqual(plain.body);
    expect(first(plain.body.content).orderedBy).not.toBe('Pax8 Partner');
  });

  it('filters invoices by company and date range; items agree with the subscription history', async () => {
    const all = await h.api('GET', '/invoices?size=200');
    const invoice = first(all.body.content);
    const own = await h.api('GET', `/invoices?companyId=${invoice.companyId}&size=200`);
    expect(own.body.content.every((i) => i.companyId === invoice.companyId)).toBe(true);
    const ranged = await h.api('GET', `/invoices?invoiceDateRangeStart=${invoice.invoiceDate}&invoiceDateRangeEnd=${invoice.invoiceDate}&size=200`);
    expect(ranged.body.content.every((i) => i.invoiceDate === invoice.invoiceDate)).toBe(true);
    const items = await h.api('GET', `/invoices/${invoice.id}/items?size=200`);
    const total = items.body.content.reduce((s, i) => s + i.amountDue, 0);
    expect(invoice.total).toBeCloseTo(total, 1);
    expect((await h.api('GET', '/invoices/draftItems?monthOffset=5')).status).toBe(422);
  });
});
