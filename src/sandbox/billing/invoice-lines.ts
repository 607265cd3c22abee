import type { Invoice } from '../model.ts';
import { cents, createPrng, hashSeed } from '../prng.ts';
import type { SandboxData } from '../sandbox-data.ts';
import { addMonthsUtc, DAY_MS } from '../wire-dates.ts';
import type { BillingLine } from './billing-line.ts';
import { lineCents } from './billing-periods.ts';
import { subscriptionLines } from './subscription-lines.ts';

/**
 * The lines a correct invoice of `monthStart` holds for a company, from the subscription history
 * alone: what reconciliation must find. `arrears` adds the previous month's usage (issued invoices
 * have it, draft items do not).
 */
export function companyLines(data: SandboxData, companyId: string, monthStart: number, options: { arrears: boolean; now: number }): BillingLine[] {
  const company = data.companiesById.get(companyId);
  if (!company) return [];
  const lines: BillingLine[] = [];
  for (const sub of data.subscriptionsByCompany.get(companyId) ?? []) {
    const product = data.productsById.get(sub.productId);
    if (product) lines.push(...subscriptionLines({ data, company, product, monthStart, arrears: options.arrears, now: options.now }, sub));
  }
  return lines;
}

/** The lines of an issued invoice before any planted discrepancy: the correct ones and a credit now and then. */
export function issuedLines(data: SandboxData, invoice: Invoice): BillingLine[] {
  const lines = companyLines(data, invoice.companyId, invoice.monthStart, { arrears: true, now: invoice.monthStart });
  const credit = creditLine(data, invoice, lines);
  if (credit) lines.push(credit);
  return lines;
}

/** The id of an item: derived from the invoice and the line's key, so it is the same on every read. */
export function itemId(invoice: Invoice, lineKey: string): string {
  return createPrng(hashSeed(invoice.id, lineKey)).uuid();
}

/** Whether a company has any line on the invoice of `monthStart`: it gets an invoice that month. Stops at the first line. */
export function billsAnything(data: SandboxData, companyId: string, monthStart: number): boolean {
  const company = data.companiesById.get(companyId);
  if (!company) return false;
  return (data.subscriptionsByCompany.get(companyId) ?? []).some((sub) => {
    const product = data.productsById.get(sub.productId);
    return product !== undefined && subscriptionLines({ data, company, product, monthStart, arrears: true, now: monthStart }, sub).length > 0;
  });
}

/** What a line costs the partner, in cents. */
export function costCents(line: BillingLine): number {
  return lineCents(line.cost, line.quantity, line.days, line.ofDays);
}

/**
 * Now and then Pax8 credits something on an invoice: a service credit for an outage or a vendor
 * rebate, as a negative line against one of the subscriptions billed. Money only, no seats: it is
 * not compared with the history. Derived from the invoice's company and month (same every time).
 */
export function creditLine(data: SandboxData, invoice: Invoice, lines: readonly BillingLine[]): BillingLine | undefined {
  const prng = createPrng(hashSeed(data.seed, 'credit', invoice.companyId, invoice.monthStart));
  const recurring = lines.filter((l) => l.type === 'subscription' && l.term === 'Monthly' && l.sub);
  if (recurring.length === 0 || !prng.chance(0.08)) return undefined;
  const target = prng.pick(recurring);
  const rebate = target.product.vendorName === 'Microsoft' && prng.chance(0.5);
  const amount = -Math.max(1, cents((costCents(target) / 100) * (0.05 + prng.next() * 0.1)));
  const previous = addMonthsUtc(invoice.monthStart, -1);
  return {
    key: 'credit', type: rebate ? 'rebate' : 'service-credit', company: target.company, ...(target.sub ? { sub: target.sub } : {}), product: target.product,
    quantity: 1, price: amount, cost: amount, days: 1, ofDays: 1, start: previous, end: invoice.monthStart - DAY_MS,
    ...(rebate ? { term: 'Rebate', details: 'Vendor incentive rebate' } : { details: 'Service credit for a service interruption' }),
  };
}
