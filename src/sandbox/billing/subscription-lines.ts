import type { Company, Product, Subscription, SubscriptionState } from '../model.ts';
import type { SandboxData } from '../sandbox-data.ts';
import { billedOnDay, billedStateAt, invoiceTerm, oneTimeTerms } from '../seed/billing.ts';
import { addMonthsUtc, DAY_MS, startOfDayUtc } from '../wire-dates.ts';
import type { BillingLine } from './billing-line.ts';
import { billingPeriod, daysLeft, monthPeriod, periodDays, upfrontMonths, type Period } from './billing-periods.ts';
import { usageTotals } from './usage-charges.ts';

/** What one subscription's lines are computed for: the invoice month and whether usage is included. */
export interface LineScope {
  data: SandboxData;
  company: Company;
  product: Product;
  /** First day of the invoice month (UTC). */
  monthStart: number;
  /** Usage billed in arrears (issued invoices have it; draft items do not). */
  arrears: boolean;
  now: number;
}

/** What is billed on a day: the state and the period it is billed in. */
interface Billed {
  state: SubscriptionState;
  period: Period;
}

function billedAt(sub: Subscription, t: number): Billed | undefined {
  const state = billedStateAt(sub, t);
  const period = state && billingPeriod(state, startOfDayUtc(t));
  return state && period ? { state, period } : undefined;
}

const samePrice = (a: Billed, b: Billed): boolean =>
  a.state.billingTerm === b.state.billingTerm && a.period.start === b.period.start && a.state.price === b.state.price && a.state.partnerCost === b.state.partnerCost;

const same = (a: Billed | undefined, b: Billed | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && samePrice(a, b) && a.state.quantity === b.state.quantity);

/**
 * Days of [from, to) on which what is billed may change: history entries, term starts and ends, and
 * the anniversaries that start a new upfront period (a 3-year term billed annually).
 */
function changeDays(sub: Subscription, from: number, to: number): number[] {
  const days = new Set<number>();
  const add = (t: number | undefined): void => {
    if (t !== undefined && t >= from && t < to) days.add(startOfDayUtc(t));
  };
  for (const state of sub.history) {
    if (state.at >= to) break;
    add(state.at);
    add(state.startAt);
    add(state.endAt);
    const months = upfrontMonths[state.billingTerm];
    for (let k = 1; months !== undefined && state.startAt < to; k++) {
      const anniversary = addMonthsUtc(state.startAt, k * months);
      if (anniversary >= to) break;
      add(anniversary);
    }
  }
  return [...days].sort((a, b) => a - b);
}

function line(scope: LineScope, sub: Subscription, billed: Billed, fields: Pick<BillingLine, 'key' | 'type' | 'quantity' | 'start'>): BillingLine {
  const days = daysLeft(billed.period, fields.start);
  const ofDays = periodDays(billed.period);
  const made: BillingLine = {
    key: fields.key,
    type: fields.type,
    company: scope.company,
    sub,
    product: scope.product,
    quantity: fields.quantity,
    price: billed.state.price,
    cost: billed.state.partnerCost,
    days,
    ofDays,
    start: fields.start,
    end: billed.period.end - DAY_MS,
    term: invoiceTerm[billed.state.billingTerm],
  };
  if (days < ofDays) made.details = `Prorated ${days} of ${ofDays} days`;
  return made;
}

/**
 * Lines for what changed on `day`: a seat change is one prorated line for the difference; anything
 * else (a start, an end, a new price, a new period) credits what was billed for the rest of its
 * period and charges what is billed now for the rest of its own. A new upfront period is charged whole.
 */
function transition(scope: LineScope, sub: Subscription, before: Billed | undefined, after: Billed | undefined, day: number): BillingLine[] {
  const key = `${sub.id}:${day}`;
  if (before && after && samePrice(before, after)) {
    return [line(scope, sub, after, { key, type: 'prorate', quantity: after.state.quantity - before.state.quantity, start: day })];
  }
  const lines: BillingLine[] = [];
  if (before && daysLeft(before.period, day) > 0) lines.push(line(scope, sub, before, { key: `${key}:credit`, type: 'prorate', quantity: -before.state.quantity, start: day }));
  if (after) {
    const whole = after.state.billingTerm !== 'Monthly' && day === after.period.start;
    lines.push(line(scope, sub, after, { key: `${key}:charge`, type: whole ? 'subscription' : 'prorate', quantity: after.state.quantity, start: day }));
  }
  return lines;
}

/** Prorated lines for every change in the month before the invoice month. */
function changeLines(scope: LineScope, sub: Subscription): BillingLine[] {
  const from = addMonthsUtc(scope.monthStart, -1);
  const lines: BillingLine[] = [];
  let before = billedAt(sub, from);
  for (const day of changeDays(sub, from, scope.monthStart)) {
    const after = billedAt(sub, day + DAY_MS - 1);
    if (same(before, after)) continue;
    lines.push(...transition(scope, sub, before, after, day));
    before = after;
  }
  return lines;
}

/** The day a subscription was first billed, if any. */
function firstBilledDay(sub: Subscription): number | undefined {
  for (const state of sub.history) {
    const day = startOfDayUtc(Math.max(state.at, state.startAt));
    if (billedOnDay(sub, day)) return day;
  }
  return undefined;
}

/** A one-time purchase is billed once, on the invoice after the month it was first billed in. */
function oneTimeLines(scope: LineScope, sub: Subscription): BillingLine[] {
  const day = firstBilledDay(sub);
  const state = day === undefined ? undefined : billedOnDay(sub, day);
  if (day === undefined || !state || day < addMonthsUtc(scope.monthStart, -1) || day >= scope.monthStart) return [];
  return [{
    key: `${sub.id}:one-time`, type: 'one-time', company: scope.company, sub, product: scope.product, quantity: state.quantity,
    price: state.price, cost: state.partnerCost, days: 1, ofDays: 1, start: day, end: day, term: invoiceTerm[state.billingTerm],
  }];
}

/** Usage of the month before, billed in arrears: the sums of the subscription's usage lines. */
function arrearsLines(scope: LineScope, sub: Subscription): BillingLine[] {
  const period = monthPeriod(addMonthsUtc(scope.monthStart, -1));
  const used = usageTotals(scope.data, sub, period.start, period.end, scope.now);
  if (used.lines === 0) return [];
  return [{
    key: `${sub.id}:arrears`, type: 'subscription', company: scope.company, sub, product: scope.product, quantity: 1,
    price: used.chargesCents / 100, cost: used.partnerCents / 100, days: 1, ofDays: 1, start: period.start, end: period.end - DAY_MS, term: 'Arrears',
  }];
}

/**
 * Everything one subscription puts on the invoice of `scope.monthStart`: the month billed in
 * advance (Monthly terms, at the state in effect at 00:00 UTC on the 1st), prorated lines for the
 * previous month's changes, upfront periods that started then, a one-time purchase made then, and
 * the previous month's usage in arrears.
 */
export function subscriptionLines(scope: LineScope, sub: Subscription): BillingLine[] {
  if (scope.product.usageBased) return scope.arrears ? arrearsLines(scope, sub) : [];
  const first = sub.history[0];
  if (first && oneTimeTerms.has(first.billingTerm)) return oneTimeLines(scope, sub);
  const lines: BillingLine[] = [];
  const head = billedAt(sub, scope.monthStart);
  if (head?.state.billingTerm === 'Monthly') lines.push(line(scope, sub, head, { key: `${sub.id}:month`, type: 'subscription', quantity: head.state.quantity, start: scope.monthStart }));
  lines.push(...changeLines(scope, sub));
  return lines;
}
