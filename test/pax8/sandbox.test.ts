import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, Pax8HttpError, Pax8OutcomeUnknownError, type CreateOrderInput, type Pax8Client, type Product } from '../../src/pax8/index.ts';
import { advanceSandboxClock, clearFaults, clientFor, countingLogger, injectFault, sandboxWrites, startSandbox, type Sandbox } from '../helpers/pax8-sandbox.ts';

let sandbox: Sandbox;
let pax8: Pax8Client;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1, companies: 25 });
  pax8 = clientFor(sandbox);
});
afterAll(async () => {
  await sandbox.close();
});

const contact = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.com',
  phone: '555-555-0100',
  types: (['Admin', 'Billing', 'Technical'] as const).map((type) => ({ type, primary: true })),
};

/** An order for `product` that satisfies its provisioning details, term and commitment. */
async function orderFor(companyId: string, product: Product, quantity: number): Promise<CreateOrderInput> {
  const [details, dependencies, pricing] = await Promise.all([
    pax8.products.provisionDetails(product.id),
    pax8.products.dependencies(product.id),
    pax8.products.pricing(product.id, { companyId }),
  ]);
  const billingTerm = (pricing.find((p) => p.billingTerm)?.billingTerm ?? 'Monthly') as 'Monthly';
  const commitmentTermId = product.requiresCommitment ? dependencies.commitmentDependencies[0]?.id : undefined;
  const provisioningDetails = details.map((d) => ({ key: d.key, values: [d.possibleValues?.[0] ?? plausibleValue(d.key)] }));
  return {
    companyId,
    lineItems: [{ productId: product.id, quantity, billingTerm, ...(commitmentTermId ? { commitmentTermId } : {}), ...(provisioningDetails.length ? { provisioningDetails } : {}) }],
  };
}

/** A value of the right kind for an `Input` provisioning detail, judged by its key. */
function plausibleValue(key: string): string {
  const k = key.toLowerCase();
  if (k.includes('tenantid')) return '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
  if (k.includes('date')) return '2024-02-01';
  if (k.includes('email')) return 'it@example.com';
  if (k.includes('domain')) return 'contosotest';
  return 'Test';
}

