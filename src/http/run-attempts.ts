import { setTimeout as sleep } from 'node:timers/promises';
import { retryDelayMs, type RetryPolicy } from './retry-policy.ts';
import type { CallKind } from './transport-failure.ts';

/**
 * What one attempt of a call came to: an answer, a failure (final, or worth another try after
 * `retryAfterMs`), or `unauthorized` (a 401: the token was refused and the request not processed).
 */
export type AttemptOutcome<T> =
  | { readonly done: true; readonly value: T }
  | { readonly done: false; readonly error: Error; readonly retryable: boolean; readonly retryAfterMs?: number | undefined }
  | 'unauthorized';

export interface AttemptLoopOptions {
  readonly kind: CallKind;
  readonly policy: RetryPolicy;
  /** The error to throw when the call is refused (401) again with a freshly fetched token. */
  readonly stillUnauthorized: () => Error;
  readonly random?: (() => number) | undefined;
  /** Told before each wait, for a debug log line. */
  readonly onRetry?: ((attempt: number, delayMs: number) => void) | undefined;
}

/**
 * The retry loop both API clients share (model: octokit plugin-retry). `attempt(n)` makes attempt
 * number `n`. A read that failed retryably is tried again after the server's `Retry-After` (a longer
 * one than the policy allows gives up at once) or a backoff with jitter, up to `maxAttempts`. A
 * write is never sent again after a failure of any kind: the caller gets the error, and a lost
 * answer is settled by reading. The one exception, writes included, is a 401: the caller drops the
 * token and the request goes once more with a fresh one, since a 401 means nothing was processed.
 */
export async function runAttempts<T>(options: AttemptLoopOptions, attempt: (n: number) => Promise<AttemptOutcome<T>>): Promise<T> {
  let authRetried = false;
  for (let n = 1; ; n += 1) {
    const result = await attempt(n);
    if (result === 'unauthorized') {
      if (authRetried) throw options.stillUnauthorized();
      authRetried = true;
      n -= 1;
      continue;
    }
    if (result.done) return result.value;
    if (!result.retryable || options.kind === 'write' || n >= options.policy.maxAttempts) throw result.error;
    if (result.retryAfterMs !== undefined && result.retryAfterMs > options.policy.maxRetryAfterMs) throw result.error;
    const delay = retryDelayMs(options.policy, n, result.retryAfterMs, options.random ?? Math.random);
    options.onRetry?.(n, delay);
    await sleep(delay);
  }
}
