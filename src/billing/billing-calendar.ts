/**
 * Calendar arithmetic of Pax8 billing, in UTC: calendar months for monthly terms, anniversaries of
 * the term's start for annual and multi-year terms (WIRE-NOTES rule 11; README "How the sandbox bills").
 */

export const DAY_MS = 86_400_000;

/** Midnight UTC of the day `ms` falls on. */
export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** `YYYY-MM-DD` of a UTC day. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `YYYY-MM` of a UTC time. */
export function isoMonth(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** Midnight UTC on the 1st of a `YYYY-MM` month; undefined for anything else. */
export function monthStartOf(month: string): number | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return undefined;
  const m = Number(match[2]);
  if (m < 1 || m > 12) return undefined;
  return Date.UTC(Number(match[1]), m - 1, 1);
}

/**
 * `n` months after `ms`, on the same day of the month, or on the month's last day when it is
 * shorter (31 January + 1 month = 28 or 29 February); the time of day is kept.
 */
export function plusMonths(ms: number, n: number): number {
  const at = new Date(ms);
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth() + n;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(at.getUTCDate(), lastDay)) + (ms - dayStart(ms));
}

/** Months in one billing period of a term, or undefined for terms that bill once (One-Time, Activation) or never (Trial). */
export function periodMonths(term: TermKey): number | undefined {
  switch (term) {
    case 'monthly':
      return 1;
    case 'annual':
      return 12;
    case '2year':
      return 24;
    case '3year':
      return 36;
    default:
      return undefined;
  }
}

/**
 * A billing term as one key, whatever the spelling: subscriptions say `2-Year`, invoice items
 * `2 Year` (WIRE-NOTES rule 11), and case varies.
 */
export type TermKey = 'monthly' | 'annual' | '2year' | '3year' | 'onetime' | 'activation' | 'trial' | 'arrears' | 'rebate' | 'other';

export function termKey(term: string | null | undefined): TermKey {
  const key = (term ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  switch (key) {
    case 'monthly':
    case 'annual':
    case '2year':
    case '3year':
    case 'onetime':
    case 'activation':
    case 'trial':
    case 'arrears':
    case 'rebate':
      return key;
    case 'yearly':
    case '1year':
      return 'annual';
    default:
      return 'other';
  }
}

/** Terms that carry no recurring cost: they never count as monthly amounts. */
export function isRecurring(term: TermKey): boolean {
  return periodMonths(term) !== undefined;
}

/** The billing period (start day, end exclusive) of a recurring term that contains `day`. */
export function periodAround(term: TermKey, termStart: number, day: number): { start: number; end: number } | undefined {
  const months = periodMonths(term);
  if (months === undefined) return undefined;
  if (months === 1) {
    const at = new Date(day);
    return { start: Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1), end: Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1) };
  }
  // Anniversaries of the term's start: jump close by years, then step.
  const anchor = dayStart(termStart);
  let k = Math.max(0, Math.floor((day - anchor) / (months * 30.5 * DAY_MS)) - 1);
  while (dayStart(plusMonths(anchor, (k + 1) * months)) <= day) k += 1;
  while (k > 0 && dayStart(plusMonths(anchor, k * months)) > day) k -= 1;
  return { start: dayStart(plusMonths(anchor, k * months)), end: dayStart(plusMonths(anchor, (k + 1) * months)) };
}

/**
 * `unit × quantity × days ÷ periodDays`, computed in cents and rounded to the cent with halves away
 * from zero, as Pax8 prorates; a whole period is `unit × quantity`.
 */
export function prorated(unit: number, quantity: number, days: number, periodDays: number): number {
  const exact = (Math.round(unit * 100) * quantity * days) / periodDays;
  return (Math.sign(exact) * Math.round(Math.abs(exact))) / 100;
}

/** Money in cents, so sums do not drift. */
export function cents(amount: number): number {
  return Math.round(amount * 100);
}
