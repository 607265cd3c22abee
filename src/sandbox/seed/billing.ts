import type { BillingTerm, Company, Product, Subscription, SubscriptionState } from '../model.ts';
import type { SandboxData } from '../sandbox-data.ts';
import { addMonthsUtc, DAY_MS } from '../wire-dates.ts';
import { cents, createPrng, hashSeed } from '../prng.ts';

/** Statuses Pax8 bills for (status does not drive billing, dates do; these are the live ones). */
const billedStatuses = new Set(['Active', 'PendingCancel', 'Activated', 'Converted']);

/** One thing to bill on an invoice: the subscription, what was in effect, and the period. */
export interface BillableLine {
  company: Company;
  sub: Subscription;
  product: Product;
  quantity: number;
  price: number;
  cost: number;
  startPeriod: number;
  endPeriod: number;
  term: string;
}

/** The subscription as it was at time `t` according to its history (undefined before it existed). */
export function stateAt(sub: Subscription, t: number): SubscriptionState | undefined {
  let found: SubscriptionState | undefined;
  for (const entry of sub.history) {
    if (entry.at <= t) found = entry;
    else break;
  }
  return found;
}

const invoiceTerm: Record<BillingTerm, string> = {
  Monthly: 'Monthly', Annual: 'Annual', '2-Year': '2 Year', '3-Year': '3 Year', 'One-Time': 'One-Time', Trial: 'Trial', Activation: 'Activation',
};

/** Usage billed in arrears for an Azure-like subscription: a stable amount per month. */
export function arrearsAmount(subId: string, monthStart: number): number {
  return cents(40 + createPrng(hashSeed(subId, monthStart)).next() * 1900);
}

function lineFor(company: Company, sub: Subscription, product: Product, state: SubscriptionState, monthStart: number): BillableLine | undefined {
  if (!billedStatuses.has(state.status)) return undefined;
  const base = { company, sub, product, quantity: state.quantity, price: state.price, cost: state.partnerCost };
  const nextMonth = addMonthsUtc(monthStart, 1);
  if (product.usageBased) {
    const prev = addMonthsUtc(monthStart, -1);
    const amount = arrearsAmount(sub.id, prev);
    return { ...base, quantity: 1, price: amount, cost: cents(amount * 0.85), startPeriod: prev, endPeriod: monthStart - DAY_MS, term: 'Arrears' };
  }
  if (state.billingTerm === 'Monthly') {
    return { ...base, startPeriod: monthStart, endPeriod: nextMonth - DAY_MS, term: 'Monthly' };
  }
  // Upfront terms are billed once, on the invoice after the term started.
  const prevMonth = addMonthsUtc(monthStart, -1);
  if (state.startAt < prevMonth || state.startAt >= monthStart || state.endAt === undefined) return undefined;
  return { ...base, startPeriod: state.startAt, endPeriod: state.endAt - DAY_MS, term: invoiceTerm[state.billingTerm] };
}

/** Whether a company has anything billable on the invoice of `monthStart` (cheap; no allocation). */
export function hasBillable(data: SandboxData, companyId: string, monthStart: number): boolean {
  for (const sub of data.subscriptionsByCompany.get(companyId) ?? []) {
    const state = stateAt(sub, monthStart);
    if (state && billedStatuses.has(state.status) && (state.billingTerm === 'Monthly' || (state.startAt < monthStart && state.startAt >= addMonthsUtc(monthStart, -1)))) return true;
  }
  return false;
}

/** What an invoice for `monthStart` must contain, from the subscription history in effect on that day. */
export function billableLines(data: SandboxData, companyId: string, monthStart: number): BillableLine[] {
  const company = data.companiesById.get(companyId);
  if (!company) return [];
  const lines: BillableLine[] = [];
  for (const sub of data.subscriptionsByCompany.get(companyId) ?? []) {
    const product = data.productsById.get(sub.productId);
    const state = stateAt(sub, monthStart);
    if (!product || !state) continue;
    const line = lineFor(company, sub, product, state, monthStart);
    if (line) lines.push(line);
  }
  return lines;
}

/** What next month's invoice would hold from today's subscriptions (`/invoices/draftItems`). */
export function draftLines(data: SandboxData, companyId: string, now: number, monthOffset: number): BillableLine[] {
  const company = data.companiesById.get(companyId);
  if (!company) return [];
  const d = new Date(now);
  const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + monthOffset, 1);
  const lines: BillableLine[] = [];
  for (const sub of data.subscriptionsByCompany.get(companyId) ?? []) {
    const product = data.productsById.get(sub.productId);
    if (!product || product.usageBased) continue;
    const line = lineFor(company, sub, product, { ...sub.state, startAt: sub.state.startAt }, monthStart);
    if (line) lines.push(line);
  }
  return lines;
}
