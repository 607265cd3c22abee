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
    basis: z.unknown().optional(),
    sent_at: z.coerce.date(),
    outcome: z.enum(['sending', 'ok', 'refused', 'unknown']),
    response: z.unknown(),
    error: z.string().nullable(),
    evidence: z.string().nullable().optional(),
    finished_at: z.coerce.date().nullable(),
    step: z.string().nullable().optional(),
  })
  .transform((r) => ({
    attemptId: r.attempt_id,
    requestId: r.request_id,
    operation: r.operation,
    sent: r.sent,
    /** What the execution read just before sending (the state the write acted on); undefined on older rows. */
    basis: r.basis ?? undefined,
    sentAt: r.sent_at,
    outcome: r.outcome,
    response: r.response ?? undefined,
    error: r.error ?? undefined,
    /** The Pax8 record credited to this attempt (an order, a history entry), unique across attempts. */
    evidence: r.evidence ?? undefined,
    finishedAt: r.finished_at ?? undefined,
    /** The step of a multi-step request this attempt belongs to; undefined for a single write. */
    step: r.step ?? undefined,
  }));

/** One attempted Pax8 write, as recorded. */
export type WriteAttempt = z.output<typeof writeRowSchema>;

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

/**
 * Data access for `pax8_writes`: the record of every Pax8 write attempted. The row is written
 * *before* the request is sent, so after a crash we know a write may have happened.
 */
export function createPax8WriteStore(q: Queryable) {
  return {
    /**
     * Records an attempt, but only while the request is still `executing` at `version`, holding the
     * row lock: a recovery that took the request over (bumping the version) makes this return false,
     * and the former owner must then not send. `states`: a write made beside the request's own
     * execution (a new password for a user it created) is recorded while the request is in one of these.
     */
    async recordAttempt(a: {
      attemptId: string;
      requestId: string;
      version: number;
      operation: string;
      sent: unknown;
      basis?: unknown;
      step?: string | undefined;
      at: Date;
      states?: readonly string[];
    }): Promise<boolean> {
      const owned = await q.query(
        `SELECT id FROM approval_requests WHERE id = $1 AND state = ANY($3::text[]) AND version = $2 FOR UPDATE`,
        [a.requestId, a.version, [...(a.states ?? ['executing'])]],
      );
      if (owned.length === 0) return false;
      await q.query(
        `INSERT INTO pax8_writes (attempt_id, request_id, operation, sent, basis, sent_at, outcome, step) VALUES ($1, $2, $3, $4, $5, $6, 'sending', $7)`,
        [a.attemptId, a.requestId, a.operation, JSON.stringify(a.sent), json(a.basis), a.at, a.step ?? null],
      );
      return true;
    },

    async recordResult(r: { attemptId: string; outcome: Exclude<WriteOutcome, 'sending'>; response?: unknown; error?: string | undefined; evidence?: string | undefined; at: Date }): Promise<void> {
      // Evidence another attempt holds already is not taken twice (the unique index would refuse it).
      await q.query(
        `UPDATE pax8_writes SET outcome = $2, response = $3, error = $4, finished_at = $5,
           evidence = CASE WHEN EXISTS (SELECT 1 FROM pax8_writes o WHERE o.evidence = $6 AND o.attempt_id <> $1) THEN evidence ELSE COALESCE($6, evidence) END
         WHERE attempt_id = $1`,
        [
        r.attemptId,
        r.outcome,
        json(r.response),
        r.error ?? null,
        r.at,
        r.evidence ?? null,
      ],
      );
    },

    /**
     * Credits a Pax8 record to an attempt that was uncertain. False when another attempt holds it
     * already: the record is theirs, and this attempt must look for other evidence.
     */
    async claimEvidence(attemptId: string, evidence: string): Promise<boolean> {
      const rows = await q.query(
        `UPDATE pax8_writes SET evidence = $2 WHERE attempt_id = $1
           AND NOT EXISTS (SELECT 1 FROM pax8_writes WHERE evidence = $2 AND attempt_id <> $1) RETURNING attempt_id`,
        [attemptId, evidence],
      );
      return rows.length === 1;
    },

    /** Which of `evidence` (Pax8 records) attempts of other requests hold; looked up by the unique index. */
    async claimedAmong(evidence: readonly string[], exceptRequestId: string): Promise<Set<string>> {
      if (evidence.length === 0) return new Set();
      const rows = await q.query<{ evidence: string }>('SELECT evidence FROM pax8_writes WHERE evidence = ANY($1::text[]) AND request_id <> $2', [[...evidence], exceptRequestId]);
      return new Set(rows.map((r) => r.evidence));
    },

    async forRequest(requestId: string): Promise<WriteAttempt[]> {
      const rows = await q.query('SELECT * FROM pax8_writes WHERE request_id = $1 ORDER BY sent_at, finished_at NULLS LAST', [requestId]);
      return rows.map((r) => writeRowSchema.parse(r));
    },
  };
}
