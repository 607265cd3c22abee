import type { Clock } from '../util/clock.ts';

/**
 * The sandbox's notion of time: start time + real elapsed time + an offset that tests move with
 * `POST /__sandbox/clock`. Renewals, token expiry and cancellations follow it, so a test can
 * jump eight days instead of waiting eight days.
 */
export interface SandboxClock extends Clock {
  nowMs(): number;
  advance(ms: number): void;
  set(ms: number): void;
}

/** `realNow` is injected so the clock itself can be tested without sleeping. */
export function createSandboxClock(startMs: number, realNow: () => number = () => performance.now()): SandboxClock {
  const realStart = realNow();
  let offset = 0;
  const nowMs = (): number => Math.floor(startMs + (realNow() - realStart) + offset);
  return {
    nowMs,
    now: () => new Date(nowMs()),
    advance: (ms) => {
      offset += ms;
    },
    set: (ms) => {
      offset += ms - nowMs();
    },
  };
}
