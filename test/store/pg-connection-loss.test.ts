/**
 * PostgreSQL restarted or connections killed under a running bot (an admin's
 * `pg_terminate_backend`, a failover, a server restart): the pool must not take the process down,
 * the work that had a connection fails with an error, and the next query gets a new connection.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresBackends } from '../helpers/db-backends.ts';

/** Ends every connection to the database of `url`, from a connection of its own. */
async function terminateConnections(url: string): Promise<number> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const rows = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    return rows.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe.each(postgresBackends)('the store on $name when its connections are terminated', (backend) => {
  it('survives losing a connection held by a transaction between two statements, and the next query reconnects', async () => {
    const database = await backend.create();
    try {
      const { db, url } = database;
      if (!url) throw new Error('PostgreSQL backends have a URL');
      await db.query('SELECT 1');
      let resume: () => void = () => undefined;
      const paused = new Promise<void>((resolve) => {
        resume = resolve;
      });
      const transaction = db.transaction(async (tx) => {
        await tx.query('SELECT 1');
        // The transaction holds its connection while it waits on something else (a Pax8 call, say).
        await paused;
        return tx.query('SELECT 2 AS two');
      });
      const outcome = transaction.then(
        () => 'committed',
        (error: unknown) => `failed: ${(error as Error).message}`,
      );
      expect(await terminateConnections(url)).toBeGreaterThanOrEqual(1);
      // Long enough for the connection's end to reach the client while no statement is running.
      await new Promise((resolve) => setTimeout(resolve, 300));
      resume();
      expect(await outcome).toMatch(/^failed: /);
      expect(await db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      expect(await db.transaction((tx) => tx.query<{ two: number }>('SELECT 2 AS two'))).toEqual([{ two: 2 }]);
    } finally {
      await database.dispose();
    }
  });

  it('survives losing its idle connections, and the next query reconnects', async () => {
    const database = await backend.create();
    try {
      const { db, url } = database;
      if (!url) throw new Error('PostgreSQL backends have a URL');
      await Promise.all([db.query('SELECT 1'), db.query('SELECT 1'), db.query('SELECT 1')]);
      expect(await terminateConnections(url)).toBeGreaterThanOrEqual(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // A pooled connection that died idle may be handed out once more before the pool notices.
      const answer = await db.query<{ one: number }>('SELECT 1 AS one').catch(() => db.query<{ one: number }>('SELECT 1 AS one'));
      expect(answer).toEqual([{ one: 1 }]);
    } finally {
      await database.dispose();
    }
  });
});
