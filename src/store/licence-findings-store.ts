import { z } from 'zod';
import type { Queryable } from './db.ts';

const ignoreRowSchema = z
  .object({ company_id: z.string(), company_name: z.string().nullable(), sku: z.string(), set_by: z.string(), set_at: z.coerce.date() })
  .transform((r) => ({ companyId: r.company_id, companyName: r.company_name ?? undefined, sku: r.sku, setBy: r.set_by, setAt: r.set_at }));

/** A company's SKU whose licence findings an admin chose to ignore. */
export type LicenceIgnore = z.output<typeof ignoreRowSchema>;

/**
 * Data access for `licence_ignores` (a finding's Ignore button), `digest_runs` (which replica posts
 * a digest of a period) and `digest_findings` (what the last digest said, to show only what changed).
 */
export function createLicenceFindingsStore(q: Queryable) {
  return {
    /** Records an ignore; false when it was recorded already (a second click changes nothing). */
    async ignore(entry: { companyId: string; companyName?: string | undefined; sku: string; setBy: string }, at: Date): Promise<boolean> {
      const rows = await q.query(
        `INSERT INTO licence_ignores (company_id, company_name, sku, set_by, set_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (company_id, sku) DO NOTHING RETURNING company_id`,
        [entry.companyId, entry.companyName ?? null, entry.sku.toUpperCase(), entry.setBy, at],
      );
      return rows.length > 0;
    },

    async ignores(): Promise<LicenceIgnore[]> {
      const rows = await q.query('SELECT * FROM licence_ignores ORDER BY company_name, company_id, sku');
      return rows.map((r) => ignoreRowSchema.parse(r));
    },

    /**
     * Claims a digest's period for this replica: true for the one replica whose insert made the
     * row, false for every other (and for a second pass of the same replica).
     */
    async claimDigest(digest: string, period: string, by: string, at: Date): Promise<boolean> {
      const rows = await q.query(
        'INSERT INTO digest_runs (digest, period, claimed_by, claimed_at) VALUES ($1, $2, $3, $4) ON CONFLICT (digest, period) DO NOTHING RETURNING period',
        [digest, period, by, at],
      );
      return rows.length > 0;
    },

    /** Notes how many findings the claimed run posted (0: nothing new, nothing was posted). */
    async digestPosted(digest: string, period: string, posted: number): Promise<void> {
      await q.query('UPDATE digest_runs SET posted = $3 WHERE digest = $1 AND period = $2', [digest, period, posted]);
    },

    async digestRuns(digest: string): Promise<{ period: string; claimedBy: string; posted: number | null }[]> {
      const rows = await q.query<{ period: string; claimed_by: string; posted: number | null }>('SELECT period, claimed_by, posted FROM digest_runs WHERE digest = $1 ORDER BY period', [digest]);
      return rows.map((r) => ({ period: r.period, claimedBy: r.claimed_by, posted: r.posted }));
    },

    /** What the last digest posted: finding key → fingerprint. */
    async postedFindings(digest: string): Promise<Map<string, string>> {
      const rows = await q.query<{ finding_key: string; fingerprint: string }>('SELECT finding_key, fingerprint FROM digest_findings WHERE digest = $1', [digest]);
      return new Map(rows.map((r) => [r.finding_key, r.fingerprint]));
    },

    /** Replaces what the digest remembers with the findings that hold now (gone ones are forgotten, so they count as new if they come back). */
    async rememberFindings(digest: string, findings: ReadonlyMap<string, string>, at: Date): Promise<void> {
      await q.query('DELETE FROM digest_findings WHERE digest = $1', [digest]);
      for (const [key, fingerprint] of findings) {
        await q.query('INSERT INTO digest_findings (digest, finding_key, fingerprint, posted_at) VALUES ($1, $2, $3, $4)', [digest, key, fingerprint, at]);
      }
    },
  };
}
