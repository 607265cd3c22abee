/** A counting semaphore; see {@link createConcurrencyLimit}. */
export interface ConcurrencyLimit {
  /** Runs `task` once fewer than the limit are running. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

/**
 * Caps requests in flight for one client (a Pax8 account, a customer tenant's Graph client),
 * whatever the callers do: several lists walked at once and chat commands arriving together share
 * the same few connections instead of fanning out (STYLE: no unbounded `Promise.all` against a
 * rate-limited API).
 */
export function createConcurrencyLimit(max: number): ConcurrencyLimit {
  if (!Number.isInteger(max) || max < 1) throw new RangeError('maxConcurrency must be an integer >= 1');
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  return {
    async run(task) {
      if (running < max) running += 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
