import type { WindowCheck } from '../kind-definition.ts';
import type { Subscription } from '../../pax8/index.ts';
import { subscriptionTimes } from '../pax8-port.ts';
import { dateTime } from '../../views/format.ts';

/** Microsoft allows decreases and cancellations within 168 hours of purchase or renewal (WIRE-NOTES rule 5). */
export const changeWindowMs = 7 * 86_400_000;
/** Run a little after the term starts, so Pax8 and Microsoft agree the new term has begun. */
const startMargin = 3_600_000;

/**
 * Where a decrease or cancellation may run: now, if the current term started less than 7 days ago
 * (or the subscription has no commitment); else inside the 7 days after the commitment ends and the
 * next term starts.
 */
export function renewalWindow(subscription: Subscription, now: Date): WindowCheck {
  const { commitmentEnd: end, startDate: termStart } = subscriptionTimes(subscription);
  if (end === undefined) return { ready: true };
  const t = now.getTime();
  if (termStart && t >= termStart.getTime() && t < termStart.getTime() + changeWindowMs) return { ready: true };
  if (t >= end.getTime() && t < end.getTime() + changeWindowMs - startMargin) return { ready: true };
  if (t >= end.getTime() + changeWindowMs) return { ready: false, reason: `the commitment ended ${dateTime(end.toISOString())} and its 7-day change window has passed` };
  return { ready: false, runAt: new Date(end.getTime() + startMargin), windowEnd: new Date(end.getTime() + changeWindowMs) };
}
