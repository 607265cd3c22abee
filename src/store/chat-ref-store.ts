import { z } from 'zod';
import { openStates } from './approval-request.ts';
import type { Queryable } from './db.ts';

/** A chat message that shows a request (a posted card); every copy is updated after each transition. */
export interface RequestMessage {
  readonly requestId: string;
  readonly platform: string;
  readonly conversationId: string;
  readonly messageId: string;
}

const messageRowSchema = z
  .object({ request_id: z.string(), platform: z.string(), conversation_id: z.string(), message_id: z.string() })
  .transform((r) => ({ requestId: r.request_id, platform: r.platform, conversationId: r.conversation_id, messageId: r.message_id }));

/**
 * Who claims a card's posting, and which claims they may take over: made before `staleBefore`, or,
 * when `othersGone` (embedded PGlite: one process only), any claim of another process (a stopped one).
 */
export interface PostClaim {
  readonly by: string;
  readonly staleBefore: Date;
  readonly othersGone: boolean;
}

/**
 * SQL: the claim in `table` may still be being acted on (a {@link PostClaim} may not take it over),
 * with the claim's fields given as query parameters.
 */
function claimHeld(table: string, p: { readonly staleBefore: string; readonly othersGone: string; readonly by: string }): string {
  return `(${table}.claimed_at >= ${p.staleBefore} AND NOT (${p.othersGone}::boolean AND ${table}.claimed_by <> ${p.by}))`;
}

/** What a copy shows of its request: the version and `updatedAt` it was drawn from. */
export interface Shown {
  readonly version: number;
  readonly updatedAt: Date;
}

const behindRowSchema = z
  .object({ request_id: z.string(), platform: z.string(), conversation_id: z.string(), message_id: z.string(), version: z.number().int(), updated_at: z.coerce.date() })
  .transform((r) => ({ requestId: r.request_id, platform: r.platform, conversationId: r.conversation_id, messageId: r.message_id, version: r.version, updatedAt: r.updated_at }));

/**
 * Where requests were posted and where the bot may post proactively. Conversation references are
 * opaque JSON (a Teams ConversationReference, a Slack channel id): the adapters own their shape.
 */
