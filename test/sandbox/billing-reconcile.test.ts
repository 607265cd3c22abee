import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billedLines, entriesOf, expectedLines, reconcile, wireTime, type Entry, type Line } from '../helpers/billing-reference.ts';
import { first, type SandboxHarness, startSandboxHarness, type Wire } from '../helpers/sandbox-http.ts';

interface Known {
  subs: Wire[];
  entries: Map<string, Entry[]>;
  usage: Set<string>;
}

let h: SandboxHarness;

/** Every item of a list, 1000 per page. */
async function all(path: string): Promise<Wire[]> {
  const items: Wire[] = [];
  for (let page = 0; ; page++) {
    const { status, body } = await h.api('GET', `${path}${path.includes('?') ? '&' : '?'}page=${page}&size=1000`);
    expect(status, path).toBe(200);
    items.push(...body.content);
    if (page + 1 >= body.page.totalPages) return items;
  }
}

/** Products billed on usage: their pricing is a mark-up on consumption. */
async function usageProducts(productIds: readonly string[]): Promise<Set<string>> {
  const usage = new Set<string>();
  for (const id of new Set(productIds)) {
    if ((await h.api('GET', `/products/${id}/pricing`)).body.content.some((p) => p.type === 'Mark-Up')) usage.add(id);
  }
  return usage;
}

/** The subscriptions and their histories; the usage-billed ones that have usage summaries. */
async function readSubscriptions(): Promise<Known> {
  const subs = await all('/subscriptions');
  const usageProductIds = await usageProducts(subs.map((s) => s.productId));
  const entries = new Map<string, Entry[]>();
  const usage = new Set<string>();
  for (const sub of subs) {
    entries.set(sub.id, entriesOf((await h.api('GET', `/subscriptions/${sub.id}/history`)).body.content));
    if (usageProductIds.has(sub.productId) && (await h.api('GET', `/subscriptions/${sub.id}/usage-summaries`)).body.content.length > 0) usage.add(sub.id);
  }
  return { subs, entries, usage };
}

function expectedFor(known: Known, companyId: string, month: number): Line[] {
  return known.subs
    .filter((s) => s.companyId === companyId)
    .flatMap((s) => expectedLines({ id: s.id, productId: s.productId, usage: known.usage.has(s.id) }, known.entries.get(s.id) ?? [], month));
}

const monthOf = (invoiceDate: string): number => wireTime(`${invoiceDate.slice(0, 7)}-01`);

/** Reconciles invoices against the history: the findings, as `kind invoiceId ref`. */
async function findingsOf(known: Known, invoices: readonly Wire[]): Promise<string[]> {
  const findings: string[] = [];
  for (const invoice of invoices.filter((i) => i.status !== 'Credited')) {
    const items = await all(`/invoices/${invoice.id}/items`);
    const cents = items.reduce((sum, i) => sum + Math.round(i.amountDue * 100), 0);
    expect(Math.round(invoice.total * 100), `total of ${invoice.id}`).toBe(cents);
    for (const f of reconcile(expectedFor(known, invoice.companyId, monthOf(invoice.invoiceDate)), billedLines(items))) findings.push(`${f.kind} ${invoice.id} ${f.ref}`);
  }
  return findings.sort();
}

const plantedAs = (d: Wire) => `${String(d.kind)} ${String(d.invoiceId)} ${String(d.subscriptionId ?? `product:${d.productId}`)}`;

beforeAll(async () => {
  h = await startSandboxHarness({ companies: 40, seed: 3, rateLimit: 0 });
});
afterAll(() => h.close());

