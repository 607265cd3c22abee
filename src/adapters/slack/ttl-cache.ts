/**
 * A small map with a size bound and a time to live, oldest entries evicted first. Used for the
 * e-mail of Slack users (roles are by e-mail, `users.info` is rate limited: Tier 4), detail forms
 * awaiting a click, and event ids already handled (Slack retries).
 */
export interface TtlCache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  delete(key: K): void;
  readonly size: number;
}

export function createTtlCache<K, V>(options: { max: number; ttlMs: number; now?: () => number }): TtlCache<K, V> {
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
    set(key, value) {
      entries.delete(key);
      entries.set(key, { value, expires: now() + options.ttlMs });
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

/** Remembers ids for a while; `firstTime(id)` is true once per id (a retried Slack event is false). */
export function createSeenEvents(options: { max: number; ttlMs: number }): { firstTime(id: string): boolean } {
  const seen = createTtlCache<string, true>(options);
  return {
    firstTime(id) {
      if (seen.get(id)) return false;
      seen.set(id, true);
      return true;
    },
  };
}
