import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBotChanges, reconcileBilling, reconcileColumns, reconcileToCsv, type ReconcileReport } from '../../src/billing/index.ts';
import { faultView } from '../../src/intents/fault-view.ts';
import { Pax8IncompleteListError } from '../../src/pax8/errors.ts';
import type { Pax8Client } from '../../src/pax8/index.ts';
import { parseCsv } from '../helpers/parse-csv.ts';
import { clearFaults, clientFor, injectFault, startSandbox, type Sandbox } from '../helpers/pax8-sandbox.ts';
import type { Planted } from '../helpers/billing-reference.ts';

let sandbox: Sandbox;
let pax8: Pax8Client;

async function planted(): Promise<Planted[]> {
  const answer = await fetch(`${sandbox.url}/__sandbox/billing/discrepancies`);
  return ((await answer.json()) as { discrepancies: Planted[] }).discrepancies;
}

/** The planted kind as the reconciler names its finding. */
const findingOf: Record<string, string[]> = { quantity: ['more-seats', 'fewer-seats'], price: ['unit-cost'], dropped: ['not-billed'], added: ['not-active'] };

const findings = (report: ReconcileReport) => report.rows.filter((r) => r.status === 'finding');

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 3, companies: 40, rateLimit: 0 });
  pax8 = clientFor(sandbox, { rateLimitPerMinute: 100_000 });
});
afterAll(() => sandbox.close());

describe('reconciling the seeded invoices', () => {
  it('finds exactly the planted discrepancies of every month, and nothing else', async () => {
    const all = await planted();
    const months = [...new Set(all.map((d) => d.month))].sort();
    expect(months.length).toBeGreaterThan(1);
    for (const month of months) {
      const report = await reconcileBilling({ accounts: [{ name: 'us', reads: pax8 }], month });
      const got = findings(report).map((r) => `${r.invoiceId} ${r.subscriptionId || `product:${r.productId}`} ${r.kind}`).sort();
      const want = all.filter((d) => d.month === month);
      expect(got, month).toHaveLength(want.length);
      for (const d of want) {
        const match = got.find((g) => g.startsWith(`${d.invoiceId} ${d.subscriptionId ?? `product:${d.productId}`} `));
        expect(match, `${month} ${d.kind}`).toBeDefined();
        expect(findingOf[d.kind]).toContain(match?.split(' ')[2]);
      }
    }
  }, 120_000);
});

