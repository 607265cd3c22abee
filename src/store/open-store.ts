import type { Logger } from '../log.ts';
import { createAuditStore } from './audit-store.ts';
import { createChannelCompanyStore } from './channel-company-store.ts';
import { createChatRefStore } from './chat-ref-store.ts';
import { createCompanyTenantStore } from './company-tenant-store.ts';
import { createExportFileStore } from './export-file-store.ts';
import type { Db, Queryable } from './db.ts';
import { createPax8WriteStore } from './pax8-write-store.ts';
import { createRequestStore } from './request-store.ts';
import { runMigrations } from './run-migrations.ts';
import { claimDueWork, createScheduledWorkStore } from './scheduled-work-store.ts';
import { createExecutionLockStore } from './execution-lock-store.ts';
import { createVoteStore } from './vote-store.ts';
import { createWebhookEventStore } from './webhook-event-store.ts';
import { createLicenceFindingsStore } from './licence-findings-store.ts';

/** The tables that take part in a decision, bound to one handle (the pool or a transaction). */
export function bindTables(q: Queryable) {
  return {
    requests: createRequestStore(q),
    votes: createVoteStore(q),
    audit: createAuditStore(q),
    chatRefs: createChatRefStore(q),
    channelCompanies: createChannelCompanyStore(q),
    companyTenants: createCompanyTenantStore(q),
    writes: createPax8WriteStore(q),
    work: createScheduledWorkStore(q),
    locks: createExecutionLockStore(q),
    webhookEvents: createWebhookEventStore(q),
    exportFiles: createExportFileStore(q),
    licenceFindings: createLicenceFindingsStore(q),
  };
}

/** The tables bound to one handle. */
export type StoreTables = ReturnType<typeof bindTables>;

/** Everything the bot keeps: the tables on the pool, transactions over them, and `close()`. */
export interface Store extends StoreTables {
  readonly db: Db;
  /** Due work, claimed in its own transaction by the scheduler. */
  claimDueWork(now: Date, leaseMs: number, limit?: number): ReturnType<typeof claimDueWork>;
  /** Runs `fn` in one transaction with every table bound to it. */
  transaction<T>(fn: (tables: StoreTables) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Wraps an open `Db` (already migrated) as a `Store`; tests use it to give replicas their own pool. */
export function storeFromDb(db: Db): Store {
  return {
    db,
    ...bindTables(db),
    claimDueWork: (now, leaseMs, limit) => claimDueWork(db, now, leaseMs, limit),
    transaction: (fn) => db.transaction((tx) => fn(bindTables(tx))),
    close: () => db.close(),
  };
}

/** Where the data lives: PostgreSQL when `databaseUrl` is given, else embedded PGlite in `dataDir`. */
export interface StoreLocation {
  readonly databaseUrl?: string | undefined;
  readonly dataDir: string;
  readonly poolSize?: number;
}

/**
 * Opens the database without migrating it (for `pax8-chatops migrate` and `check`). Only the chosen
 * backend's driver is loaded: `pg` on PostgreSQL, PGlite when embedded.
 */
export async function openDb(location: StoreLocation): Promise<Db> {
  if (location.databaseUrl) {
    const { createPgPoolDb } = await import('./create-pg-pool-db.ts');
    return createPgPoolDb(location.databaseUrl, location.poolSize === undefined ? {} : { max: location.poolSize });
  }
  const { createPgliteDb } = await import('./create-pglite-db.ts');
  return createPgliteDb(location.dataDir);
}

/**
 * Opens the store: PostgreSQL when `databaseUrl` is given (several replicas may share it), else
 * embedded PGlite in `dataDir`. Applies pending migrations before returning.
 */
export async function openStore(options: StoreLocation & { log: Logger }): Promise<Store> {
  const db = await openDb(options);
  try {
    const applied = await runMigrations(db);
    options.log.info({ backend: db.backend, applied }, applied.length > 0 ? 'database migrated' : 'database schema up to date');
  } catch (error) {
    await db.close();
    throw error;
  }
  return storeFromDb(db);
}
