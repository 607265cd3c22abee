import { type ApprovalRequest, approvalRequestRowSchema, openStates, type ChannelRef, type Person, peopleEntry, type RequestState } from './approval-request.ts';
import type { Queryable } from './db.ts';
import { StoreError } from './store-error.ts';

/** What `insert` needs; the store adds state `pending`, version 1, no approvals yet and the timestamps. */
export interface NewRequest {
  readonly id: string;
  readonly kind: string;
  readonly payload: unknown;
  /** What the card showed when the request was opened; for display only, never executed. */
  readonly preview?: unknown;
  readonly summary: string;
  readonly requester: Person;
  readonly channel?: ChannelRef | undefined;
  readonly monthlyCostDelta: number;
  /** From the policy at submit: 2 above `secondApproverAbove`, else 1. */
  readonly approvalsNeeded: number;
  readonly idempotencyKey?: string | undefined;
  /** The Pax8 account the request belongs to; undefined = the default one. */
  readonly account?: string | undefined;
  readonly atRenewal: boolean;
  readonly now: Date;
  readonly expiresAt: Date;
}

/** Columns a transition may set besides state and version. */
export interface TransitionPatch {
  readonly runAt?: Date | null;
  readonly windowEnd?: Date | null;
  readonly executingSince?: Date | null;
  readonly executor?: string | null;
  readonly decidedBy?: string;
  readonly decidedAt?: Date;
  readonly reason?: string | null;
  readonly pax8Ids?: readonly string[];
  readonly result?: unknown;
  readonly autoApproved?: boolean;
  /** Display names to remember (`{ email: name }`), merged into `people`. */
  readonly people?: Record<string, string>;
}

/** A compare-and-set: moves the row only if it is still in one of `from` (and at `version`, if given). */
export interface Transition {
  readonly id: string;
  readonly from: readonly RequestState[];
  readonly to: RequestState;
  readonly version?: number | undefined;
  readonly now: Date;
  readonly patch?: TransitionPatch;
}

const patchColumns: Record<keyof TransitionPatch, { column: string; json?: true; merge?: true }> = {
  runAt: { column: 'run_at' },
  windowEnd: { column: 'window_end' },
  executingSince: { column: 'executing_since' },
  executor: { column: 'executor' },
  decidedBy: { column: 'decided_by' },
  decidedAt: { column: 'decided_at' },
  reason: { column: 'reason' },
  pax8Ids: { column: 'pax8_ids', json: true },
  result: { column: 'result', json: true },
  autoApproved: { column: 'auto_approved' },
  people: { column: 'people', json: true, merge: true },
};

const parse = (row: object): ApprovalRequest => approvalRequestRowSchema.parse(row);

/** The approval requests table. Bind it to the pool, or to a transaction's `tx`. */
export type RequestStore = ReturnType<typeof createRequestStore>;

