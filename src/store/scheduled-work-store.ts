import { z } from 'zod';
import type { Db, Queryable } from './db.ts';

/** Kinds of due work the scheduler knows. */
export type WorkKind = 'expire' | 'remind' | 'execute' | 'watch';

const workRowSchema = z
  .object({ id: z.coerce.number(), kind: z.enum(['expire', 'remind', 'execute', 'watch']), request_id: z.string(), run_at: z.coerce.date() })
  .transform((r) => ({ id: r.id, kind: r.kind, requestId: r.request_id, runAt: r.run_at }));

/** A claimed piece of work; finish it with `done`, or let its lease lapse so another replica retries. */
export type WorkItem = z.output<typeof workRowSchema>;

/**
 * Data access for `scheduled_work`, bound to the pool or to a transaction, so that a request's state
 * and its work item change together. Claiming (`claimDueWork`) needs its own transaction.
 */
export function createScheduledWorkStore(db: Queryable) {
  return {
    /** Adds or moves the work of this kind for this request (one per kind and request). */
    async put(w: { kind: WorkKind; requestId: string; runAt: Date }): Promise<void> {
      await db.query(
        `INSERT INTO scheduled_work (kind, request_id, run_at) VALUES ($1, $2, $3)
         ON CONFLICT (kind, request_id) DO UPDATE SET run_at = EXCLUDED.run_at, done_at = NULL, locked_until = NULL`,
        [w.kind, w.requestId, w.runAt],
      );
    },

    /**
     * Marks a claimed item done, unless it was booked again meanwhile (`runAt` is the time it was
     * claimed for): a pass that re-books its own item for later must not close it.
     */
    async done(id: number, runAt: Date): Promise<void> {
      await db.query('UPDATE scheduled_work SET done_at = now(), locked_until = NULL WHERE id = $1 AND run_at = $2', [id, runAt]);
    },

    /** Marks open work of a request done (it was decided, cancelled or executed some other way). */
    async closeFor(requestId: string, at: Date, kinds?: readonly WorkKind[]): Promise<void> {
      await db.query(
        `UPDATE scheduled_work SET done_at = $2 WHERE request_id = $1 AND done_at IS NULL AND ($3::text[] IS NULL OR kind = ANY($3::text[]))`,
        [requestId, at, kinds ? [...kinds] : null],
      );
    },

    async forRequest(requestId: string): Promise<WorkItem[]> {
      const rows = await db.query('SELECT id, kind, request_id, run_at FROM scheduled_work WHERE request_id = $1 AND done_at IS NULL ORDER BY run_at', [requestId]);
      return rows.map((r) => workRowSchema.parse(r));
    },
  };
}

/**
 * Claims due work with `FOR UPDATE SKIP LOCKED` plus a lease, so several replicas share due work
 * without taking the same item, and an item whose claimer died comes back when its lease ends.
 */
export function claimDueWork(db: Db, now: Date, leaseMs: number, limit = 50): Promise<WorkItem[]> {
  return db.transaction(async (tx) => {
    const rows = await tx.query(
      `SELECT id, kind, request_id, run_at FROM scheduled_work
       WHERE done_at IS NULL AND run_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)
       ORDER BY run_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    const items = rows.map((r) => workRowSchema.parse(r));
    if (items.length > 0) {
      await tx.query('UPDATE scheduled_work SET locked_until = $2 WHERE id = ANY($1::bigint[])', [items.map((i) => i.id), new Date(now.getTime() + leaseMs)]);
    }
    return items;
  });
}
