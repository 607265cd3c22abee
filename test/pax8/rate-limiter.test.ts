import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSlidingWindowLimiter } from '../../src/pax8/index.ts';
import { createRateLimiter } from '../../src/sandbox/rate-limit.ts';
import { createManualClock } from '../../src/util/clock.ts';

/** Largest number of starts inside any half-open window [t, t + windowMs). */
function maxInAnyWindow(starts: number[], windowMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi += 1) {
    while ((sorted[hi] ?? 0) - (sorted[lo] ?? 0) >= windowMs) lo += 1;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

describe('sliding-window rate limiter', () => {
  it('lets the first `limit` requests start at once, then one per freed slot', () => {
    const limiter = createSlidingWindowLimiter({ limit: 3, windowMs: 1_000, marginMs: 0 });
    const starts = Array.from({ length: 7 }, () => limiter.reserve(0));
    expect(starts).toEqual([0, 0, 0, 1_000, 1_000, 1_000, 2_000]);
  });

  it('adds the safety margin to the window', () => {
    const limiter = createSlidingWindowLimiter({ limit: 2, windowMs: 1_000, marginMs: 50 });
    expect([0, 0, 0, 0].map(() => limiter.reserve(0))).toEqual([0, 0, 1_050, 1_050]);
  });

  it('never books more than `limit` starts in any window, whatever the arrival pattern', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 300 }), (limit, gaps) => {
        const limiter = createSlidingWindowLimiter({ limit, windowMs: 1_000, marginMs: 0 });
        let now = 0;
        const starts = gaps.map((gap) => {
          now += gap;
          const at = limiter.reserve(now);
          expect(at).toBeGreaterThanOrEqual(now);
          return at;
        });
        expect(maxInAnyWindow(starts, 1_000)).toBeLessThanOrEqual(limit);
      }),
    );
  });

  it('runs a long crawl at the limit rate (no slower than needed)', () => {
    const limit = 1000;
    const limiter = createSlidingWindowLimiter({ limit, windowMs: 60_000, marginMs: 0 });
    const starts = Array.from({ length: 3 * limit }, () => limiter.reserve(0));
    expect(starts.at(-1)).toBe(120_000);
    expect(maxInAnyWindow(starts, 60_000)).toBe(limit);
  });

  it('acquire waits on the injected clock only when the window is full', async () => {
    const clock = createManualClock('2025-01-01T00:00:00Z');
    const limiter = createSlidingWindowLimiter({ limit: 2, windowMs: 40, marginMs: 0, clock });
    const before = Date.now();
    await limiter.acquire();
    await limiter.acquire();
    clock.advance(40);
    await limiter.acquire();
    await limiter.acquire();
    expect(Date.now() - before).toBeLessThan(30);
    const started = Date.now();
    await limiter.acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(30);
  });

  it("counts a call from its answer, so one that reached the server late never shares the server's window with its successor", async () => {
    const clock = createManualClock('2025-01-01T00:00:00Z');
    const t0 = clock.now().getTime();
    const limiter = createSlidingWindowLimiter({ limit: 2, clock });
    let serverMs = 0;
    const server = createRateLimiter(2, () => serverMs);
    const first = await limiter.acquire();
    const second = await limiter.acquire();
    serverMs = 10;
    expect(server.check().ok).toBe(true);
    // The first call reaches the server 700 ms after its booked start (a busy event loop, a slow
    // socket, a server busy with other calls); both are answered by 750 ms.
    serverMs = 700;
    expect(server.check().ok).toBe(true);
    clock.advance(750);
    await first.done();
    await second.done();
    // Booked from their starts, the next two would go at 60 250 ms and the second would be refused:
    // the late arrival at 700 ms is still in the server's window then.
    const next = [limiter.reserve(clock.now().getTime()), limiter.reserve(clock.now().getTime())].map((at) => at - t0);
    expect(next).toEqual([750 + 60_250, 750 + 60_250]);
    for (const at of next) {
      serverMs = at;
      expect(server.check()).toEqual({ ok: true });
    }
  });

  it('keeps a call booked at its start when the ring came round to its slot before its answer', async () => {
    const clock = createManualClock('2025-01-01T00:00:00Z');
    const t0 = clock.now().getTime();
    const limiter = createSlidingWindowLimiter({ limit: 1, windowMs: 1_000, marginMs: 0, clock });
    const first = await limiter.acquire();
    expect(limiter.reserve(t0) - t0).toBe(1_000);
    clock.advance(5_000);
    await first.done();
    expect(limiter.reserve(t0) - t0).toBe(2_000);
  });
});
