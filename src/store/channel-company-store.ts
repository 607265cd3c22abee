import { z } from 'zod';
import type { Queryable } from './db.ts';

const mappingRowSchema = z
  .object({ channel: z.string(), company_id: z.string(), company_name: z.string().nullable(), account: z.string().nullable() })
  .transform((r) => ({ channel: r.channel, companyId: r.company_id, companyName: r.company_name ?? undefined, account: r.account ?? undefined }));

/** A chat channel (`slack:C…`, `teams:19:…`) mapped to its default Pax8 company. */
export type ChannelCompany = z.output<typeof mappingRowSchema>;

/** Data access for `channel_companies` (set with `map <company>`, seeded from the config file). */
export function createChannelCompanyStore(q: Queryable) {
  return {
    async set(m: { channel: string; companyId: string; companyName?: string | undefined; account?: string | undefined }, at: Date): Promise<void> {
      await q.query(
        `INSERT INTO channel_companies (channel, company_id, company_name, account, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (channel) DO UPDATE SET company_id = EXCLUDED.company_id, company_name = EXCLUDED.company_name, account = EXCLUDED.account, updated_at = EXCLUDED.updated_at`,
        [m.channel, m.companyId, m.companyName ?? null, m.account ?? null, at],
      );
    },

    async get(channel: string): Promise<ChannelCompany | undefined> {
      const rows = await q.query('SELECT * FROM channel_companies WHERE channel = $1', [channel]);
      return rows[0] ? mappingRowSchema.parse(rows[0]) : undefined;
    },

    async list(): Promise<ChannelCompany[]> {
      const rows = await q.query('SELECT * FROM channel_companies ORDER BY channel');
      return rows.map((r) => mappingRowSchema.parse(r));
    },
  };
}
