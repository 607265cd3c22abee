import { z } from 'zod';
import type { Queryable } from './db.ts';

const fileRowSchema = z
  .object({ id: z.string(), name: z.string(), content: z.string(), row_count: z.number().int(), created_at: z.coerce.date(), expires_at: z.coerce.date() })
  .transform((r) => ({ id: r.id, name: r.name, content: r.content, rows: r.row_count, createdAt: r.created_at, expiresAt: r.expires_at }));

/** A CSV export kept for download. */
export type ExportFile = z.output<typeof fileRowSchema>;

/** Data access for `export_files`: the shared place every replica serves downloads from. */
export function createExportFileStore(q: Queryable) {
  return {
    async put(file: ExportFile): Promise<void> {
      await q.query('INSERT INTO export_files (id, name, content, row_count, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        file.id, file.name, file.content, file.rows, file.createdAt, file.expiresAt,
      ]);
    },

    /** The file, unless it expired by `now`. */
    async get(id: string, now: Date): Promise<ExportFile | undefined> {
      const rows = await q.query('SELECT * FROM export_files WHERE id = $1 AND expires_at > $2', [id, now]);
      return rows[0] === undefined ? undefined : fileRowSchema.parse(rows[0]);
    },

    /** Deletes what expired by `now`; returns how many. */
    async deleteExpired(now: Date): Promise<number> {
      const rows = await q.query('DELETE FROM export_files WHERE expires_at <= $1 RETURNING id', [now]);
      return rows.length;
    },
  };
}
