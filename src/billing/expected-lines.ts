import { DAY_MS, isRecurring, plusMonths, prorated, type TermKey } from './billing-calendar.ts';
import { billedAt, billedDays, billedWithPeriod, type BilledState, type SubscriptionState } from './subscription-timeline.ts';

/** The kinds of invoice line the reconciler compares; credits and rebates are money only and never compared. */
export type LineType = 'subscription' | 'prorate' | 'one-time' | 'arrears';

/** An invoice line as the reconciler sees it, expected from the history or read from the invoice. */
export interface ChargeLine {
  readonly subscriptionId: string | null;
  readonly productId: string;
  readonly type: LineType;
  readonly term: TermKey;
  /** First and last day billed (UTC midnight). */
  readonly startDay: number;
  readonly endDay: number;
  readonly quantity: number;
  readonly unitCost: number;
  readonly unitPrice: number;
  readonly costTotal: number;
  readonly priceTotal: number;
}

/** The subscription a line is expected for. `usage`: billed on consumption, in arrears (Azure plan). */
export interface ExpectedFor {
  readonly id: string;
  readonly productId: string;
  readonly usage: boolean;
}

function charge(sub: ExpectedFor, billed: BilledState, type: LineType, quantity: number, day: number): ChargeLine {
  const periodDays = Math.round((billed.period.end - billed.period.start) / DAY_MS);
  const days = Math.round((billed.period.end - day) / DAY_MS);
  const { state } = billed;
  return {
    subscriptionId: sub.id,
    productId: sub.productId,
    type,
    term: state.term,
    startDay: day,
    endDay: billed.period.end - DAY_MS,
    quantity,
    unitCost: state.cost,
    unitPrice: state.price,
    costTotal: prorated(state.cost, quantity, days, periodDays),
    priceTotal: prorated(state.price, quantity, days, periodDays),
  };
}

/** Same term, period, price and cost: only the seat count may differ. */
function samePricing(a: BilledState, b: BilledState): boolean {
  return a.state.term === b.state.term && a.period.start === b.period.start && a.state.price === b.state.price && a.state.cost === b.state.cost;
}

/** A one-time purchase (or activation fee) is billed once, on the invoice of the month after the day it was first billed. */
function oneTimeLines(sub: ExpectedFor, timeline: readonly SubscriptionState[], month: number): ChargeLine[] {
  const first = timeline[0];
  if (!first) return [];
  const previous = plusMonths(month, -1);
  const day = billedDays(timeline, Math.floor(first.from / DAY_MS) * DAY_MS, month)[0];
  const state = day === undefined ? undefined : billedAt(timeline, day + DAY_MS - 1);
  if (day === undefined || day < previous || !state) return [];
  return [{
    subscriptionId: sub.id, productId: sub.productId, type: 'one-time', term: state.term, startDay: day, endDay: day, quantity: state.quantity,
    unitCost: state.cost, unitPrice: state.price, costTotal: prorated(state.cost, state.quantity, 1, 1), priceTotal: prorated(state.price, state.quantity, 1, 1),
  }];
}

/**
 * The lines one subscription should put on the invoice of the month starting at `month`, from its
 * states then: the month in advance for a monthly term (as it stood at 00:00 UTC on the 1st), and
 * for each day of the month before whose billing differs from the day before, a prorated line for
 * a seat difference, or a credit of what was billed and a charge of what is billed now (a whole
 * upfront period when one starts that day). Usage in arrears is expected when the subscription was
 * billed on any day of the month before (its amount comes from usage, so it is compared by presence).
 */
export function expectedLines(sub: ExpectedFor, timeline: readonly SubscriptionState[], month: number): ChargeLine[] {
  const previous = plusMonths(month, -1);
  if (sub.usage) {
    if (billedDays(timeline, previous, month).length === 0) return [];
    return [{ subscriptionId: sub.id, productId: sub.productId, type: 'arrears', term: 'arrears', startDay: previous, endDay: month - DAY_MS, quantity: 1, unitCost: 0, unitPrice: 0, costTotal: 0, priceTotal: 0 }];
  }
  const firstTerm = timeline[0]?.term;
  if (firstTerm === 'onetime' || firstTerm === 'activation') return oneTimeLines(sub, timeline, month);
  const lines: ChargeLine[] = [];
  const head = billedWithPeriod(timeline, month);
  if (head && head.state.term === 'monthly') lines.push(charge(sub, head, 'subscription', head.state.quantity, month));
  let before = billedWithPeriod(timeline, previous);
  for (let day = previous; day < month; day += DAY_MS) {
    const after = billedWithPeriod(timeline, day + DAY_MS - 1);
    if (!before && !after) continue;
    if (before && after && samePricing(before, after)) {
      if (before.state.quantity !== after.state.quantity) lines.push(charge(sub, after, 'prorate', after.state.quantity - before.state.quantity, day));
    } else {
      if (before && before.period.end > day) lines.push(charge(sub, before, 'prorate', -before.state.quantity, day));
      if (after) lines.push(charge(sub, after, after.state.term !== 'monthly' && day === after.period.start ? 'subscription' : 'prorate', after.state.quantity, day));
    }
    before = after;
  }
  return lines.filter((line) => isRecurring(line.term));
}
