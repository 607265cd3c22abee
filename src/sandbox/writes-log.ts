/** One write request as it reached "Pax8"; `status` null while unanswered or when a fault hung it. */
export interface WriteEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** Client id of the account whose valid token the write carried; null without one. */
  account: string | null;
  status: number | null;
  isMock?: true;
  /** The write was applied but its answer never sent (`hangAfterWrite`). */
  responseLost?: true;
}

/**
 * Every POST/PUT/PATCH/DELETE received (except the token), in order, refused ones included: the
 * tests of the approvals engine count with it what actually reached Pax8.
 */
export function createWritesLog() {
  let entries: WriteEntry[] = [];
  let seq = 0;
  return {
    record(entry: Omit<WriteEntry, 'seq' | 'status'>): WriteEntry {
      const full: WriteEntry = { seq: ++seq, ...entry, status: null };
      entries.push(full);
      return full;
    },
    list: (): readonly WriteEntry[] => entries,
    clear(): void {
      entries = [];
    },
  };
}

export type WritesLog = ReturnType<typeof createWritesLog>;

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
