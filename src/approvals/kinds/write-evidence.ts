import type { Subscription } from '../../pax8/index.ts';
import { subscriptionTimes } from '../pax8-port.ts';

/**
 * How an uncertain write is matched with Pax8's records: only records dated inside the attempt
 * (from sending to the answer, or to the end of a dead owner's lease), allowing for clock skew, and
 * not credited to another attempt already.
 */
export interface AttemptWindow {
  readonly from: Date;
  readonly to: Date;
}

export function attemptWindow(sentAt: Date, attemptEnd: Date, skewMs: number): AttemptWindow {
  return { from: new Date(sentAt.getTime() - skewMs), to: new Date(attemptEnd.getTime() + skewMs) };
}

export const within = (w: AttemptWindow, at: Date): boolean => at >= w.from && at <= w.to;

/** The key that names one history entry of a subscription (its time and the quantity it set), unique across attempts. */
export const historyEvidence = (subscriptionId: string, at: Date, quantity: number | undefined): string => `history:${subscriptionId}@${at.toISOString()}#${String(quantity)}`;

/** One change in a subscription's history: the state before and the state it became, and when. */
export interface HistoryChange {
  readonly before: Subscription | undefined;
  readonly after: Subscription;
  readonly at: Date;
}

/**
 * The dated changes of a history, oldest first. Pax8 lists the newest state first; the first state
 * often carries no `updatedDate` (it is the purchase): it is no change itself, but the state before one.
 */
export function historyChanges(history: readonly Subscription[]): HistoryChange[] {
  const oldestFirst = [...history].reverse();
  return oldestFirst.flatMap((after, i) => {
    const at = subscriptionTimes(after).updatedDate;
    return at ? [{ before: oldestFirst[i - 1], after, at }] : [];
  });
}

/** "10:01:00 and 10:03:00 UTC on 2026-03-02" style, for telling an approver where to look. */
export function windowText(w: AttemptWindow): string {
  return `${w.from.toISOString().slice(0, 19).replace('T', ' ')} and ${w.to.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
