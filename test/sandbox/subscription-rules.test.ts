import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first, type SandboxHarness, startSandboxHarness, type Wire } from '../helpers/sandbox-http.ts';

let h: SandboxHarness;
let company: Wire;
let product: Wire;
let deps: Wire[];

const provisioning = [
  { key: 'msCustExists', values: ['Yes, the customer has and can log into their Microsoft account'] },
  { key: 'msTenantId', values: ['6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f'] },
  { key: 'mca2020FirstName', values: ['Emma'] },
  { key: 'mca2020LastName', values: ['Nguyen'] },
  { key: 'mca2020Email', values: ['emma@example.com'] },
  { key: 'mca2020EffectiveDate', values: ['2025-06-01'] },
];

async function buy(term: string, quantity = 10): Promise<string> {
  const commitment = deps.find((d) => d.term === term) ?? first(deps);
  const res = await h.api('POST', '/orders', {
    companyId: company.id,
    lineItems: [{ lineItemNumber: 1, productId: product.id, commitmentTermId: commitment.id, billingTerm: 'Monthly', quantity, provisioningDetails: provisioning }],
  });
  expect(res.status).toBe(200);
  const id = first(res.body.lineItems).subscriptionId;
  await h.advanceClock('PT10M');
  return id;
}

beforeAll(async () => {
  h = await startSandboxHarness({ companies: 10 });
  company = first((await h.api('GET', '/companies?status=Active&size=1')).body.content);
  product = first((await h.api('GET', '/products?search=Exchange%20Online%20(Plan%201)')).body.content);
  deps = (await h.api('GET', `/products/${product.id}/dependencies`)).body.commitmentDependencies;
});
afterAll(() => h.close());

describe('commitment rules', () => {
  it('allows a seat decrease within 7 days of the term start and appends history', async () => {
    const id = await buy('1-Year');
    const res = await h.api('PUT', `/subscriptions/${id}`, { quantity: 8 });
    expect(res.status).toBe(200);
    expect(res.body.quantity).toBe(8);
    const history = await h.api('GET', `/subscriptions/${id}/history`);
    expect(history.body.content.map((e) => e.quantity)).toEqual([8, 10, 10]);
  });

  it('refuses a decrease mid-term with the flat errors shape, but allows an increase', async () => {
    const id = await buy('1-Year');
    await h.advanceClock('P8D');
    const refused = await h.api('PUT', `/subscriptions/${id}`, { quantity: 5 });
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.body)).toEqual(['errors']);
    expect(first(refused.body.errors)).toMatch(/decrease/i);
    expect((await h.api('GET', `/subscriptions/${id}`)).body.quantity).toBe(10);
    const increased = await h.api('PUT', `/subscriptions/${id}`, { quantity: 12 });
    expect(increased.status).toBe(200);
    expect(increased.body.quantity).toBe(12);
  });

  it('refuses cancellation mid-term, allows it within 7 days: PendingCancel then Cancelled', async () => {
    const late = await buy('1-Year');
    await h.advanceClock('P8D');
    const refused = await h.api('DELETE', `/subscriptions/${late}`);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toHaveLength(1);
    const early = await buy('1-Year');
    const cancelled = await h.api('DELETE', `/subscriptions/${early}`);
    expect(cancelled.status).toBe(204);
    expect((await h.api('GET', `/subscriptions/${early}`)).body.status).toBe('PendingCancel');
    await h.advanceClock('P1D');
    expect((await h.api('GET', `/subscriptions/${early}`)).body.status).toBe('Cancelled');
    const history = await h.api('GET', `/subscriptions/${early}/history`);
    expect(history.body.content.slice(0, 2).map((e) => e.status)).toEqual(['Cancelled', 'PendingCancel']);
  });

  it('renews a term when it ends on the sandbox clock, reopening the 7-day window', async () => {
    const id = await buy('Monthly');
    const before = (await h.api('GET', `/subscriptions/${id}`)).body;
    await h.advanceClock('P10D');
    expect((await h.api('PUT', `/subscriptions/${id}`, { quantity: 9 })).status).toBe(422);
    await h.advanceClock('P22D');
    const after = (await h.api('GET', `/subscriptions/${id}`)).body;
    expect(after.startDate).toBe(before.commitment.endDate);
    expect(Date.parse(after.commitment.endDate)).toBeGreaterThan(Date.parse(before.commitment.endDate));
    expect((await h.api('PUT', `/subscriptions/${id}`, { quantity: 9 })).status).toBe(200);
  });

  it('treats PUT as a partial update: price and partnerCost are writable, an empty update is refused', async () => {
    const id = await buy('1-Year');
    const res = await h.api('PUT', `/subscriptions/${id}`, { price: 4.25, partnerCost: 3.1 });
    expect(res.body).toMatchObject({ price: 4.25, partnerCost: 3.1, quantity: 10 });
    expect((await h.api('PUT', `/subscriptions/${id}`, {})).status).toBe(422);
    expect((await h.api('PUT', '/subscriptions/00000000-0000-4000-8000-000000000000', { quantity: 1 })).status).toBe(404);
  });
});
