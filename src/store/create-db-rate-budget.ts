import { setTimeout as sleep } from 'node:timers/promises';
import type { CallSlot, RateBudget } from '../pax8/index.ts';
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
 * replicas share one Pax8 budget (DESIGN "Embedded default and scale-out"). A call may start no
 * earlier than one window after the `limit`-th latest call time; a call's time is its booked start,
 * moved to when its answer came once it is done ({@link CallSlot}: Pax8 counts a call when it gets
 * it, which is never after the answer). Each booking is one short transaction under an advisory
 * lock per account, and uses the database's clock, so replicas whose clocks differ still agree.
 * Bookings older than a window are pruned as new ones are made.
 */
export function createDbRateBudget(db: Db, options: DbRateBudgetOptions): RateBudget & { reserve(): Promise<number> } {
  const { account, limit, windowMs = 60_000, marginMs = 250 } = options;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('rate limit must be an integer >= 1');
  const spanMs = windowMs + marginMs;

  /** Books one start: how long the caller must wait for it (ms), and the booked time (to mark it done). */
  async function book(): Promise<{ waitMs: number; bookedAt: string }> {
    return db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pax8-rate:${account}`]);
      const rows = await tx.query<{ wait_ms: number | string; booked_at: string }>(
        `WITH now_ AS (SELECT clock_timestamp() AS t),
              gate AS (SELECT starts_at FROM pax8_call_starts WHERE account = $1 ORDER BY starts_at DESC OFFSET $2 - 1 LIMIT 1),
              booked AS (
                INSERT INTO pax8_call_starts (account, starts_at)
                SELECT $1, GREATEST((SELECT t FROM now_), COALESCE((SELECT starts_at FROM gate) + make_interval(secs => $3::double precision / 1000), (SELECT t FROM now_)))
                RETURNING starts_at)
         SELECT EXTRACT(EPOCH FROM ((SELECT starts_at FROM booked) - (SELECT t FROM now_))) * 1000 AS wait_ms, (SELECT starts_at FROM booked)::text AS booked_at`,
        [account, limit, spanMs],
      );
      await tx.query(
        `DELETE FROM pax8_call_starts WHERE account = $1 AND starts_at < clock_timestamp() - make_interval(secs => $2::double precision / 1000)`,
        [account, spanMs * 2],
      );
      return { waitMs: Math.max(0, Number(rows[0]?.wait_ms ?? 0)), bookedAt: String(rows[0]?.booked_at) };
    });
  }

  /** The call is answered: its time moves to now (rows booked at the same instant move too, which only ever delays). */
  async function finish(bookedAt: string): Promise<void> {
    try {
      await db.query('UPDATE pax8_call_starts SET starts_at = GREATEST(starts_at, clock_timestamp()) WHERE account = $1 AND starts_at = $2::timestamptz', [account, bookedAt]);
    } catch {
      // The call was made and its answer must reach the caller; without the update it keeps its booked start.
    }
  }

  return {
    /** Books one start and returns how long the caller must wait for it, in ms. */
    reserve: async () => (await book()).waitMs,
    async acquire(signal): Promise<CallSlot> {
      const { waitMs, bookedAt } = await book();
      if (waitMs > 0) await sleep(waitMs, undefined, signal ? { signal } : undefined);
      return { done: () => finish(bookedAt) };
    },
  };
}
