import type { Logger } from '../log.ts';
import type { Clock } from '../util/clock.ts';

/**
 * A list read from Pax8 and kept for `ttlMs`: the first caller waits for the load; later callers
 * get the cached list at once, and once it is older than the TTL they still get it at once while a
 * single background reload replaces it (stale-while-revalidate). Pax8 allows 1000 calls a minute per
 * partner, and reading every company on every command would spend that budget on names.
 */
export interface CachedList<T> {
  get(): Promise<readonly T[]>;
  /** Reloads now (de-duplicated with a reload already running). */
  refresh(): Promise<readonly T[]>;
  /** When the current list was loaded, if it was. */
  loadedAt(): Date | undefined;
}

export function createCachedList<T>(options: { name: string; load: () => Promise<T[]>; clock: Clock; log: Logger; ttlMs: number }): CachedList<T> {
  let items: readonly T[] | undefined;
  let loadedAtMs: number | undefined;
  let inFlight: Promise<readonly T[]> | undefined;

  const reload = (): Promise<readonly T[]> => {
    inFlight ??= options
      .load()
      .then((loaded) => {
        items = loaded;
        loadedAtMs = options.clock.now().getTime();
        return loaded;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  return {
    async get() {
      if (items === undefined) return reload();
      const age = options.clock.now().getTime() - (loadedAtMs ?? 0);
      if (age >= options.ttlMs && inFlight === undefined) {
        reload().catch((error: unknown) => options.log.warn({ err: error, list: options.name }, 'background refresh failed; keeping the cached list'));
      }
      return items;
    },
    refresh: reload,
    loadedAt: () => (loadedAtMs === undefined ? undefined : new Date(loadedAtMs)),
  };
}
