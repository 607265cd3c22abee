import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first, type SandboxHarness, startSandboxHarness, type Wire } from '../helpers/sandbox-http.ts';

let h: SandboxHarness;
let company: Wire;
let inactive: Wire;
let premium: Wire;
let annual: Wire;
let monthly: Wire;

const provisioning = [
  { key: 'msCustExists', values: ['No, the customer does not have a Microsoft account'] },
  { key: 'msDomain', values: ['contoso-dental'] },
  { key: 'mca2020FirstName', values: ['Oliver'] },
  { key: 'mca2020LastName', values: ['Harrison'] },
  { key: 'mca2020Email', values: ['oharrison@contoso.com'] },
  { key: 'mca2020EffectiveDate', values: ['2025-06-01'] },
];

function order(overrides: Record<string, unknown> = {}, line: Record<string, unknown> = {}) {
  return {
    companyId: company.id,
    orderedBy: 'Pax8 Partner',
    lineItems: [{ lineItemNumber: 1, productId: premium.id, commitmentTermId: annual.id, billingTerm: 'Monthly', quantity: 10, provisioningDetails: provisioning, ...line }],
    ...overrides,
  };
}

beforeAll(async () => {
  h = await startSandboxHarness({ companies: 30 });
  company = first((await h.api('GET', '/companies?status=Active&size=1')).body.content);
  inactive = first((await h.api('GET', '/companies?status=Inactive&size=1')).body.content);
  premium = first((await h.api('GET', '/products?search=Microsoft%20365%20Business%20Premium')).body.content);
  const deps = (await h.api('GET', `/products/${premium.id}/dependencies`)).body.commitmentDependencies;
  annual = deps.find((d) => d.term === '1-Year') ?? first(deps);
  monthly = deps.find((d) => d.term === 'Monthly') ?? first(deps);
});
afterAll(() => h.close());

describe('POST /orders', () => {
  it('serves NCE commitment options with the change flags', () => {
    expect(annual).toMatchObject({ term: '1-Year', allowForQuantityIncrease: true, allowForQuantityDecrease: false, allowForEarlyCancellation: false, cancellationFeeApplied: true });
    expect(monthly).toMatchObject({ term: 'Monthly', renewalWindowDaysAfterTermEnd: 7 });
  });

  it('isMock=true validates and answers the would-be order but stores nothing', async () => {
    const before = (await h.api('GET', `/subscriptions?companyId=${company.id}&size=200`)).body.page.totalElements;
    const ordersBefore = (await h.api('GET', `/orders?companyId=${company.id}`)).body.page.totalElements;
    const mock = await h.api('POST', '/orders?isMock=true', order());
    expect(mock.status).toBe(200);
    const line = first(mock.body.lineItems);
    expect(line.subscriptionId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await h.api('GET', `/subscriptions/${line.subscriptionId}`)).status).toBe(404);
    expect((await h.api('GET', `/subscriptions?companyId=${company.id}&size=200`)).body.page.totalElements).toBe(before);
    expect((await h.api('GET', `/orders?companyId=${company.id}`)).body.page.totalElements).toBe(ordersBefore);
    const writes = (await h.admin('GET', '/writes')).body.writes;
    expect(writes.at(-1)).toMatchObject({ method: 'POST', path: '/v1/orders', isMock: true, status: 200 });
  });

  it('creates the order and its subscription, which finishes provisioning on the clock', async () => {
    const created = await h.api('POST', '/orders', order());
    expect(created.status).toBe(200);
    const subId = first(created.body.lineItems).subscriptionId;
    const sub = await h.api('GET', `/subscriptions/${subId}`);
    expect(sub.body).toMatchObject({ companyId: company.id, productId: premium.id, quantity: 10, status: 'PendingAutomated', commitment: { id: annual.id, term: '1-Year' } });
    const fetched = await h.api('GET', `/orders/${created.body.id}`);
    expect(fetched.body.orderedBy).toBe('Pax8Partner');
    await h.admin('POST', '/clock', { advance: 'PT10M' });
    expect((await h.api('GET', `/subscriptions/${subId}`)).body.status).toBe('Active');
  });

  it('refuses an order for an Inactive company with 422', async () => {
    const res = await h.api('POST', '/orders', order({ companyId: inactive.id }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: 'UNPROCESSABLE_ENTITY', status: 422 });
  });

  it('answers 404 for an unknown company or product', async () => {
    expect((await h.api('POST', '/orders', order({ companyId: '00000000-0000-4000-8000-000000000000' }))).status).toBe(404);
    expect((await h.api('POST', '/orders', order({}, { productId: '00000000-0000-4000-8000-000000000001' }))).status).toBe(404);
  });

  it('refuses missing or invalid provisioning details, naming the key', async () => {
    const missing = await h.api('POST', '/orders', order({}, { provisioningDetails: provisioning.filter((p) => p.key !== 'msDomain') }));
    expect(missing.status).toBe(422);
    expect(missing.body.details.map((d) => d.message).join(' ')).toContain('msDomain');
    const invalid = await h.api('POST', '/orders', order({}, { provisioningDetails: provisioning.map((p) => (p.key === 'msCustExists' ? { ...p, values: ['Maybe'] } : p)) }));
    expect(invalid.status).toBe(422);
    expect(invalid.body.details.map((d) => d.message).join(' ')).toContain('msCustExists');
  });

  it('refuses a wrong or missing commitmentTermId and a billing term the commitment does not allow', async () => {
    const wrong = await h.api('POST', '/orders', order({}, { commitmentTermId: '00000000-0000-4000-8000-000000000002' }));
    expect(wrong.status).toBe(422);
    expect(wrong.body.details.map((d) => d.message).join(' ')).toContain('commitmentTermId');
    const missing = await h.api('POST', '/orders', order({}, { commitmentTermId: undefined }));
    expect(missing.status).toBe(422);
    const term = await h.api('POST', '/orders', order({}, { commitmentTermId: monthly.id, billingTerm: 'Annual' }));
    expect(term.status).toBe(422);
  });

  it('answers a malformed body with 400 and a shapeless one with 422, never crashing', async () => {
    const malformed = await h.api('POST', '/orders', '{"companyId": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ type: 'BAD_REQUEST', status: 400 });
    expect((await h.api('POST', '/orders', { lineItems: 'many' })).status).toBe(422);
    expect((await h.api('POST', '/orders', [1, 2, 3])).status).toBe(422);
    expect((await h.api('GET', '/companies')).status).toBe(200);
  });
});

