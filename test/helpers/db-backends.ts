import { afterAll, beforeAll } from 'vitest';
import { createPgPoolDb } from '../../src/store/create-pg-pool-db.ts';
import { createPgliteDb } from '../../src/store/create-pglite-db.ts';
import type { Db } from '../../src/store/db.ts';
import { type Store, storeFromDb } from '../../src/store/open-store.ts';
import { runMigrations } from '../../src/store/run-migrations.ts';
import { adminUrlCandidates, createScratchDatabase, findAdminUrl } from './postgres-admin.ts';

/** A database backend the store suites run on; `create` makes a fresh, migrated, private database. */
export interface DbBackend {
  readonly name: 'pglite' | 'postgres';
  /** A fresh migrated database; `url` is set on PostgreSQL so replicas can open their own pools. */
  create(): Promise<TestDatabase>;
}

export interface TestDatabase {
  readonly db: Db;
  readonly url: string | undefined;
  /** Closes `db` and drops the database (PostgreSQL). */
  dispose(): Promise<void>;
}

const pgliteBackend: DbBackend = {
  name: 'pglite',
  async create() {
    const db = await createPgliteDb('memory://');
    await runMigrations(db);
    return { db, url: undefined, dispose: () => db.close() };
  },
};

function postgresBackend(adminUrl: string): DbBackend {
  return {
    name: 'postgres',
    async create() {
      const scratch = await createScratchDatabase(adminUrl, 'pax8_test');
      const { url } = scratch;
      const db = createPgPoolDb(url);
      await runMigrations(db);
      return {
        db,
        url,
        async dispose() {
          await db.close();
          await scratch.drop();
        },
      };
    },
  };
}

/**
 * PGlite always; PostgreSQL at 127.0.0.1:5432 when it answers. A missing PostgreSQL is announced
 * loudly, and with `CI=true` it is an error, so a CI run cannot pass without having tested it.
 */
async function detectBackends(): Promise<DbBackend[]> {
  const adminUrl = await findAdminUrl();
  if (adminUrl) return [pgliteBackend, postgresBackend(adminUrl)];
  const message = `PostgreSQL is not reachable (tried ${adminUrlCandidates.map((c) => c.replace(/:[^:@/]*@/, ':***@')).join(', ')}): the PostgreSQL store suites are SKIPPED.`;
  if (process.env.CI === 'true') throw new Error(`${message} CI=true requires PostgreSQL.`);
  console.warn(`\n*** ${message} ***\n`);
  return [pgliteBackend];
}

/** The backends found on this machine, detected once per test file. */
export const dbBackends: readonly DbBackend[] = await detectBackends();

/** Only the PostgreSQL backend (for multi-replica tests); empty when it was skipped. */
export const postgresBackends: readonly DbBackend[] = dbBackends.filter((b) => b.name === 'postgres');

/** A suite's database and the store on it; read them inside tests and hooks, once the suite has started. */
export interface SuiteStore {
  readonly database: TestDatabase;
  readonly store: Store;
}

/** One fresh database on `backend` for the calling suite: created before its tests, disposed after them. */
export function useSuiteStore(backend: DbBackend): SuiteStore {
  let opened: SuiteStore | undefined;
  beforeAll(async () => {
    const database = await backend.create();
    opened = { database, store: storeFromDb(database.db) };
  });
  afterAll(() => opened?.database.dispose());
  const get = (): SuiteStore => {
    if (!opened) throw new Error('the suite database is opened in beforeAll; use it inside tests');
    return opened;
  };
  return {
    get database() {
      return get().database;
    },
    get store() {
      return get().store;
    },
  };
}
