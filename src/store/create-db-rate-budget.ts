import { setTimeout as sleep } from 'node:timers/promises';
import type { RateBudget } from '../pax8/index.ts';
import type { Db } from './db.ts';

export interface DbRateBudgetOptions {
  /** The Pax8 account (instance name): each account has its own budget. */
  readonly account: string;
  /** Calls allowed to start within any window (Pax8: 1000 per minute). */
  readonly limit: number;
  readonly windowMs?: number;
  /** Added to the window so that network jitter cannot squeeze `limit + 1` calls into Pax8's window. */
  readonly marginMs?: number;
}

/**
 * The sliding-window log of `createSlidingWindowLimiter`, kept in the database so that several
 * replicas share one Pax8 budget (DESIGN "Embedded default and scale-out"). Call k may start no
 * earlier than call k − limit plus one window. Each booking is one short transaction under an
 * advisory lock per account, and uses the database's clock, so replicas whose clocks differ still
 * agree. Bookings older than a window are pruned as new ones are made.
 */
export function createDbRateBudget(db: Db, options: DbRateBudgetOptions): RateBudget & { reserve(): Promise<number> } {
  const { account, limit, windowMs = 60_000, marginMs = 250 } = options;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('rate limit must be an integer >= 1');
  const spanMs = windowMs + marginMs;

  async function book(): Promise<number> {
    return db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pax8-rate:${account}`]);
      const rows = await tx.query<{ wait_ms: number | string }>(
        `WITH now_ AS (SELECT clock_timestamp() AS t),
              gate AS (SELECT starts_at FROM pax8_call_starts WHERE account = $1 ORDER BY starts_at DESC OFFSET $2 - 1 LIMIT 1),
              booked AS (
                INSERT INTO pax8_call_starts (account, starts_at)
                SELECT $1, GREATEST((SELECT t FROM now_), COALESCE((SELECT starts_at FROM gate) + make_interval(secs => $3::double precision / 1000), (SELECT t FROM now_)))
                RETURNING starts_at)
         SELECT EXTRACT(EPOCH FROM ((SELECT starts_at FROM booked) - (SELECT t FROM now_))) * 1000 AS wait_ms`,
        [account, limit, spanMs],
      );
      await tx.query(
        `DELETE FROM pax8_call_starts WHERE account = $1 AND starts_at < clock_timestamp() - make_interval(secs => $2::double precision / 1000)`,
        [account, spanMs * 2],
      );
      return Math.max(0, Number(rows[0]?.wait_ms ?? 0));
    });
  }

  return {
    /** Books one start and returns how long the caller must wait for it, in ms. */
    reserve: book,
    async acquire(signal) {
      const waitMs = await book();
      if (waitMs > 0) await sleep(waitMs, undefined, signal ? { signal } : undefined);
    },
  };
}
