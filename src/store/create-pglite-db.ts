import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable } from './db.ts';

/**
 * PostgreSQL settings for the bot's few small tables. PGlite starts with a server's defaults
 * (160 MB of shared buffers, 64 MB for maintenance, 10 MB of temporary buffers), which the
 * WebAssembly heap keeps resident once touched; a chat bot's working set is a few megabytes.
 */
export const pgliteSettings: Readonly<Record<string, string>> = {
  shared_buffers: '16MB',
  wal_buffers: '1MB',
  temp_buffers: '2MB',
  maintenance_work_mem: '8MB',
  work_mem: '2MB',
};

/**
 * WebAssembly runs on V8's baseline compiler (Liftoff) only. Its optimising tier compiles PGlite's
 * 9 MB module again in the background, which holds some 50 MB more resident and, on a busy 2-core
 * machine, made the bot's small queries slower rather than faster while it ran. Set before PGlite's
 * module is compiled; it applies to the WebAssembly compiled after it in this process.
 */
function compileWebAssemblyBaselineOnly(): void {
  setFlagsFromString('--liftoff-only');
}

const startParams = [...PGlite.defaultStartParams, ...Object.entries(pgliteSettings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];

/**
 * Embedded PostgreSQL (PGlite, WebAssembly) in `dataDir`, so one process on a laptop needs nothing
 * installed. `memory://` keeps everything in memory (tests). PGlite serialises all queries on one
 * connection, which is why transactions must use the `tx` handle only.
 */
export async function createPgliteDb(dataDir: string): Promise<Db> {
  if (!dataDir.includes('://')) {
    mkdirSync(dataDir, { recursive: true });
    await initPgliteDirApart(dataDir);
    compileWebAssemblyBaselineOnly();
  }
  const pg = await PGlite.create(dataDir, { startParams });
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await q.query<T>(sql, [...params]);
      return result.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  return {
    backend: 'pglite',
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: () => pg.close(),
  };
}

/**
 * Creates the database cluster of a new `dataDir` in a short-lived child process. PGlite's `initdb`
 * runs a second PostgreSQL instance and copies its files through JavaScript buffers, which leaves
 * the process that ran it some 500 MB larger for good; a child returns all of it when it exits.
 * When the child fails, the bot's own `PGlite.create` runs `initdb` and reports the real problem.
 */
function initPgliteDirApart(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return Promise.resolve();
  const script = fileURLToPath(new URL('./pglite-initdb.mjs', import.meta.url));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, dataDir], { stdio: 'ignore' });
    child.once('error', () => resolve());
    child.once('exit', () => resolve());
  });
}
