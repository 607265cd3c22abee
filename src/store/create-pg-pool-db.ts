import pg from 'pg';
import type { Db, Queryable } from './db.ts';

/**
 * A PostgreSQL server through `pg.Pool`, for several replicas sharing one database. Each
 * transaction holds one pooled connection from BEGIN to COMMIT/ROLLBACK.
 */
export function createPgPoolDb(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await q.query<T & pg.QueryResultRow>(sql, [...params]);
      return result.rows;
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  return {
    backend: 'postgres',
    ...wrap(pool),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // A connection lost while the transaction holds it between statements (a server restart, a
      // terminated backend) is an 'error' event on the client, which would end the process without a
      // listener; the transaction's next statement fails instead, and the client is not pooled again.
      let lost: Error | undefined;
      const onError = (error: Error) => {
        lost = error;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        if (!lost) await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.off('error', onError);
        client.release(lost);
      }
    },
    close: () => pool.end(),
  };
}
