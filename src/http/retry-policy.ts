/**
 * How reads are retried, as data (model: octokit plugin-retry, node-slack-sdk retry-policies); used
 * by the Pax8 and the Microsoft Graph clients alike. Writes are never retried: neither Pax8 nor Graph
 * has idempotency keys, so a lost answer is settled by reading (see `run-attempts.ts`).
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** Delay before the first retry; doubles each time. */
  readonly baseDelayMs: number;
  /** Cap for computed backoff. */
  readonly maxDelayMs: number;
  /** Cap for a server-sent `Retry-After`; a longer one gives up instead of blocking a chat reply. */
  readonly maxRetryAfterMs: number;
  /** Statuses worth another try on a read. */
  readonly retryStatuses: readonly number[];
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 65_000,
  retryStatuses: [408, 429, 500, 502, 503, 504],
};

/** Merges a partial policy over the defaults, refusing nonsense early. */
export function resolveRetryPolicy(partial: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...defaultRetryPolicy, ...partial };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) throw new RangeError('retry.maxAttempts must be an integer >= 1');
  if (policy.baseDelayMs < 0 || policy.maxDelayMs < 0) throw new RangeError('retry delays must be >= 0');
  return policy;
}

/**
 * Delay before retry number `retry` (1-based): the server's `Retry-After` when given, else
 * exponential backoff with full jitter (a random delay between half and all of the backoff, so
 * replicas that failed together do not come back together).
 */
export function retryDelayMs(policy: RetryPolicy, retry: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(backoff / 2 + (random() * backoff) / 2);
}

/** Reads `Retry-After` as seconds or an HTTP date; `undefined` when absent or unreadable. */
export function parseRetryAfter(header: string | string[] | undefined, nowMs: number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
