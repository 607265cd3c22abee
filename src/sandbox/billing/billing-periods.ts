import type { BillingTerm, SubscriptionState } from '../model.ts';
import { addMonthsUtc, DAY_MS, startOfDayUtc } from '../wire-dates.ts';

/** A billing period as UTC days: `start` inclusive, `end` exclusive (both the start of a day). */
export interface Period {
  start: number;
  end: number;
}

/** Months in one billing period of the terms billed upfront; Monthly bills calendar months. */
export const upfrontMonths: Readonly<Partial<Record<BillingTerm, number>>> = { Annual: 12, '2-Year': 24, '3-Year': 36 };

/** The calendar month (UTC) holding `day`. */
export function monthPeriod(day: number): Period {
  const d = new Date(day);
  return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
}

/**
 * The upfront period holding `day`: periods of 12, 24 or 36 months from the term's start
 * (`startDate`), so a 3-year commitment billed annually has three yearly periods.
 */
function upfrontPeriod(startAt: number, months: number, day: number): Period {
  let k = 0;
  while (startOfDayUtc(addMonthsUtc(startAt, (k + 1) * months)) <= day) k += 1;
  return { start: startOfDayUtc(addMonthsUtc(startAt, k * months)), end: startOfDayUtc(addMonthsUtc(startAt, (k + 1) * months)) };
}

/** The billing period of `state` that holds `day`; undefined for terms billed once (and trials). */
export function billingPeriod(state: SubscriptionState, day: number): Period | undefined {
  if (state.billingTerm === 'Monthly') return monthPeriod(day);
  const months = upfrontMonths[state.billingTerm];
  return months === undefined ? undefined : upfrontPeriod(state.startAt, months, day);
}

/** Whole days in a period. */
export function periodDays(period: Period): number {
  return Math.round((period.end - period.start) / DAY_MS);
}

/** Days from `day` (included) to the end of the period. */
export function daysLeft(period: Period, day: number): number {
  return Math.max(0, Math.round((period.end - day) / DAY_MS));
}

/** Rounds half away from zero, so a credit and the charge it undoes round to the same cents. */
function roundHalfAway(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

/**
 * What a line costs, in cents: `unit × quantity × days ÷ periodDays`, with the unit in cents and the
 * result rounded to the cent (halves away from zero). Integer arithmetic until the one division, so
 * a reconciler that does the same gets the same cents.
 */
export function lineCents(unit: number, quantity: number, days: number, ofDays: number): number {
  const unitCents = Math.round(unit * 100);
  return roundHalfAway((unitCents * quantity * days) / ofDays);
}
