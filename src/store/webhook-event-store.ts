import { z } from 'zod';
import type { Db, Queryable } from './db.ts';

const eventRowSchema = z
  .object({
    id: z.coerce.number(),
    delivery_key: z.string(),
    account: z.string(),
    topic: z.string(),
    payload: z.unknown(),
    received_at: z.coerce.date(),
    deliveries: z.coerce.number(),
    attempts: z.coerce.number(),
    processed_at: z.coerce.date().nullable(),
    outcome: z.string().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    key: r.delivery_key,
    account: r.account,
    topic: r.topic,
    payload: r.payload,
    receivedAt: r.received_at,
    deliveries: r.deliveries,
    attempts: r.attempts,
    processedAt: r.processed_at ?? undefined,
    outcome: r.outcome ?? undefined,
  }));

/** A Pax8 webhook delivery as the store keeps it. */
export type WebhookEvent = z.output<typeof eventRowSchema>;

const columns = 'id, delivery_key, account, topic, payload, received_at, deliveries, attempts, processed_at, outcome';

/**
 * Data access for `pax8_webhook_events`. A delivery is recorded before it is answered (so an
 * acknowledged one survives a crash), once per key (so Pax8's retries and a second replica add
 * nothing but a count), and finished once (`finish` is a compare-and-set on `processed_at`).
 */
export function createWebhookEventStore(q: Queryable) {
  return {
    /** Records a delivery; `duplicate` when its key was recorded before (only the count moves). */
    async record(e: { key: string; account: string; topic: string; payload: unknown; at: Date }): Promise<{ id: number; duplicate: boolean }> {
      const rows = await q.query<{ id: string | number; inserted: boolean }>(
        `INSERT INTO pax8_webhook_events (delivery_key, account, topic, payload, received_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (delivery_key) DO UPDATE SET deliveries = pax8_webhook_events.deliveries + 1
         RETURNING id, (xmax = 0) AS inserted`,
        [e.key, e.account, e.topic, JSON.stringify(e.payload), e.at],
      );
      const row = rows[0];
      if (!row) throw new Error('recording a webhook delivery returned no row');
      return { id: Number(row.id), duplicate: !row.inserted };
    },

    /**
     * Marks a claimed event processed with its outcome; false when it was already (another replica
     * got there first after a lease ran out). Run it in the transaction that records the effects.
     */
    async finish(id: number, outcome: string, at: Date): Promise<boolean> {
      const rows = await q.query('UPDATE pax8_webhook_events SET processed_at = $2, outcome = $3, locked_until = NULL WHERE id = $1 AND processed_at IS NULL RETURNING id', [id, at, outcome]);
      return rows.length === 1;
    },

    async get(id: number): Promise<WebhookEvent | undefined> {
      const rows = await q.query(`SELECT ${columns} FROM pax8_webhook_events WHERE id = $1`, [id]);
      return rows[0] ? eventRowSchema.parse(rows[0]) : undefined;
    },

    /** The most recent deliveries, newest first. */
    async list(limit = 100): Promise<WebhookEvent[]> {
      const rows = await q.query(`SELECT ${columns} FROM pax8_webhook_events ORDER BY id DESC LIMIT $1`, [limit]);
      return rows.map((r) => eventRowSchema.parse(r));
    },
  };
}

/**
 * Claims unprocessed events with `FOR UPDATE SKIP LOCKED` and a lease, oldest first, so replicas
 * share them and an event whose processor died comes back when the lease ends. Each claim counts an
 * attempt; events tried `maxAttempts` times are left for a person (they stay listed, unprocessed).
 */
export function claimWebhookEvents(db: Db, o: { now: Date; leaseMs: number; limit?: number; maxAttempts?: number }): Promise<WebhookEvent[]> {
  return db.transaction(async (tx) => {
    const rows = await tx.query(
      `SELECT ${columns} FROM pax8_webhook_events
       WHERE processed_at IS NULL AND attempts < $3 AND (locked_until IS NULL OR locked_until <= $1)
       ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [o.now, o.limit ?? 20, o.maxAttempts ?? 10],
    );
    const events = rows.map((r) => eventRowSchema.parse(r));
    if (events.length > 0) {
      await tx.query('UPDATE pax8_webhook_events SET locked_until = $2, attempts = attempts + 1 WHERE id = ANY($1::bigint[])', [
        events.map((e) => e.id),
        new Date(o.now.getTime() + o.leaseMs),
      ]);
    }
    return events.map((e) => ({ ...e, attempts: e.attempts + 1 }));
  });
}
