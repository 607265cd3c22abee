import type { Queryable } from './db.ts';

/**
 * Data access for `execution_locks`: one execution (or resolution) at a time per Pax8 target, across
 * replicas. A change reads the current state and writes from it; two at once on one subscription
 * would each add to the same starting quantity and one change would be lost. Not a transaction
 * lock: it is held across the Pax8 call, and lapses at `until` if its holder dies.
 */
export function createExecutionLockStore(q: Queryable) {
  return {
    /** Takes the lock for `requestId` (or renews it); false while another request holds it. */
    async acquire(l: { key: string; requestId: string; now: Date; until: Date }): Promise<boolean> {
      const rows = await q.query(
        `INSERT INTO execution_locks (key, request_id, until) VALUES ($1, $2, $4)
         ON CONFLICT (key) DO UPDATE SET request_id = EXCLUDED.request_id, until = EXCLUDED.until
           WHERE execution_locks.until <= $3 OR execution_locks.request_id = EXCLUDED.request_id
         RETURNING key`,
        [l.key, l.requestId, l.now, l.until],
      );
      return rows.length === 1;
    },

    async release(key: string, requestId: string): Promise<void> {
      await q.query('DELETE FROM execution_locks WHERE key = $1 AND request_id = $2', [key, requestId]);
    },
  };
}
