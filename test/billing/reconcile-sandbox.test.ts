import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileBilling, type ReconcileReport } from '../../src/billing/index.ts';
import type { Pax8Client } from '../../src/pax8/index.ts';
import { clientFor, startSandbox, type Sandbox } from '../helpers/pax8-sandbox.ts';

interface Planted {
  kind: string;
  invoiceId: string;
  companyId: string;
  month: string;
  subscriptionId: string | null;
  productId: string;
}

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
