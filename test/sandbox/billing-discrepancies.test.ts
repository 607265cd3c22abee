import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first, type SandboxHarness, startSandboxHarness, type Wire } from '../helpers/sandbox-http.ts';

let h: SandboxHarness;

async function items(invoiceId: string): Promise<Wire[]> {
  const { status, body } = await h.api('GET', `/invoices/${invoiceId}/items?size=1000`);
  expect(status).toBe(200);
  return body.content;
}

async function plant(body: unknown, query = ''): Promise<{ status: number; body: Wire }> {
  return h.admin('POST', `/billing/discrepancies${query}`, body);
}

/** Posts a body as it is, JSON or not. */
async function postRaw(text: string): Promise<{ status: number; body: Wire }> {
  const response = await fetch(`${h.sandbox.url}/__sandbox/billing/discrepancies`, { method: 'POST', body: text });
  return { status: response.status, body: (await response.json()) as Wire };
}

/** A Paid invoice with at least `n` monthly lines of subscriptions billed once (no seat change that month), none planted yet. */
async function cleanInvoice(n: number, skip: ReadonlySet<string>): Promise<{ invoice: Wire; lines: Wire[] }> {
  const planted = new Set((await h.admin('GET', '/billing/discrepancies')).body.discrepancies.map((d) => String(d.invoiceId)));
  for (const invoice of (await h.api('GET', '/invoices?status=Paid&size=1000')).body.content) {
    if (planted.has(invoice.id) || skip.has(invoice.id)) continue;
    const all = await items(invoice.id);
    const once = all.filter((i) => i.type === 'subscription' && i.term === 'Monthly' && all.filter((j) => j.subscriptionId === i.subscriptionId).length === 1);
    if (once.length >= n) return { invoice, lines: once };
  }
  throw new Error('no clean invoice in the seeded data');
}

const cents = (items: readonly Wire[]) => items.reduce((sum, i) => sum + Math.round(i.amountDue * 100), 0);

beforeAll(async () => {
  h = await startSandboxHarness({ companies: 30, seed: 8 });
});
afterAll(() => h.close());

describe('the seeded discrepancies', () => {
  it('are listed with what was expected and what is billed, every kind, at most one per invoice', async () => {
    const { status, body } = await h.admin('GET', '/billing/discrepancies');
    expect(status).toBe(200);
    const planted = body.discrepancies;
    expect(planted.map((d) => d.kind)).toEqual(['quantity', 'price', 'dropped', 'added']);
    expect(new Set(planted.map((d) => d.invoiceId)).size).toBe(planted.length);
    for (const d of planted) {
      expect(d).toMatchObject({ source: 'seed', id: expect.stringMatching(/^disc-\d+$/), month: expect.stringMatching(/^\d{4}-\d{2}$/), description: expect.any(String) });
      const invoice = (await h.api('GET', `/invoices/${String(d.invoiceId)}`)).body;
      expect(invoice.companyId).toBe(d.companyId);
      expect(invoice.status).not.toBe('Credited');
      const line = (await items(invoice.id)).find((i) => i.id === d.lineId);
      if (d.kind === 'dropped') expect(line).toBeUndefined();
      else expect(line).toMatchObject({ quantity: d.billedQuantity, cost: d.billedUnitCost, productId: d.productId });
    }
    expect((await h.admin('GET', '/discrepancies')).body).toEqual(body);
  });

  it('are the same for the same seed and start time', async () => {
    const again = await startSandboxHarness({ companies: 30, seed: 8 });
    try {
      const ours = (await h.admin('GET', '/billing/discrepancies')).body.discrepancies.filter((d) => d.source === 'seed');
      expect((await again.admin('GET', '/billing/discrepancies')).body.discrepancies).toEqual(ours);
      expect((await again.api('GET', '/invoices?size=1000')).body).toEqual((await h.api('GET', '/invoices?size=1000')).body);
    } finally {
      await again.close();
    }
  });
});

