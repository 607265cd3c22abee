import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first, type SandboxHarness, startSandboxHarness, type Wire } from '../helpers/sandbox-http.ts';

let h: SandboxHarness;
const contact = { firstName: 'Bea', lastName: 'Biller', email: 'bea@billing-test.example', phone: '303-555-0190', types: ['Admin', 'Billing', 'Technical'].map((type) => ({ type, primary: true })) };
const adminEmail = [{ key: 'adminEmail', values: ['it@billing-test.example'] }];

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

async function productNamed(search: string): Promise<Wire> {
  return first((await h.api('GET', `/products?search=${encodeURIComponent(search)}`)).body.content);
}

async function setClock(iso: string): Promise<void> {
  expect((await h.admin('POST', '/clock', { set: iso })).status).toBe(200);
  h.token = (await h.fetchToken()).body.access_token;
}

/** The one item of `items` for a subscription with this type and start day. */
function itemOf(items: readonly Wire[], subscriptionId: string, type: string, startPeriod: string): Wire {
  const found = items.filter((i) => i.subscriptionId === subscriptionId && i.type === type && i.startPeriod === startPeriod);
  expect(found, `${type} line of ${subscriptionId} from ${startPeriod}`).toHaveLength(1);
  return first(found);
}

beforeAll(async () => {
  h = await startSandboxHarness({ companies: 30, seed: 4 });
});
afterAll(() => h.close());

describe('a month of billing for a new company, invoiced when the clock passes the 1st', () => {
  const subs: Record<string, string> = {};
  let companyId = '';
  let july: Wire[] = [];

  it('orders on 15 June, changes seats on 20 June and cancels on 25 June', async () => {
    const company = await h.api('POST', '/companies', {
      name: 'Billing Test LLC', address: { city: 'Denver', country: 'US' }, phone: '303-555-0199', website: 'billing-test.example',
      billOnBehalfOfEnabled: false, selfServiceAllowed: false, orderApprovalRequired: false, contacts: [contact],
    });
    expect(company.status).toBe(200);
    companyId = company.body.id;
    const business = await productNamed('Keeper Business');
    const enterprise = await productNamed('Keeper Enterprise');
    const migration = await productNamed('MigrationWiz');
    const order = await h.api('POST', '/orders', {
      companyId,
      lineItems: [
        { lineItemNumber: 1, productId: business.id, billingTerm: 'Monthly', quantity: 10, provisioningDetails: adminEmail },
        { lineItemNumber: 2, productId: enterprise.id, billingTerm: 'Monthly', quantity: 4, provisioningDetails: adminEmail },
        { lineItemNumber: 3, productId: business.id, billingTerm: 'Annual', quantity: 3, provisioningDetails: adminEmail },
        { lineItemNumber: 4, productId: migration.id, billingTerm: 'One-Time', quantity: 12, provisioningDetails: adminEmail },
      ],
    });
    expect(order.status).toBe(200);
    const [business10, enterprise4, annual3, oneTime] = order.body.lineItems.map((l) => l.subscriptionId);
    Object.assign(subs, { business10, enterprise4, annual3, oneTime });
    expect((await h.api('GET', `/invoices?companyId=${companyId}`)).body.page.totalElements).toBe(0);

    await setClock('2025-06-20T09:00:00Z');
    expect((await h.api('PUT', `/subscriptions/${subs.business10}`, { quantity: 15 })).status).toBe(200);
    await setClock('2025-06-25T09:00:00Z');
    expect((await h.api('DELETE', `/subscriptions/${subs.enterprise4}`)).status).toBe(204);
  });

  it('issues no July invoice before the 1st, and one for every company with something to bill once the clock passes it', async () => {
    await setClock('2025-06-30T23:59:00Z');
    expect((await h.api('GET', '/invoices?invoiceDate=2025-07-01')).body.page.totalElements).toBe(0);
    const juneUnpaid = await all('/invoices?invoiceDate=2025-06-01&status=Unpaid');
    expect(juneUnpaid.length).toBeGreaterThan(0);

    await h.advanceClock('PT2M');
    const issued = await all('/invoices?invoiceDate=2025-07-01');
    expect(issued.length).toBeGreaterThan(juneUnpaid.length / 2);
    const mine = issued.filter((i) => i.companyId === companyId);
    expect(mine).toHaveLength(1);
    expect(first(mine)).toMatchObject({ status: 'Unpaid', dueDate: '2025-07-15', currencyCode: 'USD' });
    expect((await all('/invoices?invoiceDate=2025-06-01&status=Unpaid'))).toHaveLength(0);
    july = await all(`/invoices/${first(mine).id}/items`);
    expect(first(mine).total).toBe(july.reduce((sum, i) => sum + Math.round(i.amountDue * 100), 0) / 100);
  });

  it('prorates the start by days: 16 of 30 June days for 10 seats', () => {
    const start = itemOf(july, subs.business10 ?? '', 'prorate', '2025-06-15');
    // 2.75 × 10 × 16 ÷ 30 = 14.666… → 14.67
    expect(start).toMatchObject({ quantity: 10, cost: 2.75, endPeriod: '2025-06-30', term: 'Monthly', costTotal: 14.67, amountDue: 14.67, details: 'Prorated 16 of 30 days' });
  });

  it('prorates a mid-month seat change for the difference, from the day of the change', () => {
    const change = itemOf(july, subs.business10 ?? '', 'prorate', '2025-06-20');
    // 2.75 × 5 × 11 ÷ 30 = 5.0416… → 5.04
    expect(change).toMatchObject({ quantity: 5, cost: 2.75, endPeriod: '2025-06-30', costTotal: 5.04 });
  });

  it('bills the new month in advance at the quantity held on the 1st', () => {
    expect(itemOf(july, subs.business10 ?? '', 'subscription', '2025-07-01')).toMatchObject({ quantity: 15, endPeriod: '2025-07-31', term: 'Monthly', costTotal: 41.25 });
  });

  it('credits a cancellation for the days left in the month, and bills nothing after it', () => {
    const enterprise = july.filter((i) => i.subscriptionId === subs.enterprise4);
    // Started 15 June: 3.75 × 4 × 16 ÷ 30 = 8.00; cancelled 25 June: −3.75 × 4 × 6 ÷ 30 = −3.00.
    expect(enterprise.map((i) => [i.type, i.startPeriod, i.quantity, i.costTotal])).toEqual([
      ['prorate', '2025-06-15', 4, 8],
      ['prorate', '2025-06-25', -4, -3],
    ]);
  });

  it('bills an annual term whole, on the invoice after it starts', () => {
    // 12 × 2.75 × 0.9 = 29.70 per seat and year.
    expect(itemOf(july, subs.annual3 ?? '', 'subscription', '2025-06-15')).toMatchObject({ quantity: 3, cost: 29.7, term: 'Annual', endPeriod: '2026-06-14', costTotal: 89.1 });
  });

  it('bills a one-time purchase once, without a subscription id (as BitTitan lines come)', () => {
    const once = july.filter((i) => i.type === 'one-time');
    expect(once).toHaveLength(1);
    expect(first(once)).toMatchObject({ term: 'One-Time', quantity: 12, cost: 12, costTotal: 144, startPeriod: '2025-06-15', endPeriod: '2025-06-15', subscriptionId: null, vendorName: 'BitTitan' });
  });

  it('bills nothing else for the company', () => {
    expect(july.filter((i) => i.type !== 'service-credit' && i.type !== 'rebate')).toHaveLength(7);
  });
});