describe('client against the sandbox: every endpoint', () => {
  it('companies: list with filters, page, get, create Active with contacts, update', async () => {
    const all = await collect(pax8.companies.list());
    expect(all).toHaveLength(25);
    const active = await collect(pax8.companies.list({ status: 'Active' }));
    expect(active.length).toBeGreaterThan(0);
    expect(active.every((c) => c.status === 'Active')).toBe(true);
    const page = await pax8.companies.page({ page: 1, size: 10 });
    expect([page.page.number, page.content.length, page.page.totalElements]).toEqual([1, 10, 25]);
    const first = all[0];
    expect(await pax8.companies.get(first?.id ?? '')).toMatchObject({ id: first?.id, name: first?.name });

    const created = await pax8.companies.create({
      name: 'Fabrikam Test Co',
      address: { street: '1 Main St', city: 'Denver', stateOrProvince: 'CO', postalCode: '80202', country: 'US' },
      phone: '555-555-0199',
      website: 'fabrikam.example',
      billOnBehalfOfEnabled: false,
      selfServiceAllowed: false,
      orderApprovalRequired: false,
      contacts: [contact],
    });
    expect(created.status).toBe('Active');
    const updated = await pax8.companies.update(created.id, { phone: '555-555-0100' });
    expect(updated.phone).toBe('555-555-0100');
    const writes = await sandboxWrites(sandbox);
    expect(writes.find((w) => w.method === 'PATCH')?.body).toEqual({ phone: '555-555-0100' });
  });

  it('contacts: create, list, get', async () => {
    const company = (await collect(pax8.companies.list(), { max: 1 }))[0];
    const companyId = company?.id ?? '';
    const created = await pax8.contacts.create(companyId, { ...contact, email: 'grace@example.com', types: [] });
    const listed = await collect(pax8.contacts.list(companyId));
    expect(listed.map((c) => c.id)).toContain(created.id);
    expect(await pax8.contacts.get(companyId, created.id)).toMatchObject({ email: 'grace@example.com' });
  });

  it('products: list with search and vendorName, get, provision details, dependencies, pricing', async () => {
    const products = await collect(pax8.products.list());
    expect(products.length).toBeGreaterThan(0);
    const microsoft = await collect(pax8.products.list({ vendorName: 'Microsoft' }));
    expect(microsoft.length).toBeGreaterThan(0);
    expect(microsoft.every((p) => p.vendorName === 'Microsoft')).toBe(true);
    const word = (microsoft[0]?.name ?? '').split(' ').at(-1) ?? '';
    const searched = await collect(pax8.products.list({ search: word }));
    expect(searched.some((p) => p.id === microsoft[0]?.id)).toBe(true);
    const product = await pax8.products.get(microsoft[0]?.id ?? '');
    expect(product.name).toBe(microsoft[0]?.name);
    expect(Array.isArray(await pax8.products.provisionDetails(product.id))).toBe(true);
    const nce = microsoft.find((p) => p.requiresCommitment);
    if (nce) expect((await pax8.products.dependencies(nce.id)).commitmentDependencies.length).toBeGreaterThan(0);
    const company = (await collect(pax8.companies.list(), { max: 1 }))[0];
    const pricing = await pax8.products.pricing(product.id, { companyId: company?.id ?? '' });
    expect(pricing.length).toBeGreaterThan(0);
  });

  it('orders: dry run, create, list by company, get', async () => {
    const company = (await collect(pax8.companies.list({ status: 'Active' }), { max: 1 }))[0];
    const products = await collect(pax8.products.list({ vendorName: 'Microsoft' }));
    const product = products.find((p) => !p.requiresCommitment) ?? products[0];
    if (!company || !product) throw new Error('sandbox has no active company or product');
    const order = await orderFor(company.id, product, 3);
    const before = (await sandboxWrites(sandbox)).length;
    const dryRun = await pax8.orders.create(order, { isMock: true });
    expect(dryRun.lineItems.length).toBe(1);
    const placed = await pax8.orders.create(order);
    expect(placed.id).toBeTruthy();
    const writes = (await sandboxWrites(sandbox)).slice(before).filter((w) => w.method === 'POST' && w.path.endsWith('/orders'));
    expect(writes.at(-1)?.body).toMatchObject({ orderedBy: 'Pax8 Partner', companyId: company.id });
    const listed = await collect(pax8.orders.list({ companyId: company.id }));
    expect(listed.map((o) => o.id)).toContain(placed.id);
    const fetched = await pax8.orders.get(placed.id ?? '');
    expect(fetched.orderedBy).toBe('Pax8 Partner');
    expect(fetched.lineItems[0]?.productId).toBe(product.id);
  });

  it('subscriptions: list with filters, get, quantity change with {quantity} only, history, cancel', async () => {
    const subs = await collect(pax8.subscriptions.list({ status: 'Active' }));
    expect(subs.length).toBeGreaterThan(0);
    const sub = subs.find((s) => s.billingTerm === 'Monthly' && !s.commitment) ?? subs[0];
    if (!sub) throw new Error('no subscription');
    const byCompany = await collect(pax8.subscriptions.list({ companyId: sub.companyId ?? '' }));
    expect(byCompany.every((s) => s.companyId === sub.companyId)).toBe(true);
    const byProduct = await collect(pax8.subscriptions.list({ productId: sub.productId ?? '', billingTerm: sub.billingTerm ?? '' }));
    expect(byProduct.map((s) => s.id)).toContain(sub.id);
    expect((await pax8.subscriptions.get(sub.id)).id).toBe(sub.id);
    const updated = await pax8.subscriptions.updateQuantity(sub.id, (sub.quantity ?? 1) + 2);
    expect(updated.quantity).toBe((sub.quantity ?? 1) + 2);
    const put = (await sandboxWrites(sandbox)).filter((w) => w.method === 'PUT').at(-1);
    expect(put?.body).toEqual({ quantity: (sub.quantity ?? 1) + 2 });
    expect(Array.isArray(await pax8.subscriptions.history(sub.id))).toBe(true);
    await pax8.subscriptions.cancel(sub.id);
    expect(['PendingCancel', 'Cancelled']).toContain((await pax8.subscriptions.get(sub.id)).status);
  });

  it('invoices: list with filters, get, items, draft items', async () => {
    const invoices = await collect(pax8.invoices.list());
    expect(invoices.length).toBeGreaterThan(0);
    const invoice = invoices[0];
    if (!invoice) throw new Error('no invoice');
    expect(invoice.status).toBeTruthy();
    const sameStatus = await collect(pax8.invoices.list({ status: invoice.status ?? '' }));
    expect(sameStatus.every((i) => i.status === invoice.status)).toBe(true);
    expect((await pax8.invoices.get(invoice.id)).id).toBe(invoice.id);
    const items = await collect(pax8.invoices.items(invoice.id));
    expect(items.length).toBeGreaterThan(0);
    const draft = await collect(pax8.invoices.draftItems());
    expect(Array.isArray(draft)).toBe(true);
  });

  it('usage: summaries of a subscription, one summary, its lines', async () => {
    let found: { summaryId: string; subscriptionId: string } | undefined;
    for await (const sub of pax8.subscriptions.list()) {
      const summaries = await collect(pax8.usage.summaries(sub.id), { max: 1 });
      if (summaries[0]) {
        found = { summaryId: summaries[0].id, subscriptionId: sub.id };
        break;
      }
    }
    if (!found) throw new Error('sandbox has no usage summaries');
    const summary = await pax8.usage.summary(found.summaryId);
    expect(summary.id).toBe(found.summaryId);
    const lines = await collect(pax8.usage.lines(found.summaryId, { usageDate: new Date().toISOString().slice(0, 10) }));
    expect(Array.isArray(lines)).toBe(true);
  });

  it('a 404 is a typed Pax8HttpError with the parsed type', async () => {
    const error = (await pax8.companies.get('00000000-0000-4000-8000-000000000000').catch((e: unknown) => e)) as Pax8HttpError;
    expect(error).toBeInstanceOf(Pax8HttpError);
    expect(error.status).toBe(404);
    expect(error.pax8Message).toBeTruthy();
  });
});

