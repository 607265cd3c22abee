/**
 * The false findings that reconciliation tools are known for, each played on the sandbox: a new
 * company buys two subscriptions of one product and a one-time service, changes seats mid-month,
 * the clock passes the 1st, and its new invoice is reconciled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileBilling, type ReconcileReport } from '../../src/billing/index.ts';
import { Pax8IncompleteListError } from '../../src/pax8/errors.ts';
import type { Pax8Client } from '../../src/pax8/index.ts';
import { clearFaults, clientFor, injectFault } from '../helpers/pax8-sandbox.ts';
import { first, startSandboxHarness, type SandboxHarness, type Wire } from '../helpers/sandbox-http.ts';

const month = '2025-07';
let h: SandboxHarness;
let pax8: Pax8Client;
let companyId = '';
let keepers: Wire[] = [];
let migration: Wire;
let full: ReconcileReport;
let scoped: ReconcileReport;

const contact = (type: 'Admin' | 'Billing' | 'Technical') => ({ firstName: 'Fay', lastName: type, email: `${type.toLowerCase()}@fresh.example`, phone: '555-0100', types: [{ type, primary: true }] });
const adminEmail = [{ key: 'adminEmail', values: ['it@fresh.example'] }];
const reconcile = (company?: string) => reconcileBilling({ accounts: [{ name: 'us', reads: pax8 }], month, company: company === undefined ? undefined : { account: 'us', companyId: company } });

beforeAll(async () => {
  h = await startSandboxHarness({ companies: 12, seed: 3, rateLimit: 0 });
  const company = await h.api('POST', '/companies', {
    name: 'Fresh Findings Ltd', address: { country: 'US' }, phone: '555-0100', website: 'fresh.example',
    billOnBehalfOfEnabled: false, selfServiceAllowed: false, orderApprovalRequired: false, contacts: [contact('Admin'), contact('Billing'), contact('Technical')],
  });
  expect(company.body.status).toBe('Active');
  companyId = company.body.id;
  const keeper = first((await h.api('GET', '/products?search=Keeper%20Business')).body.content);
  const wiz = first((await h.api('GET', '/products?search=MigrationWiz')).body.content);
  const order = await h.api('POST', '/orders', {
    companyId,
    lineItems: [
      { lineItemNumber: 1, productId: keeper.id, billingTerm: 'Monthly', quantity: 6, provisioningDetails: adminEmail },
      { lineItemNumber: 2, productId: keeper.id, billingTerm: 'Monthly', quantity: 4, provisioningDetails: adminEmail },
      { lineItemNumber: 3, productId: wiz.id, billingTerm: 'One-Time', quantity: 3, provisioningDetails: adminEmail },
    ],
  });
  expect(order.status).toBe(200);
  const ids = order.body.lineItems.map((l) => l.subscriptionId);
  await h.advanceClock('P3D');
  expect((await h.api('PUT', `/subscriptions/${String(ids[1])}`, { quantity: 5 })).status).toBe(200);
  await h.admin('POST', '/clock', { set: '2025-07-01T00:30:00Z' });
  h.token = (await h.fetchToken()).body.access_token;
  keepers = await Promise.all(ids.slice(0, 2).map(async (id) => (await h.api('GET', `/subscriptions/${String(id)}`)).body));
  migration = (await h.api('GET', `/subscriptions/${String(ids[2])}`)).body;
  pax8 = clientFor(h.sandbox, { rateLimitPerMinute: 100_000, crawlPageSize: 25 });
  full = await reconcile();
  scoped = await reconcile(companyId);
}, 120_000);
afterAll(() => h?.close());

describe(`the new company's invoice of ${month}`, () => {
  it('bills both subscriptions of the one product and the one-time service', async () => {
    const invoice = first((await h.api('GET', `/invoices?companyId=${companyId}&invoiceDate=2025-07-01`)).body.content);
    const items = (await h.api('GET', `/invoices/${invoice.id}/items?size=1000`)).body.content;
    const monthLines = items.filter((i) => i.type === 'subscription');
    expect(new Set(monthLines.filter((i) => i.productId === keepers[0]?.productId).map((i) => i.subscriptionId))).toEqual(new Set(keepers.map((k) => k.id)));
    // Pax8 bills a one-time purchase without its subscription id: it is matched by product.
    expect(items.filter((i) => i.type === 'one-time').map((i) => [i.productId, i.quantity, i.subscriptionId])).toEqual([[migration.productId, 3, null]]);
  });

  it('reads two subscriptions of one product as two, not as an overcharge', () => {
    expect(scoped.rows.map((r) => [r.status, r.kind])).toEqual([['clean', '']]);
    expect(scoped.withFindings).toBe(0);
  });

  it('counts the one-time charge as one-time, never as a monthly amount', () => {
    const [totals] = scoped.totals;
    const monthly = keepers.reduce((sum, k) => sum + Number(k.partnerCost) * k.quantity, 0);
    expect(keepers.map((k) => k.quantity)).toEqual([6, 5]);
    expect(scoped.totals).toHaveLength(1);
    expect(totals?.monthlyRecurringCost).toBeCloseTo(monthly, 2);
    expect(totals?.oneTimeCost).toBeCloseTo(Number(migration.partnerCost) * 3, 2);
    expect(totals?.oneTimeCost).toBeGreaterThan(0);
  });

  it('gives, narrowed to the company, exactly the rows the full run gives for it', () => {
    expect(full.rows.filter((r) => r.companyId === companyId)).toEqual(scoped.rows);
  });

  it('compares the month with the subscriptions as they were then, not as they are now', async () => {
    expect((await h.api('PUT', `/subscriptions/${keepers[0]?.id ?? ''}`, { quantity: 9 })).status).toBe(200);
    expect((await h.api('DELETE', `/subscriptions/${keepers[1]?.id ?? ''}`)).status).toBe(204);
    expect((await reconcile(companyId)).rows).toEqual(scoped.rows);
  });
});

describe('a list page that cannot be read', () => {
  it('fails the whole run, saying which list, instead of reconciling what it got', async () => {
    // The first page of the subscriptions is served; a later one is refused every time it is asked.
    await injectFault(h.sandbox, { route: 'GET /subscriptions', status: 500, after: 1 });
    try {
      const failed = await reconcile().then(() => undefined, (error: unknown) => error);
      expect(failed).toBeInstanceOf(Error);
      expect(failed).not.toBeInstanceOf(Pax8IncompleteListError);
      expect(String((failed as Error).message)).toMatch(/\/subscriptions/);
    } finally {
      await clearFaults(h.sandbox);
    }
  }, 60_000);
});
