import type { Subscription, SubscriptionState } from '../model.ts';
import { addMonthsUtc } from '../wire-dates.ts';

/** Statuses in which a subscription is live and its term keeps renewing. */
const renewing = new Set(['Active', 'Activated', 'Converted']);

/** Records a change: the new current state also becomes the latest history entry. */
export function applyChange(sub: Subscription, at: number, change: Partial<Omit<SubscriptionState, 'at'>>): SubscriptionState {
  const next: SubscriptionState = { ...sub.state, ...change, at };
  if (change.endAt === undefined && 'endAt' in change) delete next.endAt;
  sub.state = next;
  sub.history.push(next);
  return next;
}

/**
 * Moves one subscription forward to `now`, the way Pax8's back office would have: pending
 * provisioning completes, a PendingCancel becomes Cancelled at its end date, and a term that ended
 * renews for a new term (new start and end, a history entry per renewal). Applied lazily, so no
 * timers are needed. Returns the earliest future time at which something will happen, if any.
 */
export function advanceSubscription(sub: Subscription, now: number): number | undefined {
  if (sub.pendingUntil !== undefined && sub.pendingUntil <= now && sub.state.status.startsWith('Pending') && sub.state.status !== 'PendingCancel') {
    const at = sub.pendingUntil;
    delete sub.pendingUntil;
    applyChange(sub, at, { status: 'Active' });
  }
  if (sub.state.status === 'PendingCancel' && sub.state.endAt !== undefined && sub.state.endAt <= now) {
    applyChange(sub, sub.state.endAt, { status: 'Cancelled' });
  }
  if (sub.termMonths !== undefined && renewing.has(sub.state.status)) {
    while (sub.state.endAt !== undefined && sub.state.endAt <= now) {
      const start = sub.state.endAt;
      applyChange(sub, start, { startAt: start, endAt: addMonthsUtc(start, sub.termMonths) });
    }
  }
  return nextEventAt(sub);
}

function nextEventAt(sub: Subscription): number | undefined {
  const { status, endAt } = sub.state;
  if (sub.pendingUntil !== undefined && status !== 'PendingCancel') return sub.pendingUntil;
  if (status === 'PendingCancel') return endAt;
  if (sub.termMonths !== undefined && renewing.has(status)) return endAt;
  return undefined;
}
