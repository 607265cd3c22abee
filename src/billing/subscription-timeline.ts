import { parsePax8Date, type SubscriptionHistory } from '../pax8/index.ts';
import { DAY_MS, dayStart, periodAround, termKey, type TermKey } from './billing-calendar.ts';

/** One state of a subscription, in effect from `from` until the next one. */
export interface SubscriptionState {
  readonly from: number;
  readonly status: string;
  readonly quantity: number;
  readonly price: number;
  readonly cost: number;
  readonly term: TermKey;
  readonly startAt: number;
  readonly endAt: number | undefined;
}

/** What Pax8 bills: these statuses once the start date has come; pending provisioning, trials, converted and cancelled are not billed. */
const billedStatuses = new Set(['active', 'activated', 'pendingcancel']);

function stateOf(entry: SubscriptionHistory): SubscriptionState | undefined {
  const from = parsePax8Date(entry.updatedDate ?? entry.createdDate)?.getTime();
  const startAt = parsePax8Date(entry.startDate)?.getTime();
  if (from === undefined || startAt === undefined) return undefined;
  return {
    from,
    status: (entry.status ?? '').toLowerCase(),
    quantity: entry.quantity ?? 0,
    price: entry.price ?? 0,
    cost: entry.partnerCost ?? 0,
    term: termKey(entry.billingTerm),
    startAt,
    endAt: parsePax8Date(entry.endDate)?.getTime(),
  };
}

/**
 * The states of a subscription, oldest first, from `GET /subscriptions/{id}/history` (or from the
 * subscription itself when it has not changed since the period began): each in effect from its
 * `updatedDate` (the first from `createdDate`). Entries without readable dates are left out.
 */
export function timelineOf(entries: readonly (SubscriptionHistory)[]): SubscriptionState[] {
  const states = entries.map(stateOf).filter((s): s is SubscriptionState => s !== undefined);
  // Pax8 lists history newest first; equal times keep that order reversed (older first).
  return states.map((state, i) => ({ state, i })).sort((a, b) => a.state.from - b.state.from || b.i - a.i).map(({ state }) => state);
}

/** The state in effect at `t`, if it is billed then. */
export function billedAt(timeline: readonly SubscriptionState[], t: number): SubscriptionState | undefined {
  let current: SubscriptionState | undefined;
  for (const state of timeline) {
    if (state.from > t) break;
    current = state;
  }
  if (!current || !billedStatuses.has(current.status) || current.startAt > t) return undefined;
  if (current.status === 'pendingcancel' && current.endAt !== undefined && current.endAt <= t) return undefined;
  return current;
}

/** A billed state with the period it is billed for. */
export interface BilledState {
  readonly state: SubscriptionState;
  readonly period: { readonly start: number; readonly end: number };
}

/** What is billed at `t` and for which period; undefined when nothing is, or the term bills once. */
export function billedWithPeriod(timeline: readonly SubscriptionState[], t: number): BilledState | undefined {
  const state = billedAt(timeline, t);
  const period = state && periodAround(state.term, state.startAt, dayStart(t));
  return state && period ? { state, period } : undefined;
}

/** The days from `from` to `to` (excluded) billed at their end: a change counts for the whole day it happened on. */
export function billedDays(timeline: readonly SubscriptionState[], from: number, to: number): number[] {
  const days: number[] = [];
  for (let day = from; day < to; day += DAY_MS) if (billedAt(timeline, day + DAY_MS - 1)) days.push(day);
  return days;
}
