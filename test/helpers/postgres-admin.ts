import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** `TEST_POSTGRES_URL` (an admin connection to a database named `test`) overrides the local defaults. */
export const adminUrlCandidates = process.env.TEST_POSTGRES_URL
  ? [process.env.TEST_POSTGRES_URL]
  : ['postgres', 'root'].map((user) => `postgresql://${user}@127.0.0.1:5432/test`);

/** The first candidate admin connection that answers, or undefined when PostgreSQL is not reachable. */
export async function findAdminUrl(): Promise<string | undefined> {
  for (const url of adminUrlCandidates) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return url;
    } catch {
      // try the next user
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return undefined;
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface ScratchDatabase {
  /** A connection string to the new, empty database. */
  readonly url: string;
  /** Drops it (closing whatever is still connected). */
  drop(): Promise<void>;
}

/** A new empty database named `<prefix>_<random>` beside the admin one, so a run never touches another's data. */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${name}`;
  return { url: parsed.toString(), drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
