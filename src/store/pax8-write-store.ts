import { z } from 'zod';
import type { Queryable } from './db.ts';

/** `sending` until the call returns; `ok`/`refused` are definite, `unknown` must be resolved by reading. */
export type WriteOutcome = 'sending' | 'ok' | 'refused' | 'unknown';

const writeRowSchema = z
  .object({
    attempt_id: z.string(),
    request_id: z.string(),
    operation: z.string(),
    sent: z.unknown(),
    sent_at: z.coerce.date(),
    outcome: z.enum(['sending', 'ok', 'refused', 'unknown']),
    response: z.unknown(),
    error: z.string().nullable(),
    finished_at: z.coerce.date().nullable(),
  })
  .transform((r) => ({
    attemptId: r.attempt_id,
    requestId: r.request_id,
    operation: r.operation,
    sent: r.sent,
    sentAt: r.sent_at,
    outcome: r.outcome,
    response: r.response ?? undefined,
    error: r.error ?? undefined,
    finishedAt: r.finished_at ?? undefined,
  }));

/** One attempted Pax8 write, as recorded. */
export type WriteAttempt = z.output<typeof writeRowSchema>;

/**
 * Data access for `pax8_writes`: the record of every Pax8 write attempted. The row is written
 * *before* the request is sent, so after a crash we know a write may have happened.
 */
export function createPax8WriteStore(q: Queryable) {
  return {
    /**
     * Records an attempt, but only while the request is still `executing` at `version`, holding the
     * row lock: a recovery that took the request over (bumping the version) makes this return false,
     * and the former owner must then not send.
     */
    async recordAttempt(a: { attemptId: string; requestId: string; version: number; operation: string; sent: unknown; at: Date }): Promise<boolean> {
      const owned = await q.query(
        `SELECT id FROM approval_requests WHERE id = $1 AND state = 'executing' AND version = $2 FOR UPDATE`,
        [a.requestId, a.version],
      );
      if (owned.length === 0) return false;
      await q.query(
        `INSERT INTO pax8_writes (attempt_id, request_id, operation, sent, sent_at, outcome) VALUES ($1, $2, $3, $4, $5, 'sending')`,
        [a.attemptId, a.requestId, a.operation, JSON.stringify(a.sent), a.at],
      );
      return true;
    },

    async recordResult(r: { attemptId: string; outcome: Exclude<WriteOutcome, 'sending'>; response?: unknown; error?: string | undefined; at: Date }): Promise<void> {
      await q.query('UPDATE pax8_writes SET outcome = $2, response = $3, error = $4, finished_at = $5 WHERE attempt_id = $1', [
        r.attemptId,
        r.outcome,
        r.response === undefined ? null : JSON.stringify(r.response),
        r.error ?? null,
        r.at,
      ]);
    },

    async forRequest(requestId: string): Promise<WriteAttempt[]> {
      const rows = await q.query('SELECT * FROM pax8_writes WHERE request_id = $1 ORDER BY sent_at', [requestId]);
      return rows.map((r) => writeRowSchema.parse(r));
    },
  };
}
