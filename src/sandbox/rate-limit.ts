/** Network jitter allowance: a request may reach us slightly early relative to one a minute before. */
export const JITTER_MS = 250;

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Pax8's 1000 calls per minute per partner, as a sliding 60 s window over the arrival times of
 * accepted requests (refused ones do not count, so a client that backs off recovers). A client that
 * spaces requests evenly at exactly the limit sees at most limit-1 earlier requests in any window
 * and is never refused; the window is shortened by a small jitter allowance so that network timing
 * noise does not turn an evenly paced client into a refused one. `limit` 0 turns it off. Graph's
 * per-tenant limit uses the same window over `windowMs` = 10 s.
 */
export function createRateLimiter(limit: number, realNow: () => number = () => performance.now(), windowMs = 60_000) {
  const arrivals: number[] = [];
  let head = 0;
  return {
    check(): RateDecision {
      if (limit <= 0) return { ok: true };
      const now = realNow();
      const horizon = now - (windowMs - JITTER_MS);
      while (head < arrivals.length && (arrivals[head] ?? Infinity) <= horizon) head++;
      if (head > 4096) {
        arrivals.splice(0, head);
        head = 0;
      }
      if (arrivals.length - head >= limit) {
        const oldest = arrivals[head] ?? now;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest - horizon) / 1000)) };
      }
      arrivals.push(now);
      return { ok: true };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
