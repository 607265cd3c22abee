import type { Discrepancy, Invoice, Product, Subscription } from '../model.ts';
import type { SandboxData } from '../sandbox-data.ts';
import { stateAt } from '../seed/billing.ts';
import { addMonthsUtc, DAY_MS, dateOnly } from '../wire-dates.ts';
import type { BillingLine } from './billing-line.ts';

/** A discrepancy as the admin API lists it (the internal line key left out). */
export function discrepancyView(d: Discrepancy): Omit<Discrepancy, 'lineKey'> {
  const { lineKey: _key, ...view } = d;
  return view;
}

/** The customer price an added line shows: the subscription's at the invoice date (or first), else the product's monthly price. */
function addedPrice(sub: Subscription | undefined, product: Product, monthStart: number): number {
  const state = sub ? (stateAt(sub, monthStart) ?? sub.history[0]) : undefined;
  return state?.price ?? product.prices.find((p) => p.billingTerm === 'Monthly')?.suggestedRetailPrice ?? 0;
}

/** The line an `added` discrepancy puts on the invoice: the invoice month billed for something not billable then. */
function addedLine(data: SandboxData, invoice: Invoice, d: Discrepancy): BillingLine | undefined {
  const company = data.companiesById.get(invoice.companyId);
  const product = data.productsById.get(d.productId);
  const sub = d.subscriptionId === null ? undefined : data.subscriptionsById.get(d.subscriptionId);
  if (!company || !product) return undefined;
  const next = addMonthsUtc(invoice.monthStart, 1);
  const days = Math.round((next - invoice.monthStart) / DAY_MS);
  return {
    key: d.lineKey, type: 'subscription', company, ...(sub ? { sub } : {}), product, quantity: d.billedQuantity ?? 1,
    price: addedPrice(sub, product, invoice.monthStart), cost: d.billedUnitCost ?? 0, days, ofDays: days,
    start: invoice.monthStart, end: next - DAY_MS, term: 'Monthly',
  };
}

/** Applies the discrepancies planted in an invoice to its correct lines. */
export function applyDiscrepancies(data: SandboxData, invoice: Invoice, lines: BillingLine[]): BillingLine[] {
  const planted = data.discrepanciesByInvoice.get(invoice.id);
  if (!planted) return lines;
  let out = lines;
  for (const d of planted) {
    if (d.kind === 'dropped') out = out.filter((l) => l.key !== d.lineKey);
    else if (d.kind === 'quantity') out = out.map((l) => (l.key === d.lineKey ? { ...l, quantity: d.billedQuantity ?? l.quantity } : l));
    else if (d.kind === 'price') out = out.map((l) => (l.key === d.lineKey ? { ...l, cost: d.billedUnitCost ?? l.cost } : l));
    else {
      const added = addedLine(data, invoice, d);
      if (added) out = [...out, added];
    }
  }
  return out;
}

/** Records a discrepancy in the account; the invoice's total is computed again on its next read. */
export function recordDiscrepancy(data: SandboxData, d: Discrepancy): void {
  data.discrepancies.push(d);
  const list = data.discrepanciesByInvoice.get(d.invoiceId);
  if (list) list.push(d);
  else data.discrepanciesByInvoice.set(d.invoiceId, [d]);
  const invoice = data.invoicesById.get(d.invoiceId);
  if (invoice) delete invoice.total;
}

/** `YYYY-MM` of an invoice month. */
export function monthOf(invoice: Invoice): string {
  return dateOnly(invoice.monthStart).slice(0, 7);
}
