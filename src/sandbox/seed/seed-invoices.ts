import type { Company, Discrepancy, Invoice, InvoiceStatus } from '../model.ts';
import type { Prng } from '../prng.ts';
import { cents } from '../prng.ts';
import type { SandboxData } from '../sandbox-data.ts';
import { addMonthsUtc, DAY_MS, dateOnly, startOfMonthUtc } from '../wire-dates.ts';
import { billableLines, hasBillable } from './billing.ts';

/** The twelve most recent invoice months: an invoice for month M appears around the 4th of M. */
export function invoiceMonths(anchorMs: number): number[] {
  let month = startOfMonthUtc(anchorMs);
  if (anchorMs < month + 3 * DAY_MS) month = addMonthsUtc(month, -1);
  return Array.from({ length: 12 }, (_, i) => addMonthsUtc(month, -i));
}

function statusFor(prng: Prng, newest: boolean): InvoiceStatus {
  if (newest) return 'Unpaid';
  return prng.weighted([['Paid', 92], ['Carried', 5], ['Void', 1], ['Credited', 2]] as const);
}

/** One invoice per company and month in which something was billable, newest first. */
export function seedInvoices(prng: Prng, data: SandboxData): Invoice[] {
  const months = invoiceMonths(data.anchorMs);
  const invoices: Invoice[] = [];
  for (const [index, monthStart] of months.entries()) {
    for (const company of data.companies) {
      if (!hasBillable(data, company.id, monthStart)) continue;
      invoices.push({ id: prng.uuid(), companyId: company.id, monthStart, status: statusFor(prng, index === 0) });
    }
  }
  return invoices;
}

/**
 * Plants a few real errors for reconciliation to find: an item billed for more seats than the
 * history shows, or at a partner cost the subscription never had. Listed by `/__sandbox/discrepancies`.
 */
export function seedDiscrepancies(prng: Prng, data: SandboxData, companies: readonly Company[]): Discrepancy[] {
  const candidates = data.invoices.filter((i) => i.status !== 'Void' && i.status !== 'Credited');
  const count = Math.min(candidates.length, Math.max(3, Math.round(companies.length / 8)));
  const found: Discrepancy[] = [];
  const used = new Set<string>();
  for (let attempt = 0; found.length < count && attempt < count * 10; attempt++) {
    const invoice = prng.pick(candidates);
    const lines = billableLines(data, invoice.companyId, invoice.monthStart).filter((l) => !l.product.usageBased && l.cost > 0);
    if (lines.length === 0 || used.has(invoice.id)) continue;
    used.add(invoice.id);
    const line = prng.pick(lines);
    const extraSeats = prng.chance(0.7);
    const billedQuantity = extraSeats ? line.quantity + prng.int(1, 5) : line.quantity;
    const billedUnitCost = extraSeats ? line.cost : cents(line.cost * 1.15);
    found.push({
      kind: extraSeats ? 'extra_seats' : 'price_mismatch',
      invoiceId: invoice.id,
      companyId: invoice.companyId,
      subscriptionId: line.sub.id,
      month: dateOnly(invoice.monthStart).slice(0, 7),
      expectedQuantity: line.quantity,
      billedQuantity,
      expectedUnitCost: line.cost,
      billedUnitCost,
      description: extraSeats
        ? `${line.product.name} billed for ${billedQuantity} seats; the subscription history shows ${line.quantity}`
        : `${line.product.name} billed at ${billedUnitCost} per unit; the subscription's partner cost was ${line.cost}`,
    });
  }
  return found;
}
