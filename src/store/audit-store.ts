import { z } from 'zod';
import type { Queryable } from './db.ts';

/** One line of the audit trail: who did what to which request, when, and what Pax8 said. */
export interface AuditEntry {
  readonly requestId?: string | undefined;
  readonly at: Date;
  readonly action: string;
  readonly actorEmail?: string | undefined;
  readonly role?: string | undefined;
  readonly platform?: string | undefined;
  readonly channel?: string | undefined;
  readonly reason?: string | undefined;
  readonly fromState?: string | undefined;
  readonly toState?: string | undefined;
  readonly pax8Ids?: readonly string[] | undefined;
}

const text = z.string().nullable().transform((s) => s ?? undefined);
const auditRowSchema = z
  .object({
    seq: z.coerce.number(),
    request_id: text,
    at: z.coerce.date(),
    action: z.string(),
    actor_email: text,
    role: text,
    platform: text,
    channel: text,
    reason: text,
    from_state: text,
    to_state: text,
    pax8_ids: z.array(z.string()),
  })
  .transform((r) => ({
    seq: r.seq,
    requestId: r.request_id,
    at: r.at,
    action: r.action,
    actorEmail: r.actor_email,
    role: r.role,
    platform: r.platform,
    channel: r.channel,
    reason: r.reason,
    fromState: r.from_state,
    toState: r.to_state,
    pax8Ids: r.pax8_ids,
  }));

/** An audit entry as read back, with its sequence number. */
export type AuditRecord = z.output<typeof auditRowSchema>;

/** Data access for `audit_log`: append and read, nothing else (the table refuses updates and deletes). */
export function createAuditStore(q: Queryable) {
  return {
    async append(e: AuditEntry): Promise<void> {
      await q.query(
        `INSERT INTO audit_log (request_id, at, action, actor_email, role, platform, channel, reason, from_state, to_state, pax8_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [e.requestId ?? null, e.at, e.action, e.actorEmail ?? null, e.role ?? null, e.platform ?? null, e.channel ?? null,
          e.reason ?? null, e.fromState ?? null, e.toState ?? null, JSON.stringify(e.pax8Ids ?? [])],
      );
    },

    /** Entries with `from <= at < to`, oldest first; optionally for one request. */
    async list(range: { from?: Date | undefined; to?: Date | undefined; requestId?: string | undefined } = {}): Promise<AuditRecord[]> {
      const rows = await q.query(
        `SELECT * FROM audit_log WHERE ($1::timestamptz IS NULL OR at >= $1) AND ($2::timestamptz IS NULL OR at < $2)
           AND ($3::uuid IS NULL OR request_id = $3) ORDER BY at, seq`,
        [range.from ?? null, range.to ?? null, range.requestId ?? null],
      );
      return rows.map((r) => auditRowSchema.parse(r));
    },
  };
}