describe('usage in arrears, credits and draft items', () => {
  it("bills last month's Azure usage in arrears: the sum of its usage lines", async () => {
    const azure = await productNamed('Microsoft Azure Plan');
    const usageSubs = (await all(`/subscriptions?productId=${azure.id}&status=Active`)).filter((s) => Date.parse(s.startDate) < Date.UTC(2025, 4, 1));
    const sub = first(usageSubs);
    const invoice = first((await all(`/invoices?companyId=${sub.companyId}&invoiceDate=2025-06-01`)));
    const arrears = (await all(`/invoices/${invoice.id}/items`)).filter((i) => i.subscriptionId === sub.id);
    expect(arrears).toHaveLength(1);
    expect(first(arrears)).toMatchObject({ type: 'subscription', term: 'Arrears', quantity: 1, startPeriod: '2025-05-01', endPeriod: '2025-05-31' });
    let partner = 0;
    let charges = 0;
    for (const summary of (await h.api('GET', `/subscriptions/${sub.id}/usage-summaries`)).body.content) {
      for (let day = 1; day <= 31; day++) {
        const lines = (await h.api('GET', `/usage-summaries/${summary.id}/usage-lines?usageDate=2025-05-${String(day).padStart(2, '0')}&size=1000`)).body.content;
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) {
          partner += Math.round(Number(line.partnerTotal) * 100);
          charges += Math.round(Number(line.currentCharges) * 100);
        }
      }
    }
    expect(first(arrears)).toMatchObject({ cost: partner / 100, costTotal: partner / 100, price: charges / 100 });
  });

  it('now and then credits a billed subscription, money only: negative, one unit, no seats', async () => {
    const invoices = await all('/invoices?status=Paid');
    let credits: Wire[] = [];
    for (const invoice of invoices) {
      const items = await all(`/invoices/${invoice.id}/items`);
      credits = items.filter((i) => i.type === 'service-credit' || i.type === 'rebate');
      if (credits.length > 0) {
        const credit = first(credits);
        expect(credit.quantity).toBe(1);
        expect(credit.amountDue).toBeLessThan(0);
        expect(credit.cost).toBe(credit.amountDue);
        expect(items.some((i) => i.type === 'subscription' && i.subscriptionId === credit.subscriptionId)).toBe(true);
        expect(credit.term).toBe(credit.type === 'rebate' ? 'Rebate' : undefined);
        break;
      }
    }
    expect(credits.length).toBeGreaterThan(0);
  });

  it("previews this month's invoice (monthOffset=0) as issued, without usage, credits or ids", async () => {
    const invoice = first(await all('/invoices?invoiceDate=2025-07-01'));
    const issued = (await all(`/invoices/${invoice.id}/items`)).filter((i) => i.term !== 'Arrears' && i.type !== 'service-credit' && i.type !== 'rebate');
    const draft = await all(`/invoices/draftItems?monthOffset=0&companyId=${invoice.companyId}`);
    const shape = (i: Wire) => [i.subscriptionId, i.type, i.startPeriod, i.endPeriod, i.quantity, i.costTotal];
    expect(draft.map(shape)).toEqual(issued.map(shape));
    expect(draft.every((i) => i.id === undefined)).toBe(true);
  });

  it("previews next month's invoice (the default) from today's subscriptions, seat changes so far included", async () => {
    const sub = first((await all('/subscriptions?status=Active&billingTerm=Monthly')).filter((s) => !s.commitment && s.quantity > 1));
    expect((await h.api('PUT', `/subscriptions/${sub.id}`, { quantity: sub.quantity + 3 })).status).toBe(200);
    const draft = (await all(`/invoices/draftItems?companyId=${sub.companyId}`)).filter((i) => i.subscriptionId === sub.id);
    const today = (await h.admin('GET', '/clock')).body.now.slice(0, 10);
    expect(draft.map((i) => [i.type, i.startPeriod, i.quantity])).toEqual([
      ['subscription', '2025-08-01', sub.quantity + 3],
      ['prorate', today, 3],
    ]);
  });
});