describe('client against the sandbox: faults', () => {
  it('retries a read through two 503s', async () => {
    await injectFault(sandbox, { route: 'GET /companies', status: 503, times: 2 });
    const counter = countingLogger();
    const client = clientFor(sandbox, { log: counter.log });
    expect(await collect(client.companies.list())).toHaveLength(26);
    expect(counter.withStatus(503)).toBe(2);
    await clearFaults(sandbox);
  });

  it('does not retry an order on 503: one write recorded, outcome unknown', async () => {
    const company = (await collect(pax8.companies.list({ status: 'Active' }), { max: 1 }))[0];
    const product = (await collect(pax8.products.list({ vendorName: 'Microsoft' }))).find((p) => !p.requiresCommitment);
    if (!company || !product) throw new Error('no company or product');
    const order = await orderFor(company.id, product, 1);
    await injectFault(sandbox, { route: 'POST /orders', status: 503 });
    const before = (await sandboxWrites(sandbox)).length;
    await expect(pax8.orders.create(order)).rejects.toBeInstanceOf(Pax8OutcomeUnknownError);
    const after = (await sandboxWrites(sandbox)).slice(before);
    expect(after.filter((w) => w.method === 'POST')).toHaveLength(1);
    await clearFaults(sandbox);
  });

  it('a hanging seat change is outcome-unknown after the timeout, written once', async () => {
    const sub = (await collect(pax8.subscriptions.list({ status: 'Active' }), { max: 1 }))[0];
    if (!sub) throw new Error('no subscription');
    await injectFault(sandbox, { route: 'PUT /subscriptions/{subscriptionId}', hang: true });
    const before = (await sandboxWrites(sandbox)).length;
    const client = clientFor(sandbox, { timeoutMs: 500 });
    await expect(client.subscriptions.updateQuantity(sub.id, (sub.quantity ?? 1) + 1)).rejects.toBeInstanceOf(Pax8OutcomeUnknownError);
    const after = (await sandboxWrites(sandbox)).slice(before);
    expect(after.filter((w) => w.method === 'PUT')).toHaveLength(1);
    await clearFaults(sandbox);
  });

  it('refreshes the token when the sandbox clock passes its expiry', async () => {
    const counter = countingLogger();
    const client = clientFor(sandbox, { log: counter.log });
    await client.companies.get((await collect(pax8.companies.list(), { max: 1 }))[0]?.id ?? '');
    await advanceSandboxClock(sandbox, 'P2D');
    await client.companies.get((await collect(pax8.companies.list(), { max: 1 }))[0]?.id ?? '');
    expect(counter.withStatus(401)).toBe(1);
    expect(counter.tokens()).toBe(2);
  });
});
