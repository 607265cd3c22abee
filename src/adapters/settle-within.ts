/** What a promise came to within a time limit: its value, or nothing yet. */
export type Settled<T> = { done: true; value: T } | { done: false };

/**
 * Waits at most `ms` for `promise`; the promise keeps running after a timeout. Both adapters use it
 * to answer a click at once when the intent is quick, and show a "working" answer otherwise.
 */
export async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  try {
    return await Promise.race([promise.then((value): Settled<T> => ({ done: true, value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
