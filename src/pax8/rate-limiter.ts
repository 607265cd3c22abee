import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock, type Clock } from '../util/clock.ts';

/**
 * The shared call budget for one Pax8 partner account (1000 calls/minute, counted by Pax8 over a
 * sliding window; WIRE-NOTES "Rate limit"). `acquire` resolves when one more request may start and
 * counts it. In-memory here; a PostgreSQL implementation lets several replicas share the budget.
 */
export interface RateBudget {
  acquire(signal?: AbortSignal): Promise<CallSlot>;
}

/**
 * One counted call. Its `done` is called once its answer (or its failure) is in: the call then
 * counts from that moment, not from the moment it was allowed to start. Pax8 counts a call when it
 * receives it, which is some time after the start was booked (the token, a busy event loop, the
 * network, a server busy with other calls) but never after the answer came back. So a call booked
 * a window after the answer of the call `limit` before it can never share Pax8's window with that
 * call, however late that call reached Pax8; booked from the start alone, a late call and its
 * punctual successor a minute later would meet in one window and the successor would get a 429.
 */
export interface CallSlot {
  /** Never rejects: the call was made, and its answer must reach the caller whatever happens here. */
  done(): Promise<void>;
}

const countedSlot: CallSlot = { done: () => Promise.resolve() };

export interface SlidingWindowOptions {
  /** Requests allowed to start within any window. */
  readonly limit: number;
  /** Window length; Pax8 counts per minute. */
  readonly windowMs?: number;
  /**
   * Added to the window so that requests spaced exactly one window apart on this side cannot arrive
   * inside one window on the server's side (network jitter).
   */
  readonly marginMs?: number;
  readonly clock?: Clock;
}

/**
 * A sliding-window log: the times of the last `limit` calls in a ring, each booked when the call is
 * allowed to start and moved to when its answer came ({@link CallSlot}). Call k may start no
 * earlier than call k − limit's time plus one window, so no window of the server ever holds more
 * than `limit` arrivals, not even at the seam of two minutes where a fixed-window counter would
 * allow twice the limit. (This holds while fewer than `limit` calls are in flight at once, which
 * the client's concurrency limit ensures.) A long crawl runs at the limit rate: the first `limit`
 * calls start at once (the server window is empty), then one more each time one leaves the window.
 */
export function createSlidingWindowLimiter(options: SlidingWindowOptions): RateBudget & { reserve(nowMs: number): number } {
  const { limit, windowMs = 60_000, marginMs = 250, clock = systemClock } = options;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('rate limit must be an integer >= 1');
  const times = new Array<number>(limit).fill(Number.NEGATIVE_INFINITY);
  let next = 0;
  let lastBooked = Number.NEGATIVE_INFINITY;
  const span = windowMs + marginMs;

  /** Books the earliest allowed start at or after `nowMs` and returns it. Bookings never go backwards. */
  function book(nowMs: number): { at: number; slot: number } {
    const slot = next;
    const at = Math.max(nowMs, (times[slot] ?? Number.NEGATIVE_INFINITY) + span, lastBooked);
    times[slot] = at;
    lastBooked = at;
    next = (next + 1) % limit;
    return { at, slot };
  }

  return {
    reserve: (nowMs) => book(nowMs).at,
    async acquire(signal) {
      const now = clock.now().getTime();
      const { at, slot } = book(now);
      if (at > now) await sleep(at - now, undefined, signal ? { signal } : undefined);
      return {
        done() {
          // Unless the ring came round to this slot meanwhile (more than `limit` calls in flight).
          if (times[slot] === at) times[slot] = Math.max(at, clock.now().getTime());
          return Promise.resolve();
        },
      };
    },
  };
}

/** No client-side limit; for tests that want to see the server's 429s. */
export const unlimitedRateBudget: RateBudget = {
  acquire: () => Promise.resolve(countedSlot),
};
