import type { ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerRoutes } from '../../src/sandbox/routes/partner-routes.ts';
import { first, type SandboxHarness, startSandboxHarness } from '../helpers/sandbox-http.ts';
import { createWireValidator, loadPartnerSpec, operations, responseSchema } from '../helpers/sandbox-openapi.ts';

const spec = loadPartnerSpec();
const validator = createWireValidator(spec);
let h: SandboxHarness;
const ids: Record<string, string> = {};

const compiled = new Map<string, ValidateFunction>();

function expectValid(method: string, path: string, status: number, body: unknown): void {
  const key = `${method} ${path} ${status}`;
  const schema = responseSchema(spec, method, path, String(status));
  expect(schema, `no schema for ${key}`).toBeDefined();
  const validate = compiled.get(key) ?? validator.compile(schema);
  compiled.set(key, validate);
  const valid = validate(body);
  expect(valid, `${method} ${path} ${status}: ${validator.ajv.errorsText(validate.errors)}`).toBe(true);
}

beforeAll(async () => {
  h = await startSandboxHarness({ companies: 30 });
  const company = first((await h.api('GET', '/companies?status=Active&size=1')).body.content);
  ids.companyId = company.id;
  ids.contactId = first((await h.api('GET', `/companies/${company.id}/contacts`)).body.content).id;
  ids.productId = first((await h.api('GET', '/products?search=Microsoft%20365%20E3')).body.content).id;
  ids.orderId = first((await h.api('GET', `/orders?companyId=${company.id}`)).body.content).id;
  ids.subscriptionId = first((await h.api('GET', `/subscriptions?companyId=${company.id}`)).body.content).id;
  ids.invoiceId = first((await h.api('GET', '/invoices?size=1')).body.content).id;
  const azure = first((await h.api('GET', '/products?search=Azure')).body.content);
  const usageSub = first((await h.api('GET', `/subscriptions?productId=${azure.id}&size=1`)).body.content);
  ids.usageSubscriptionId = usageSub.id;
  ids.usageSummaryId = first((await h.api('GET', `/subscriptions/${usageSub.id}/usage-summaries`)).body.content).id;
});
afterAll(() => h.close());