export function createChatRefStore(q: Queryable) {
  return {
    /**
     * Records a posted copy. `shown` is the request as drawn (its version and `updatedAt`); without
     * it, the request as it is now (a copy an adapter drew just before, which checks the version itself).
     */
    async addMessage(m: RequestMessage, at: Date, shown?: Shown): Promise<void> {
      await q.query(
        `INSERT INTO request_messages (request_id, platform, conversation_id, message_id, posted_at, shown_version, shown_at)
         SELECT $1, $2, $3, $4, $5, COALESCE($6::integer, r.version), COALESCE($7::timestamptz, r.updated_at) FROM approval_requests r WHERE r.id = $1
         ON CONFLICT DO NOTHING`,
        [m.requestId, m.platform, m.conversationId, m.messageId, at, shown?.version ?? null, shown?.updatedAt ?? null],
      );
    },

    /** Records that a copy now shows the request as `shown`; never goes back to an older one. */
    async markShown(m: RequestMessage, shown: Shown): Promise<void> {
      await q.query(
        `UPDATE request_messages SET shown_version = $4, shown_at = $5 WHERE platform = $1 AND conversation_id = $2 AND message_id = $3
           AND (shown_version IS NULL OR shown_version < $4 OR (shown_version = $4 AND shown_at < $5))`,
        [m.platform, m.conversationId, m.messageId, shown.version, shown.updatedAt],
      );
    },

    /**
     * Copies that show an older state than their request has, for requests changed since `since`;
     * newest change first, so copies that can never be updated (their conversation is gone) cannot
     * crowd out a fresh one.
     */
    async behind(since: Date, limit: number): Promise<(RequestMessage & Shown)[]> {
      const rows = await q.query(
        `SELECT m.request_id, m.platform, m.conversation_id, m.message_id, r.version, r.updated_at FROM request_messages m
           JOIN approval_requests r ON r.id = m.request_id
          WHERE r.updated_at >= $1 AND (m.shown_version IS NULL OR m.shown_version < r.version OR m.shown_at < r.updated_at)
          ORDER BY r.updated_at DESC LIMIT $2`,
        [since, limit],
      );
      return rows.map((r) => behindRowSchema.parse(r));
    },

    /**
     * Requests changed since `since` whose card is not in `conversationId` of `platform`: open ones,
     * and finished ones whose post was started there and never recorded (a process stopped on its
     * way; the request was decided elsewhere meanwhile). Only those whose posting nobody may still be
     * doing: no claim, a claim made before `claim.staleBefore`, or (`claim.othersGone`: no other
     * process can be running) a claim of another process.
     */
    async unposted(platform: string, conversationId: string, since: Date, claim: PostClaim, limit: number): Promise<string[]> {
      const rows = await q.query<{ id: string }>(
        `SELECT r.id FROM approval_requests r
          WHERE r.updated_at >= $3
            AND (r.state = ANY($6::text[]) OR EXISTS (SELECT 1 FROM card_posts s WHERE s.request_id = r.id AND s.platform = $1))
            AND NOT EXISTS (SELECT 1 FROM request_messages m WHERE m.request_id = r.id AND m.platform = $1 AND m.conversation_id = $2)
            AND NOT EXISTS (SELECT 1 FROM card_posts c WHERE c.request_id = r.id AND c.platform = $1 AND ${claimHeld('c', { staleBefore: '$4', othersGone: '$7', by: '$8' })})
          ORDER BY r.created_at LIMIT $5`,
        [platform, conversationId, since, claim.staleBefore, limit, [...openStates], claim.othersGone, claim.by],
      );
      return rows.map((r) => r.id);
    },

    /**
     * Takes the posting of a request's card on a platform: true for the one caller that may post it
     * (no claim yet, or one nobody may still be doing: see {@link unposted}).
     */
    async claimPost(requestId: string, platform: string, now: Date, claim: PostClaim): Promise<boolean> {
      const rows = await q.query(
        `INSERT INTO card_posts (request_id, platform, claimed_at, claimed_by) VALUES ($1, $2, $3, $5)
         ON CONFLICT (request_id, platform) DO UPDATE SET claimed_at = EXCLUDED.claimed_at, claimed_by = EXCLUDED.claimed_by
           WHERE NOT ${claimHeld('card_posts', { staleBefore: '$4', othersGone: '$6', by: '$5' })}
         RETURNING request_id`,
        [requestId, platform, now, claim.staleBefore, claim.by, claim.othersGone],
      );
      return rows.length > 0;
    },

    /** Whether any chat message shows the request (the approvals channel, the requester's answer). */
    async anyMessage(requestId: string): Promise<boolean> {
      const rows = await q.query('SELECT 1 FROM request_messages WHERE request_id = $1 LIMIT 1', [requestId]);
      return rows.length > 0;
    },

    async messagesFor(requestId: string): Promise<RequestMessage[]> {
      const rows = await q.query('SELECT * FROM request_messages WHERE request_id = $1 ORDER BY posted_at', [requestId]);
      return rows.map((r) => messageRowSchema.parse(r));
    },

    async putConversation(platform: string, key: string, reference: unknown, at: Date): Promise<void> {
      await q.query(
        `INSERT INTO conversation_refs (platform, key, reference, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (platform, key) DO UPDATE SET reference = EXCLUDED.reference, updated_at = EXCLUDED.updated_at`,
        [platform, key, JSON.stringify(reference), at],
      );
    },

    /** The stored reference, still unparsed: the adapter that wrote it validates it. */
    async getConversation(platform: string, key: string): Promise<unknown> {
      const rows = await q.query<{ reference: unknown }>('SELECT reference FROM conversation_refs WHERE platform = $1 AND key = $2', [platform, key]);
      return rows[0]?.reference;
    },
  };
}