describe('POST /__sandbox/billing/discrepancies', () => {
  const used = new Set<string>();

  it('changes the quantity of a recurring line (default: two more seats)', async () => {
    const { invoice, lines } = await cleanInvoice(1, used);
    used.add(invoice.id);
    const line = first(lines);
    const planted = await plant({ kind: 'quantity', invoiceId: invoice.id, subscriptionId: line.subscriptionId });
    expect(planted.status).toBe(201);
    expect(planted.body.discrepancy).toMatchObject({ kind: 'quantity', source: 'admin', lineId: line.id, expectedQuantity: line.quantity, billedQuantity: line.quantity + 2 });
    const after = (await items(invoice.id)).find((i) => i.id === line.id);
    expect(after).toMatchObject({ quantity: line.quantity + 2, cost: line.cost, costTotal: Math.round(line.cost * (line.quantity + 2) * 100) / 100 });
    expect((await h.api('GET', `/invoices/${invoice.id}`)).body.total).toBe(cents(await items(invoice.id)) / 100);
  });

  it('changes the unit cost of a line', async () => {
    const { invoice, lines } = await cleanInvoice(1, used);
    used.add(invoice.id);
    const line = first(lines);
    const planted = await plant({ kind: 'price', invoiceId: invoice.id, subscriptionId: line.subscriptionId, unitCost: line.cost + 1 });
    expect(planted.status).toBe(201);
    expect((await items(invoice.id)).find((i) => i.id === line.id)).toMatchObject({ quantity: line.quantity, cost: line.cost + 1 });
  });

  it('drops a line', async () => {
    const { invoice, lines } = await cleanInvoice(1, used);
    used.add(invoice.id);
    const before = await items(invoice.id);
    const line = first(lines);
    expect((await plant({ kind: 'dropped', invoiceId: invoice.id, subscriptionId: line.subscriptionId })).status).toBe(201);
    const after = await items(invoice.id);
    expect(after.map((i) => i.id)).toEqual(before.filter((i) => i.id !== line.id).map((i) => i.id));
    expect((await h.api('GET', `/invoices/${invoice.id}`)).body.total).toBe(cents(after) / 100);
  });

  it('adds a line for a subscription of the company that was not billable that month', async () => {
    const { invoice } = await cleanInvoice(1, used);
    used.add(invoice.id);
    const before = await items(invoice.id);
    const planted = await plant({ kind: 'added', invoiceId: invoice.id, quantity: 7 });
    expect(planted.status).toBe(201);
    const d = planted.body.discrepancy;
    expect(d).toMatchObject({ kind: 'added', expectedQuantity: null, expectedUnitCost: null, billedQuantity: 7 });
    const added = (await items(invoice.id)).filter((i) => !before.some((b) => b.id === i.id));
    expect(added).toHaveLength(1);
    expect(first(added)).toMatchObject({ id: d.lineId, type: 'subscription', term: 'Monthly', quantity: 7, productId: d.productId, subscriptionId: d.subscriptionId, companyId: invoice.companyId });
    expect(before.some((i) => d.subscriptionId !== null && i.subscriptionId === d.subscriptionId)).toBe(false);
  });

  it('lists what it planted after the seeded ones, for the account named', async () => {
    const listed = (await h.admin('GET', '/billing/discrepancies')).body.discrepancies;
    expect(listed.filter((d) => d.source === 'admin').map((d) => d.kind)).toEqual(['quantity', 'price', 'dropped', 'added']);
    expect((await h.admin('GET', '/billing/discrepancies?account=sandbox')).body.discrepancies).toEqual(listed);
  });

  it('refuses what would not plant a real error, saying what to send, and changes nothing', async () => {
    const { invoice, lines } = await cleanInvoice(2, used);
    const line = first(lines);
    const before = await items(invoice.id);
    const count = (await h.admin('GET', '/billing/discrepancies')).body.discrepancies.length;
    const refusals: [unknown, number, string][] = [
      ['not json', 400, 'malformed JSON'],
      [{ kind: 'swap', invoiceId: invoice.id }, 400, 'kind'],
      [{ kind: 'quantity', invoiceId: invoice.id, colour: 'red' }, 400, 'colour'],
      [{ kind: 'quantity', invoiceId: '00000000-0000-4000-8000-000000000000' }, 404, 'no invoice'],
      [{ kind: 'quantity', invoiceId: invoice.id, subscriptionId: line.subscriptionId, quantity: line.quantity }, 422, 'give a different quantity'],
      [{ kind: 'dropped', invoiceId: invoice.id, quantity: 3 }, 400, 'no quantity'],
      [{ kind: 'price', invoiceId: invoice.id, quantity: 3 }, 400, 'unitCost'],
      [{ kind: 'added', invoiceId: invoice.id, subscriptionId: line.subscriptionId }, 422, 'is billed on invoice'],
      [{ kind: 'quantity', invoiceId: invoice.id, subscriptionId: 'nope' }, 422, 'no recurring line of subscription nope'],
    ];
    for (const [body, status, says] of refusals) {
      const answer = await postRaw(typeof body === 'string' ? body : JSON.stringify(body));
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(String(answer.body.error), JSON.stringify(body)).toContain(says);
    }
    expect((await plant({ kind: 'quantity', invoiceId: invoice.id }, '?account=nobody')).status).toBe(404);
    expect(await items(invoice.id)).toEqual(before);
    expect((await h.admin('GET', '/billing/discrepancies')).body.discrepancies).toHaveLength(count);
  });

  it('refuses a Credited invoice, naming its replacement', async () => {
    const credited = (await h.api('GET', '/invoices?status=Credited&size=1000')).body.content;
    expect(credited.length).toBeGreaterThan(0);
    const answer = await plant({ kind: 'dropped', invoiceId: first(credited).id });
    expect(answer.status).toBe(422);
    expect(String(answer.body.error)).toMatch(/was Credited and replaced by [0-9a-f-]{36}/);
  });
});
