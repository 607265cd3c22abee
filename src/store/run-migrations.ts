import { readdirSync, readFileSync } from 'node:fs';
import type { Db } from './db.ts';

const migrationsDir = new URL('./migrations/', import.meta.url);
/** Any constant shared by all replicas; "pax8mig" in ASCII. */
const migrationLockKey = 0x7061_7838_6d69;

/** A migration file: `NNNN-name.sql`, applied in order of its number. */
export interface Migration {
  readonly id: string;
  readonly sql: string;
}

/** The migrations shipped with this version, in order. */
export function listMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((name) => /^\d{4}-[a-z0-9-]+\.sql$/.test(name))
    .sort()
    .map((name) => ({ id: name.replace(/\.sql$/, ''), sql: readFileSync(new URL(name, migrationsDir), 'utf8') }));
}

/**
 * Applies the migrations not applied yet, all in one transaction under a transaction-scoped
 * advisory lock, so two replicas starting at once do not race: the second waits, then sees
 * everything applied. PostgreSQL DDL is transactional, so a failing migration leaves nothing half done.
 * Returns the ids applied by this call.
 */
export async function runMigrations(db: Db, migrations: readonly Migration[] = listMigrations()): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const rows = await tx.query<{ id: string }>('SELECT id FROM schema_migrations');
    const done = new Set(rows.map((r) => r.id));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
      applied.push(migration.id);
    }
    return applied;
  });
}
