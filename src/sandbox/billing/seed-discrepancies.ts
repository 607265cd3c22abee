import { discrepancyKinds, type DiscrepancyKind, type Invoice } from '../model.ts';
import { cents, createPrng, hashSeed, type Prng } from '../prng.ts';
import type { SandboxData } from '../sandbox-data.ts';
import { issuedLines } from './invoice-lines.ts';
import { isRecurring, plantDiscrepancy, type PlantInput } from './plant-discrepancy.ts';

/**
 * What the seed plants in one invoice: for a change or a drop, the month's line of a subscription
 * that has no other line on the invoice (no seat change, no credit), so the one finding it causes
 * stands alone; an added line is left to the planter's own choice.
 */
function seedInput(prng: Prng, data: SandboxData, invoice: Invoice, kind: DiscrepancyKind): PlantInput | undefined {
  if (kind === 'added') return { kind, invoiceId: invoice.id };
  const lines = issuedLines(data, invoice);
  const perSub = new Map<string, number>();
  for (const line of lines) if (line.sub) perSub.set(line.sub.id, (perSub.get(line.sub.id) ?? 0) + 1);
  const clean = lines.filter((l) => isRecurring(l) && l.term === 'Monthly' && l.sub && perSub.get(l.sub.id) === 1 && l.cost > 0);
  if (clean.length === 0) return undefined;
  const line = prng.pick(clean);
  const subscriptionId = line.sub?.id ?? '';
  if (kind === 'dropped') return { kind, invoiceId: invoice.id, subscriptionId };
  if (kind === 'price') return { kind, invoiceId: invoice.id, subscriptionId, unitCost: cents(line.cost * (prng.chance(0.5) ? 1.15 : 0.9)) };
  const fewer = line.quantity > 1 && prng.chance(0.35);
  return { kind, invoiceId: invoice.id, subscriptionId, quantity: fewer ? line.quantity - prng.int(1, line.quantity - 1) : line.quantity + prng.int(1, 5) };
}

/**
 * Plants a few discrepancies in the seeded invoices, every kind in turn (about one per eight
 * companies, at least four), at most one per invoice and never in a Credited one. The first goes
 * into the newest month's invoices (when one of them has a line to change), so `reconcile` with no
 * month, which takes the last invoiced one, has something to find in a fresh sandbox. Listed by
 * `GET /__sandbox/billing/discrepancies`; everything else on the invoices agrees with the history.
 */
export function seedDiscrepancies(data: SandboxData): void {
  const prng = createPrng(hashSeed(data.seed, 'discrepancies'));
  const candidates = data.invoices.filter((i) => i.status !== 'Credited');
  const count = Math.min(candidates.length, Math.max(4, Math.round(data.companies.length / 8)));
  const newest = candidates.filter((i) => i.monthStart === data.invoicedThrough);
  const used = new Set<string>();
  let planted = 0;
  for (let attempt = 0; planted < count && attempt < count * 20; attempt++) {
    const pool = planted === 0 && attempt < newest.length * 2 ? newest : candidates;
    const invoice = prng.pick(pool);
    const kind = discrepancyKinds[planted % discrepancyKinds.length] ?? 'quantity';
    const input = used.has(invoice.id) ? undefined : seedInput(prng, data, invoice, kind);
    if (input && plantDiscrepancy(data, input, 'seed').ok) {
      used.add(invoice.id);
      planted += 1;
    }
  }
}