/** Data access for `approval_requests`; every state change goes through `transition` (a CAS). */
export function createRequestStore(q: Queryable) {
  return {
    /**
     * Inserts a request; with an idempotency key already used, returns the existing request and
     * `created: false` instead (a platform retry of the same event).
     */
    async insert(r: NewRequest): Promise<{ created: boolean; request: ApprovalRequest }> {
      const rows = await q.query(
        `INSERT INTO approval_requests (id, kind, payload, summary, state, requester_email, requester, channel,
           monthly_cost_delta, idempotency_key, at_renewal, created_at, updated_at, expires_at, preview, approvals_needed, account, people)
         VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9, $10, $11, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING *`,
        [r.id, r.kind, JSON.stringify(r.payload), r.summary, r.requester.email.toLowerCase(), JSON.stringify(r.requester),
          r.channel ? JSON.stringify(r.channel) : null, r.monthlyCostDelta, r.idempotencyKey ?? null, r.atRenewal, r.now, r.expiresAt,
          r.preview === undefined ? null : JSON.stringify(r.preview), r.approvalsNeeded, r.account ?? null,
          JSON.stringify(peopleEntry(r.requester) ?? {})],
      );
      if (rows[0]) return { created: true, request: parse(rows[0]) };
      const existing = await q.query('SELECT * FROM approval_requests WHERE idempotency_key = $1', [r.idempotencyKey]);
      if (!existing[0]) throw new StoreError('insert conflicted but no request holds the idempotency key');
      return { created: false, request: parse(existing[0]) };
    },

    /**
     * The requester's oldest request still open (not finished, denied, expired or cancelled) of this
     * kind and account with exactly this payload (jsonb equality: key order does not matter).
     */
    async openTwin(t: { requesterEmail: string; kind: string; account: string | undefined; payload: unknown }): Promise<ApprovalRequest | undefined> {
      const rows = await q.query(
        `SELECT * FROM approval_requests WHERE requester_email = $1 AND kind = $2 AND account IS NOT DISTINCT FROM $3
           AND payload = $4::jsonb AND state = ANY($5::text[]) ORDER BY created_at LIMIT 1`,
        [t.requesterEmail.toLowerCase(), t.kind, t.account ?? null, JSON.stringify(t.payload), [...openStates]],
      );
      return rows[0] ? parse(rows[0]) : undefined;
    },

    /** The request opened with this idempotency key, if any (a child request of a multi-step one, say). */
    async byKey(key: string): Promise<ApprovalRequest | undefined> {
      const rows = await q.query('SELECT * FROM approval_requests WHERE idempotency_key = $1', [key]);
      return rows[0] ? parse(rows[0]) : undefined;
    },

    async get(id: string, options: { forUpdate?: boolean } = {}): Promise<ApprovalRequest | undefined> {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
      const rows = await q.query(`SELECT * FROM approval_requests WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
      return rows[0] ? parse(rows[0]) : undefined;
    },

    /** The CAS: `UPDATE … WHERE id AND state IN (from) [AND version] RETURNING *`; undefined when it lost. */
    async transition(t: Transition): Promise<ApprovalRequest | undefined> {
      const params: unknown[] = [t.id, t.to, t.now, [...t.from]];
      const sets = ['state = $2', 'version = version + 1', 'updated_at = $3'];
      for (const [key, value] of Object.entries(t.patch ?? {}) as [keyof TransitionPatch, unknown][]) {
        if (value === undefined) continue;
        const spec = patchColumns[key];
        params.push(spec.json ? JSON.stringify(value) : value);
        sets.push(spec.merge ? `${spec.column} = ${spec.column} || $${params.length}::jsonb` : `${spec.column} = $${params.length}`);
      }
      let where = 'id = $1 AND state = ANY($4::text[])';
      if (t.version !== undefined) {
        params.push(t.version);
        where += ` AND version = $${params.length}`;
      }
      const rows = await q.query(`UPDATE approval_requests SET ${sets.join(', ')} WHERE ${where} RETURNING *`, params);
      return rows[0] ? parse(rows[0]) : undefined;
    },

    /**
     * Records the approvals so far on a pending row (call it in the transaction that adds the vote).
     * The version stays: a vote changes no fact an approver decides on, so a card rendered before
     * someone else's vote must still be accepted. Undefined when the row is no longer pending.
     */
    async recordApprovals(a: { id: string; approvedBy: readonly string[]; approvalsNeeded: number; now: Date; people?: Record<string, string> | undefined }): Promise<ApprovalRequest | undefined> {
      const rows = await q.query(
        `UPDATE approval_requests SET approved_by = $2, approvals_needed = $3, updated_at = $4, people = people || $5::jsonb
          WHERE id = $1 AND state = 'pending' RETURNING *`,
        [a.id, JSON.stringify(a.approvedBy), a.approvalsNeeded, a.now, JSON.stringify(a.people ?? {})],
      );
      return rows[0] ? parse(rows[0]) : undefined;
    },

    /** Requests in the given states last changed before `before` (e.g. `executing` past its lease). */
    async listInStates(states: readonly RequestState[], before?: Date): Promise<ApprovalRequest[]> {
      const rows = await q.query(
        'SELECT * FROM approval_requests WHERE state = ANY($1::text[]) AND ($2::timestamptz IS NULL OR updated_at < $2) ORDER BY created_at',
        [[...states], before ?? null],
      );
      return rows.map(parse);
    },

    /**
     * Requests on this Pax8 record (a subscription or order the change made or acted on) that were
     * approved and not finished before `since`, newest first: the ones a Pax8 event about the
     * record may be the echo of.
     */
    async listTouching(pax8Id: string, since: Date): Promise<ApprovalRequest[]> {
      const rows = await q.query(
        `SELECT * FROM approval_requests
         WHERE (pax8_ids @> jsonb_build_array($1::text) OR payload->>'subscriptionId' = $1)
           AND state = ANY($2::text[]) AND updated_at >= $3 ORDER BY updated_at DESC LIMIT 20`,
        [pax8Id, ['approved', 'scheduled', 'executing', 'succeeded', 'unknown'], since],
      );
      return rows.map(parse);
    },

    /** Newest first; for `requests mine|pending`. */
    async list(filter: { states?: readonly RequestState[]; requesterEmail?: string; limit?: number } = {}): Promise<ApprovalRequest[]> {
      const rows = await q.query(
        `SELECT * FROM approval_requests WHERE ($1::text[] IS NULL OR state = ANY($1::text[]))
           AND ($2::text IS NULL OR requester_email = $2) ORDER BY created_at DESC LIMIT $3`,
        [filter.states ? [...filter.states] : null, filter.requesterEmail?.toLowerCase() ?? null, filter.limit ?? 100],
      );
      return rows.map(parse);
    },

    /** A transaction-scoped advisory lock on a text key; serialises e.g. one requester's auto-approvals. */
    async lockKey(key: string): Promise<void> {
      await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
    },

    /** How many requests of this requester were auto-approved since `since` (the per-day rate limit). */
    async countAutoApprovedSince(requesterEmail: string, since: Date): Promise<number> {
      const rows = await q.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM approval_requests WHERE requester_email = $1 AND auto_approved AND created_at >= $2',
        [requesterEmail.toLowerCase(), since],
      );
      return rows[0]?.n ?? 0;
    },

    /**
     * Settled requests (succeeded, failed) last changed between `since` and `before` with a step
     * still marked as sending a new password: a send whose process stopped before the answer.
     */
    async listSendingPasswords(since: Date, before: Date): Promise<ApprovalRequest[]> {
      const rows = await q.query(
        `SELECT * FROM approval_requests WHERE state = ANY($1::text[]) AND updated_at >= $2 AND updated_at < $3
           AND jsonb_path_exists(result, '$.steps[*].result.newPassword ? (@ == "sending")') ORDER BY updated_at`,
        [['succeeded', 'failed'], since, before],
      );
      return rows.map(parse);
    },

    /** Scheduled requests whose execution is booked nowhere (a crash between the two, before they moved together). */
    async listScheduledWithoutWork(): Promise<ApprovalRequest[]> {
      const rows = await q.query(
        `SELECT r.* FROM approval_requests r WHERE r.state = 'scheduled' AND NOT EXISTS (
           SELECT 1 FROM scheduled_work w WHERE w.request_id = r.id AND w.kind = 'execute' AND w.done_at IS NULL) ORDER BY r.created_at`,
      );
      return rows.map(parse);
    },

    /**
     * Replaces what the request records of Pax8's answer (e.g. provisioning that finished after the
     * order), without a state or version change: a card showing the old status is not stale.
     */
    async recordResult(r: { id: string; result: unknown; now: Date }): Promise<ApprovalRequest | undefined> {
      const rows = await q.query('UPDATE approval_requests SET result = $2, updated_at = $3 WHERE id = $1 RETURNING *', [r.id, JSON.stringify(r.result), r.now]);
      return rows[0] ? parse(rows[0]) : undefined;
    },
  };
}
