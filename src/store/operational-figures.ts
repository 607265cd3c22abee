import { requestStates, type RequestState } from './approval-request.ts';
import type { Queryable } from './db.ts';

/**
 * Figures `/metrics` reads from the database at scrape time, so every replica reports the shared
 * truth: approval requests per state (every state, zeros included, so an alert on `unknown` has a
 * series to watch) and how overdue the oldest due scheduled work is. Both are served by indexes
 * (`approval_requests_state_idx`, `scheduled_work_due_idx`).
 */
export function createOperationalFigures(db: Queryable) {
  return {
    async requestsByState(): Promise<Record<RequestState, number>> {
      const rows = await db.query<{ state: string; n: number | string }>('SELECT state, count(*) AS n FROM approval_requests GROUP BY state');
      const counts = Object.fromEntries(requestStates.map((state) => [state, 0])) as Record<RequestState, number>;
      for (const row of rows) if (row.state in counts) counts[row.state as RequestState] = Number(row.n);
      return counts;
    },

    /** Seconds `now` is past the run time of the oldest work still not done (0 when nothing is due). */
    async oldestDueWorkSeconds(now: Date): Promise<number> {
      const rows = await db.query<{ oldest: Date | string | null }>('SELECT min(run_at) AS oldest FROM scheduled_work WHERE done_at IS NULL AND run_at <= $1', [now]);
      const oldest = rows[0]?.oldest;
      if (oldest === null || oldest === undefined) return 0;
      return Math.max(0, (now.getTime() - new Date(oldest).getTime()) / 1000);
    },
  };
}

export type OperationalFigures = ReturnType<typeof createOperationalFigures>;