describe('pages', () => {
  it('serves invoices, their items and draft items in pages of up to 1000, and refuses 1001', async () => {
    const invoice = first((await h.api('GET', '/invoices?size=1000')).body.content);
    for (const path of ['/invoices', `/invoices/${invoice.id}/items`, '/invoices/draftItems']) {
      const big = await h.api('GET', `${path}?size=1000`);
      expect(big.status, path).toBe(200);
      expect(big.body.page.size).toBe(1000);
      const refused = await h.api('GET', `${path}?size=1001`);
      expect(refused.status, path).toBe(400);
      expect(refused.body).toMatchObject({ type: 'BAD_REQUEST', message: 'Page size must not be greater than 1000' });
    }
    expect((await h.api('GET', '/invoices?size=1000')).body.content.length).toBeGreaterThan(200);
  });
});

describe('a second partner account', () => {
  it('bills in its own currency, everywhere', async () => {
    const two = await startSandboxHarness({ accounts: 2, companies: 8, seed: 4 });
    try {
      two.token = (await two.fetchToken({ client_id: 'sandbox-2' })).body.access_token;
      const invoices = (await two.api('GET', '/invoices?size=1000')).body.content;
      expect(invoices.length).toBeGreaterThan(0);
      expect(new Set(invoices.map((i) => i.currencyCode))).toEqual(new Set(['CAD']));
      const items = (await two.api('GET', `/invoices/${first(invoices).id}/items?size=1000`)).body.content;
      expect(new Set(items.map((i) => i.currencyCode))).toEqual(new Set(['CAD']));
      const subscriptions = (await two.api('GET', '/subscriptions?size=1000')).body.content;
      expect(new Set(subscriptions.map((s) => s.currencyCode))).toEqual(new Set(['CAD']));
      two.token = (await two.fetchToken()).body.access_token;
      expect(new Set((await two.api('GET', '/invoices?size=1000')).body.content.map((i) => i.currencyCode))).toEqual(new Set(['USD']));
    } finally {
      await two.close();
    }
  });
});