describe('a reconciliation run', () => {
  let month: string;
  let full: ReconcileReport;
  beforeAll(async () => {
    month = [...new Set((await planted()).map((d) => d.month))].sort()[0] ?? '';
    full = await reconcileBilling({ accounts: [{ name: 'us', reads: pax8 }], month });
  }, 60_000);

  it('narrowed to one company gives exactly the full run\'s rows for it', async () => {
    const company = findings(full)[0]?.companyId ?? '';
    const scoped = await reconcileBilling({ accounts: [{ name: 'us', reads: pax8 }], month, company: { account: 'us', companyId: company } });
    expect(scoped.rows.length).toBeGreaterThan(0);
    expect(scoped.rows).toEqual(full.rows.filter((r) => r.companyId === company));
  });

  it('compares a past month with the history, not with today\'s subscriptions', async () => {
    const sub = (await (async () => { for await (const s of pax8.subscriptions.list({ status: 'Active', billingTerm: 'Monthly' })) return s; return undefined; })());
    expect(sub).toBeDefined();
    await pax8.subscriptions.updateQuantity(sub?.id ?? '', (sub?.quantity ?? 1) + 3);
    const again = await reconcileBilling({ accounts: [{ name: 'us', reads: pax8 }], month });
    expect(again.rows).toEqual(full.rows);
  });

  it('says a company without an invoice is not reconciled, never clean, and a partner without invoices too', async () => {
    expect(full.notReconciled + full.reconciled).toBe(full.companies);
    const none = await reconcileBilling({ accounts: [{ name: 'us', reads: pax8 }], month: '2020-01' });
    expect(none.accounts).toEqual([{ name: 'us', invoices: 0 }]);
    expect(none.reconciled).toBe(0);
    expect(none.rows.every((r) => r.status === 'not reconciled' && /no invoice for 2020-01/.test(r.note))).toBe(true);
    expect(none.totals).toEqual([]);
  });

  it('writes a CSV that parses back to the rows, numbers as numbers', () => {
    const parsed = parseCsv(reconcileToCsv(full));
    expect(parsed[0]).toEqual([...reconcileColumns]);
    expect(parsed).toHaveLength(full.rows.length + 1);
    const finding = findings(full)[0];
    const line = parsed.find((cells) => cells[4] === 'finding' && cells[2] === finding?.companyId);
    expect(line?.[3]).toBe(finding?.companyName);
    expect(Number(line?.[16])).toBe(finding?.costImpact);
  });

  it('fails the whole run when a page cannot be read, and says so', async () => {
    await injectFault(sandbox, { route: 'GET /invoices/{invoiceId}/items', status: 422, times: 1 });
    try {
      const failed = await reconcileBilling({ accounts: [{ name: 'us', reads: pax8 }], month }).then(() => undefined, (error: unknown) => error);
      expect(failed).toBeInstanceOf(Error);
      expect(faultView(failed, 'ev1').message).toMatch(/Pax8 refused/);
    } finally {
      await clearFaults(sandbox);
    }
    expect(faultView(new Pax8IncompleteListError('/subscriptions', 2, 'page 2 held 10 items where 1000 were due'), 'ev2').message).toMatch(/did not give the whole list \(\/subscriptions, page 3\), so nothing was counted/);
  });

  it('explains a prorated line with the change the bot made', async () => {
    const sentAt = new Date('2026-10-12T10:00:00Z');
    const request = { id: 'req-1', summary: 'seats', approvedBy: ['ann@msp.example'], autoApproved: false, people: { 'ann@msp.example': 'Ann' }, requester: { email: 'bob@msp.example', displayName: 'Bob' }, updatedAt: sentAt };
    const write = { operation: 'PUT /subscriptions/sub-1', outcome: 'ok', sentAt, basis: { fromQuantity: 10, toQuantity: 12 } };
    const changes = await readBotChanges({ succeeded: () => Promise.resolve([request as never]), writes: () => Promise.resolve([write as never]) }, { from: new Date('2026-10-01'), to: new Date('2026-11-01') });
    expect(changes).toEqual([{ subscriptionId: 'sub-1', at: sentAt, text: 'seats +2 (10 → 12) approved by Ann on 12 Oct 2026 (request req-1)' }]);
  });
});

describe('two partner accounts', () => {
  let two: Sandbox;
  afterAll(() => two?.close());
  it('reconciles each and keeps their currencies apart', async () => {
    two = await startSandbox({ port: 0, seed: 5, companies: 8, rateLimit: 0, accounts: 2 });
    const accounts = two.clientIds.map((clientId, i) => ({ name: i === 0 ? 'us' : 'ca', reads: clientFor({ ...two, clientId }, { rateLimitPerMinute: 100_000 }) }));
    const report = await reconcileBilling({ accounts });
    expect(report.totals.map((t) => t.currency)).toEqual(['CAD', 'USD']);
    expect(new Set(report.rows.filter((r) => r.account === 'ca' && r.currency).map((r) => r.currency))).toEqual(new Set(['CAD']));
    const [us, ca] = await Promise.all(accounts.map((account) => reconcileBilling({ accounts: [account], month: report.month ?? undefined })));
    expect(ca?.totals.map((t) => t.currency)).toEqual(['CAD']);
    expect(us?.totals.map((t) => t.currency)).toEqual(['USD']);
    // Each currency's totals are exactly its own account's: nothing of one is added to the other.
    expect(report.totals).toEqual([...(ca?.totals ?? []), ...(us?.totals ?? [])]);
    expect(report.totals.every((t) => t.invoices > 0 && t.billedCost > 0)).toBe(true);
  }, 60_000);
});
