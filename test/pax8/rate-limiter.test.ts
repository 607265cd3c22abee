import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSlidingWindowLimiter } from '../../src/pax8/index.ts';
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
});