describe('the sandbox serves partner-endpoints.json', () => {
  it('implements exactly the 29 operations of the document', () => {
    const served = partnerRoutes.map((r) => `${r.method} ${r.pattern}`).sort();
    expect(served).toEqual(operations(spec).sort());
    expect(served).toHaveLength(29);
  });

  it('has a validator that does reject a wrong body', () => {
    const validate = validator.compile(responseSchema(spec, 'GET', '/subscriptions/{subscriptionId}', '200'));
    expect(validate({ id: 'a', quantity: 'ten' })).toBe(false);
    expect(validate({ startDate: 'yesterday' })).toBe(false);
    expect(validate({ startDate: '2023-08-11T11:33:12.314-0600', commitment: { term: '1-Year' } })).toBe(true);
  });

  it('answers every GET operation with a body valid against its schema (wire corrections applied)', async () => {
    const today = (await h.admin('GET', '/clock')).body.now.slice(0, 10);
    const gets = operations(spec).filter((op) => op.startsWith('GET ')).map((op) => op.slice(4));
    for (const path of gets) {
      const concrete = path
        .replace('/subscriptions/{subscriptionId}/usage-summaries', `/subscriptions/${ids.usageSubscriptionId ?? ''}/usage-summaries`)
        .replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? name);
      const query = path.endsWith('/usage-lines') ? `?usageDate=${today}` : path === '/invoices/draftItems' ? `?companyId=${ids.companyId ?? ''}` : '';
      const res = await h.api('GET', `${concrete}${query}`);
      expect(res.status, `GET ${concrete}`).toBe(200);
      expectValid('GET', path, 200, res.body);
    }
  });

  it('answers invoice items of every kind, and draft items, valid against InvoiceItem', async () => {
    const kinds = new Set<string>();
    let withoutSubscription = 0;
    for (const invoice of (await h.api('GET', '/invoices?size=1000')).body.content) {
      const res = await h.api('GET', `/invoices/${invoice.id}/items?size=1000`);
      expectValid('GET', '/invoices/{invoiceId}/items', 200, res.body);
      for (const item of res.body.content) {
        kinds.add(`${item.type} ${String(item.term)}`);
        if (item.subscriptionId === null) withoutSubscription += 1;
      }
    }
    expect([...kinds].sort()).toEqual(
      ['one-time One-Time', 'prorate Annual', 'prorate Monthly', 'rebate Rebate', 'service-credit undefined', 'subscription Annual', 'subscription Arrears', 'subscription Monthly'].sort(),
    );
    expect(withoutSubscription).toBeGreaterThan(0);
    for (const offset of [0, 1]) {
      const drafts = await h.api('GET', `/invoices/draftItems?monthOffset=${offset}&size=1000`);
      expect(drafts.body.content.length).toBeGreaterThan(0);
      expectValid('GET', '/invoices/draftItems', 200, drafts.body);
    }
  });

  it('keeps the wire deviations a client must cope with', async () => {
    const list = (await h.api('GET', '/subscriptions?size=200')).body.content;
    expect(list.some((s) => s.commitment !== undefined)).toBe(true);
    expect(list.every((s) => !('commitmentTerm' in s))).toBe(true);
    const dates = list.map((s) => String(s.createdDate));
    expect(dates.some((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
    expect(dates.some((d) => /[+-]\d{4}$/.test(d))).toBe(true);
    expect(dates.some((d) => d.endsWith('Z'))).toBe(true);
    const summaries = (await h.api('GET', `/subscriptions/${ids.usageSubscriptionId ?? ''}/usage-summaries`)).body.content;
    expect(summaries.every((s) => s.companyId === undefined && s.subscriptionId === ids.usageSubscriptionId)).toBe(true);
    expect((await h.api('GET', `/usage-summaries/${ids.usageSummaryId ?? ''}`)).body.companyId).toBeDefined();
    const items = (await h.api('GET', `/invoices/${ids.invoiceId ?? ''}/items`)).body.content;
    expect(items.every((i) => /^[a-zA-Z]+$/.test(String(i.rateType)))).toBe(true);
  });

  it('answers writes with bodies valid against their schemas', async () => {
    const company = await h.api('POST', '/companies', {
      name: 'Schema Check LLC', address: { city: 'Denver', country: 'US' }, phone: '303-555-0100', website: 'schema-check.com',
      billOnBehalfOfEnabled: false, selfServiceAllowed: false, orderApprovalRequired: false,
      contacts: [{ firstName: 'Ada', lastName: 'Byron', email: 'ada@schema-check.com', phone: '303-555-0101', types: [{ type: 'Admin', primary: true }, { type: 'Billing', primary: true }, { type: 'Technical', primary: true }] }],
    });
    expectValid('POST', '/companies', company.status, company.body);
    const patched = await h.api('PATCH', `/companies/${company.body.id}`, { website: 'schema-check.io' });
    expectValid('PATCH', '/companies/{companyId}', patched.status, patched.body);
    const contact = await h.api('POST', `/companies/${company.body.id}/contacts`, { firstName: 'Bo', lastName: 'Li', email: 'bo@schema-check.com', phone: '303-555-0102' });
    expectValid('POST', '/companies/{companyId}/contacts', contact.status, contact.body);
    const updated = await h.api('PUT', `/companies/${company.body.id}/contacts/${contact.body.id}`, { firstName: 'Bo', lastName: 'Lee', email: 'bo@schema-check.com', phone: '303-555-0102' });
    expectValid('PUT', '/companies/{companyId}/contacts/{contactId}', updated.status, updated.body);
    const keeper = first((await h.api('GET', '/products?search=Keeper%20Business')).body.content);
    const orderBody = { companyId: company.body.id, lineItems: [{ lineItemNumber: 1, productId: keeper.id, billingTerm: 'Monthly', quantity: 2, provisioningDetails: [{ key: 'adminEmail', values: ['it@schema-check.com'] }] }] };
    const mock = await h.api('POST', '/orders?isMock=true', orderBody);
    expectValid('POST', '/orders', mock.status, mock.body);
    const order = await h.api('POST', '/orders', orderBody);
    expectValid('POST', '/orders', order.status, order.body);
    const sub = await h.api('PUT', `/subscriptions/${first(order.body.lineItems).subscriptionId}`, { quantity: 3 });
    expectValid('PUT', '/subscriptions/{subscriptionId}', sub.status, sub.body);
    expect(sub.status).toBe(200);
  });

  it('answers refusals in the documented Error shape', async () => {
    const checks: [string, string, string, unknown?][] = [
      ['GET', '/companies/{companyId}', '/companies/00000000-0000-4000-8000-000000000000'],
      ['GET', '/products/{productId}', '/products/00000000-0000-4000-8000-000000000000'],
      ['GET', '/subscriptions/{subscriptionId}', '/subscriptions/00000000-0000-4000-8000-000000000000'],
      ['POST', '/orders', '/orders', { companyId: 'x', lineItems: [] }],
      ['POST', '/companies', '/companies', { name: '' }],
    ];
    for (const [method, path, concrete, body] of checks) {
      const res = await h.api(method, concrete, body);
      expect([404, 422]).toContain(res.status);
      expectValid(method, path, res.status, res.body);
      expect(res.body.instance).toBe(`/public/v1${concrete}`);
    }
  });
});
