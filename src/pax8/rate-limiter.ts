import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock, type Clock } from '../util/clock.ts';

/**
 * The shared call budget for one Pax8 partner account (1000 calls/minute, counted by Pax8 over a
 * sliding window; WIRE-NOTES "Rate limit"). `acquire` resolves when one more request may start and
 * counts it. In-memory here; a PostgreSQL implementation lets several replicas share the budget.
 */
export interface RateBudget {
  acquire(signal?: AbortSignal): Promise<void>;
}

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
 * A sliding-window log: the start times of the last `limit` requests in a ring. Request k may start
 * no earlier than request k − limit plus one window, so no window ever holds more than `limit`
 * starts, not even at the seam of two minutes where a fixed-window counter would allow twice the
 * limit. A long crawl runs at the limit rate: the first `limit` requests start at once (the server
 * window is empty), then one more each time one leaves the window.
 */
export function createSlidingWindowLimiter(options: SlidingWindowOptions): RateBudget & { reserve(nowMs: number): number } {
  const { limit, windowMs = 60_000, marginMs = 250, clock = systemClock } = options;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('rate limit must be an integer >= 1');
  const starts = new Array<number>(limit).fill(Number.NEGATIVE_INFINITY);
  let next = 0;
  const span = windowMs + marginMs;

  /** Books the earliest allowed start at or after `nowMs` and returns it. Bookings never go backwards. */
  function reserve(nowMs: number): number {
    const oldest = starts[next] ?? Number.NEGATIVE_INFINITY;
    const previous = starts[(next + limit - 1) % limit] ?? Number.NEGATIVE_INFINITY;
    const at = Math.max(nowMs, oldest + span, previous);
    starts[next] = at;
    next = (next + 1) % limit;
    return at;
  }

  return {
    reserve,
    async acquire(signal) {
      const now = clock.now().getTime();
      const wait = reserve(now) - now;
      if (wait > 0) await sleep(wait, undefined, signal ? { signal } : undefined);
    },
  };
}

/** No client-side limit; for tests that want to see the server's 429s. */
export const unlimitedRateBudget: RateBudget = {
  acquire: () => Promise.resolve(),
};
