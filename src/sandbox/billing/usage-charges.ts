import type { Subscription, UsageSummary } from '../model.ts';
import type { SandboxData } from '../sandbox-data.ts';
import { billedOnDay } from '../seed/billing.ts';
import { DAY_MS, startOfDayUtc } from '../wire-dates.ts';
import { usageLinesOn, usageReadingsOn } from '../wire/usage-wire.ts';
import type { WireObject } from '../wire/wire-types.ts';

/**
 * The usage lines of a summary from `from` to `to` (UTC days, `to` excluded): one set per day on
 * which its subscription was billed, none after `now`'s day. What `/usage-lines` serves for a day,
 * and what the arrears line of an invoice adds up.
 */
export function usageLinesBetween(data: SandboxData, summary: UsageSummary, from: number, to: number, now: number): WireObject[] {
  const sub = data.subscriptionsById.get(summary.subscriptionId);
  if (!sub) return [];
  const last = Math.min(to, startOfDayUtc(now) + DAY_MS);
  const lines: WireObject[] = [];
  for (let day = startOfDayUtc(from); day < last; day += DAY_MS) {
    if (billedOnDay(sub, day)) lines.push(...usageLinesOn(summary, day, sub.currencyCode));
  }
  return lines;
}

/**
 * What a usage-billed subscription used from `from` to `to`, in cents: the customer charges and the
 * partner total of all its summaries' lines (each line's amount in cents, added up). Billed in
 * arrears on the next invoice.
 */
export function usageTotals(data: SandboxData, sub: Subscription, from: number, to: number, now: number): { chargesCents: number; partnerCents: number; lines: number } {
  const totals = { chargesCents: 0, partnerCents: 0, lines: 0 };
  const summaries = data.usageSummariesBySubscription.get(sub.id) ?? [];
  if (summaries.length === 0) return totals;
  const last = Math.min(to, startOfDayUtc(now) + DAY_MS);
  for (let day = startOfDayUtc(from); day < last; day += DAY_MS) {
    if (!billedOnDay(sub, day)) continue;
    for (const summary of summaries) {
      for (const reading of usageReadingsOn(summary, day)) {
        totals.chargesCents += Math.round(reading.currentCharges * 100);
        totals.partnerCents += Math.round(reading.partnerTotal * 100);
        totals.lines += 1;
      }
    }
  }
  return totals;
}
