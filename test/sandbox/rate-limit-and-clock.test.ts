import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/sandbox/rate-limit.ts';
import { createSandboxClock } from '../../src/sandbox/sandbox-clock.ts';

describe('rate limiter', () => {
  it('never refuses a client that spaces requests evenly at exactly the limit, even with arrival jitter', () => {
    let now = 0;
    const limiter = createRateLimiter(100, () => now);
    for (let i = 0; i < 1000; i++) {
      now = i * 600 + (i % 2 === 0 ? 100 : 0); // 100/min, alternating requests arrive 100 ms late
      expect(limiter.check(), `request ${i}`).toEqual({ ok: true });
    }
  });

  it('refuses the request over the limit within a minute and says when to retry', () => {
    let now = 0;
    const limiter = createRateLimiter(3, () => now);
    expect([limiter.check(), limiter.check(), limiter.check()].every((d) => d.ok)).toBe(true);
    now = 10_000;
    const refused = limiter.check();
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 50 });
    now = 60_000;
    expect(limiter.check().ok).toBe(true);
  });

  it('is off with a limit of 0', () => {
    const limiter = createRateLimiter(0, () => 0);
    for (let i = 0; i < 5000; i++) expect(limiter.check().ok).toBe(true);
  });
});

describe('sandbox clock', () => {
  it('is start time + real elapsed time + offset', () => {
    let real = 1_000;
    const clock = createSandboxClock(Date.parse('2025-01-01T00:00:00Z'), () => real);
    real += 5_000;
    expect(clock.now().toISOString()).toBe('2025-01-01T00:00:05.000Z');
    clock.advance(86_400_000);
    expect(clock.now().toISOString()).toBe('2025-01-02T00:00:05.000Z');
    clock.set(Date.parse('2030-06-01T12:00:00Z'));
    real += 1_000;
    expect(clock.now().toISOString()).toBe('2030-06-01T12:00:01.000Z');
  });
});
