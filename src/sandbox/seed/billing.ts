import type { BillingTerm, Subscription, SubscriptionState, SubscriptionStatus } from '../model.ts';
import { DAY_MS } from '../wire-dates.ts';

/**
 * Statuses Pax8 bills: the subscription is live. Status does not drive billing on its own (dates
 * do, WIRE-NOTES rule 9), but pending provisioning, trials, converted trials and cancelled
 * subscriptions are not billed.
 */
export const billedStatuses: ReadonlySet<SubscriptionStatus> = new Set<SubscriptionStatus>(['Active', 'Activated', 'PendingCancel']);

/** The subscription as it was at time `t` according to its history (undefined before it existed). */
export function stateAt(sub: Subscription, t: number): SubscriptionState | undefined {
  let found: SubscriptionState | undefined;
  for (const entry of sub.history) {
    if (entry.at <= t) found = entry;
    else break;
  }
  return found;
}

/**
 * What Pax8 bills for a subscription at instant `t`: its state then, when the status is billed, the
 * term has started (`startAt`) and a pending cancellation has not reached its date; else undefined.
 */
export function billedStateAt(sub: Subscription, t: number): SubscriptionState | undefined {
  const state = stateAt(sub, t);
  if (!state || !billedStatuses.has(state.status) || state.startAt > t) return undefined;
  if (state.status === 'PendingCancel' && state.endAt !== undefined && state.endAt <= t) return undefined;
  return state;
}

/**
 * The state billed for the UTC day starting at `day`: the one in effect at the end of that day, so a
 * start, seat change or cancellation counts for the whole day it happened on.
 */
export function billedOnDay(sub: Subscription, day: number): SubscriptionState | undefined {
  return billedStateAt(sub, day + DAY_MS - 1);
}

/** Billing terms as invoice items spell them (`3 Year`, not `3-Year`; WIRE-NOTES rule 11). */
export const invoiceTerm: Readonly<Record<BillingTerm, string>> = {
  Monthly: 'Monthly', Annual: 'Annual', '2-Year': '2 Year', '3-Year': '3 Year', 'One-Time': 'One-Time', Trial: 'Trial', Activation: 'Activation',
};

/** Terms billed once, when the subscription is first billed, rather than per period. */
export const oneTimeTerms: ReadonlySet<BillingTerm> = new Set<BillingTerm>(['One-Time', 'Activation']);