describe('companies and contacts', () => {
  const base = { name: 'Contoso Dental PC', address: { street: '1 Main St', city: 'Denver', stateOrProvince: 'CO', postalCode: '80202', country: 'US' }, phone: '303-555-0100', website: 'contoso-dental.com', billOnBehalfOfEnabled: false, selfServiceAllowed: false, orderApprovalRequired: false };
  const contact = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@contoso-dental.com', phone: '303-555-0101' };

  it('creates a company Active with all three contact types, Inactive without; contacts can make it Active', async () => {
    const active = await h.api('POST', '/companies', { ...base, contacts: [{ ...contact, types: ['Admin', 'Billing', 'Technical'].map((type) => ({ type, primary: true })) }] });
    expect(active.status).toBe(200);
    expect(active.body.status).toBe('Active');
    const bare = await h.api('POST', '/companies', { ...base, name: 'Fabrikam Law LLC' });
    expect(bare.body.status).toBe('Inactive');
    const added = await h.api('POST', `/companies/${bare.body.id}/contacts`, { ...contact, types: [{ type: 'Admin', primary: true }, { type: 'Billing', primary: true }, { type: 'Technical', primary: true }] });
    expect(added.status).toBe(200);
    expect((await h.api('GET', `/companies/${bare.body.id}`)).body.status).toBe('Active');
    const removed = await h.api('DELETE', `/companies/${bare.body.id}/contacts/${added.body.id}`);
    expect(removed.status).toBe(422);
  });

  it('patches a company partially and refuses a body without the required fields', async () => {
    const res = await h.api('PATCH', `/companies/${company.id}`, { phone: '720-555-0199' });
    expect(res.body).toMatchObject({ id: company.id, name: company.name, phone: '720-555-0199' });
    const invalid = await h.api('POST', '/companies', { name: 'No Address Inc.' });
    expect(invalid.status).toBe(422);
    expect(invalid.body.details.map((d) => d.message).join(' ')).toContain('address');
  });
});
