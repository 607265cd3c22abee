import { z } from 'zod';
import type { Queryable } from './db.ts';

const voteRowSchema = z.object({
  request_id: z.string(),
  voter_email: z.string(),
  decision: z.enum(['approve', 'deny']),
  role: z.string(),
  platform: z.string().nullable(),
  reason: z.string().nullable(),
  cast_at: z.coerce.date(),
}).transform((r) => ({
  requestId: r.request_id,
  voterEmail: r.voter_email,
  decision: r.decision,
  role: r.role,
  platform: r.platform ?? undefined,
  reason: r.reason ?? undefined,
  castAt: r.cast_at,
}));

/** One person's decision on one request. */
export type Vote = z.output<typeof voteRowSchema>;

/** Data access for `approval_votes`. The primary key (request, voter) forbids voting twice. */
export function createVoteStore(q: Queryable) {
  return {
    /** Returns false when this person already voted on this request. */
    async add(vote: { requestId: string; voterEmail: string; decision: 'approve' | 'deny'; role: string; platform?: string | undefined; reason?: string | undefined; at: Date }): Promise<boolean> {
      const rows = await q.query(
        `INSERT INTO approval_votes (request_id, voter_email, decision, role, platform, reason, cast_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING request_id`,
        [vote.requestId, vote.voterEmail.toLowerCase(), vote.decision, vote.role, vote.platform ?? null, vote.reason ?? null, vote.at],
      );
      return rows.length === 1;
    },

    async forRequest(requestId: string): Promise<Vote[]> {
      const rows = await q.query('SELECT * FROM approval_votes WHERE request_id = $1 ORDER BY cast_at, voter_email', [requestId]);
      return rows.map((r) => voteRowSchema.parse(r));
    },
  };
}
