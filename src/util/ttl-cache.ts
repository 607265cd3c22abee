/**
 * The one bounded cache of the process: a map with a size bound and a time to live, the least
 * recently used entry evicted first. Every cache keyed by what arrives from outside (users, events,
 * subscriptions, tenants) uses it, so none grows with the traffic: Slack users' e-mails and Teams
 * members' (roles are by e-mail; `users.info` and `getMember` are rate limited), detail forms
 * awaiting a click, event ids already handled (platform retries), Pax8 subscriptions' Microsoft ids,
 * tenant domains and Graph clients per tenant.
 */
export interface TtlCache<K, V> {
  get(key: K): V | undefined;
  /** Stores `value` for `ttlMs` (the cache's own when not given; `Infinity` keeps it until evicted by size). */
  set(key: K, value: V, ttlMs?: number): void;
  delete(key: K): void;
  readonly size: number;
}

export interface TtlCacheOptions {
  /** Entries kept at most; the least recently used goes first. */
  readonly max: number;
  readonly ttlMs: number;
  /** Milliseconds now; the bot's clock where expiry must follow it (a sandbox clock that jumps). */
  readonly now?: () => number;
}

export function createTtlCache<K, V>(options: TtlCacheOptions): TtlCache<K, V> {
  const now = options.now ?? Date.now;
  const entries = new Map<K, { value: V; expires: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expires <= now()) {
        entries.delete(key);
        return undefined;
      }
      // Re-insert so Map order is least recently used first.
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value, ttlMs = options.ttlMs) {
      entries.delete(key);
      entries.set(key, { value, expires: now() + ttlMs });
      while (entries.size > options.max) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
    delete: (key) => void entries.delete(key),
    get size() {
      return entries.size;
    },
  };
}

/**
 * Remembers ids for a while; `firstTime(id)` is true once per id (a retried Slack event or Teams
 * activity is false) until the id is `forget`-ten (an event answered with a refusal that changed nothing).
 */
export function createSeenEvents(options: TtlCacheOptions): { firstTime(id: string): boolean; forget(id: string): void } {
  const seen = createTtlCache<string, true>(options);
  return {
    firstTime(id) {
      if (seen.get(id)) return false;
      seen.set(id, true);
      return true;
    },
    forget: (id) => seen.delete(id),
  };
}

/**
 * A cache of promises for values read from elsewhere: concurrent askers share one read, a failed
 * read is forgotten (the next asker tries again), an answer is kept for `ttlMs` (or the `ttlFor` of
 * that answer).
 */
export function createPromiseCache<K, V>(options: TtlCacheOptions & { ttlFor?: (value: V) => number }) {
  const cache = createTtlCache<K, Promise<V>>(options);
  return {
    get(key: K, read: () => Promise<V>): Promise<V> {
      const cached = cache.get(key);
      if (cached) return cached;
      const value = read();
      cache.set(key, value, Number.POSITIVE_INFINITY);
      value.then(
        (found) => {
          if (cache.get(key) === value) cache.set(key, value, options.ttlFor?.(found) ?? options.ttlMs);
        },
        () => {
          if (cache.get(key) === value) cache.delete(key);
        },
      );
      return value;
    },
    /** Forgets a key, so that the next `get` reads again. */
    delete(key: K): void {
      cache.delete(key);
    },
    get size() {
      return cache.size;
    },
  };
}