describe('reconciling the seeded invoices against the subscription history', () => {
  let known: Known;
  let invoices: Wire[];
  beforeAll(async () => {
    known = await readSubscriptions();
    invoices = await all('/invoices');
  });

  it('finds exactly the planted discrepancies, every kind, and nothing else', async () => {
    const planted = (await h.admin('GET', '/billing/discrepancies')).body.discrepancies;
    expect(new Set(planted.map((d) => d.kind))).toEqual(new Set(['quantity', 'price', 'dropped', 'added']));
    expect(planted.every((d) => d.source === 'seed')).toBe(true);
    expect(await findingsOf(known, invoices)).toEqual(planted.map(plantedAs).sort());
  });

  it('finds what is planted through the admin API as well, each kind at its default', async () => {
    const taken = new Set((await h.admin('GET', '/billing/discrepancies')).body.discrepancies.map((d) => String(d.invoiceId)));
    const targets = invoices.filter((i) => i.status !== 'Credited' && !taken.has(i.id)).slice(0, 4);
    const planted: Wire[] = [];
    for (const [n, kind] of ['quantity', 'price', 'dropped', 'added'].entries()) {
      const answer = await h.admin('POST', '/billing/discrepancies', { kind, invoiceId: targets[n]?.id });
      expect(answer.status, kind).toBe(201);
      planted.push(answer.body.discrepancy);
    }
    const reread = await Promise.all(targets.map(async (i) => (await h.api('GET', `/invoices/${i.id}`)).body));
    expect(await findingsOf(known, reread)).toEqual(planted.map(plantedAs).sort());
  });

  it('has an invoice for each company and month with something to bill, and none without', () => {
    const months = [...new Set(invoices.map((i) => monthOf(i.invoiceDate)))];
    expect(months).toHaveLength(12);
    for (const company of new Set(known.subs.map((s) => s.companyId))) {
      for (const month of months) {
        const billed = invoices.some((i) => i.companyId === company && monthOf(i.invoiceDate) === month);
        expect(billed, `company ${company}, ${new Date(month).toISOString().slice(0, 7)}`).toBe(expectedFor(known, company, month).length > 0);
      }
    }
  });

  it('replaces each Credited invoice with one of the same company and month, dated later', () => {
    const credited = invoices.filter((i) => i.status === 'Credited');
    for (const original of credited) {
      const replacement = invoices.find((i) => i.id !== original.id && i.companyId === original.companyId && monthOf(i.invoiceDate) === monthOf(original.invoiceDate));
      expect(replacement?.status).toBe('Paid');
      expect(replacement?.invoiceDate.localeCompare(original.invoiceDate)).toBe(1);
    }
  });
});

describe('a month of changes, then the clock passes the 1st', () => {
  it("bills the new month's invoices as the history says, with nothing to find", async () => {
    const company = first((await h.api('GET', '/companies?status=Active&size=1000')).body.content.filter((c) => c.name !== ''));
    const keeper = first((await h.api('GET', '/products?search=Keeper%20Business')).body.content);
    const order = await h.api('POST', '/orders', {
      companyId: company.id,
      lineItems: [
        { lineItemNumber: 1, productId: keeper.id, billingTerm: 'Monthly', quantity: 6, provisioningDetails: [{ key: 'adminEmail', values: ['it@example.com'] }] },
        { lineItemNumber: 2, productId: keeper.id, billingTerm: 'Annual', quantity: 2, provisioningDetails: [{ key: 'adminEmail', values: ['it@example.com'] }] },
      ],
    });
    expect(order.status).toBe(200);
    await h.advanceClock('P3D');
    const monthly = order.body.lineItems[0]?.subscriptionId ?? '';
    expect((await h.api('PUT', `/subscriptions/${monthly}`, { quantity: 9 })).status).toBe(200);
    const seeded = (await h.api('GET', `/subscriptions?status=Active&billingTerm=Monthly&size=1000`)).body.content.filter((s) => !s.commitment && s.companyId !== company.id);
    const toCancel = first(seeded);
    expect((await h.api('DELETE', `/subscriptions/${toCancel.id}`)).status).toBe(204);
    await h.admin('POST', '/clock', { set: '2025-07-01T00:30:00Z' });
    h.token = (await h.fetchToken()).body.access_token;

    const july = await all('/invoices?invoiceDate=2025-07-01');
    expect(july.length).toBeGreaterThan(10);
    expect(july.some((i) => i.companyId === company.id)).toBe(true);
    expect(july.every((i) => i.status === 'Unpaid')).toBe(true);
    const known = await readSubscriptions();
    expect(await findingsOf(known, july)).toEqual([]);
  });
});
