/** One write request as it reached the API; `status` null while unanswered or when a fault hung it. */
export interface LoggedWrite {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number | null;
  /** The write was applied but its answer never sent (`hangAfterWrite`). */
  responseLost?: true;
}

/** A write that reached "Pax8". */
export interface WriteEntry extends LoggedWrite {
  /** Client id of the account whose valid token the write carried; null without one. */
  account: string | null;
  isMock?: true;
}

/**
 * Every POST/PUT/PATCH/DELETE received (except the token), in order, refused ones included: the
 * tests of the approvals engine count with it what actually reached Pax8. One log for Pax8's writes
 * and another, with its own entry type, for Graph's.
 */
export function createWritesLog<E extends LoggedWrite = WriteEntry>() {
  let entries: E[] = [];
  let seq = 0;
  return {
    record(entry: Omit<E, 'seq' | 'status'>): E {
      const full = { seq: ++seq, ...entry, status: null } as E;
      entries.push(full);
      return full;
    },
    list: (): readonly E[] => entries,
    clear(): void {
      entries = [];
    },
  };
}

export type WritesLog<E extends LoggedWrite = WriteEntry> = ReturnType<typeof createWritesLog<E>>;

/**
 * Request counters for `GET /__sandbox/stats` (benchmarks report `http429` and `requests`): requests
 * to the partner API only, the admin API under `/__sandbox` excluded.
 */
export function createStats() {
  const stats = { requests: 0, http429: 0, byRoute: {} as Record<string, number> };
  return {
    stats,
    count(route: string): void {
      stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
    },
    reset(): void {
      stats.requests = 0;
      stats.http429 = 0;
      stats.byRoute = {};
    },
  };
}

export type Stats = ReturnType<typeof createStats>;
