import { z } from 'zod';
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
 * Where requests were posted and where the bot may post proactively. Conversation references are
 * opaque JSON (a Teams ConversationReference, a Slack channel id): the adapters own their shape.
 */
export function createChatRefStore(q: Queryable) {
  return {
    async addMessage(m: RequestMessage, at: Date): Promise<void> {
      await q.query(
        `INSERT INTO request_messages (request_id, platform, conversation_id, message_id, posted_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [m.requestId, m.platform, m.conversationId, m.messageId, at],
      );
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
