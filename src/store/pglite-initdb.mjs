// Run by `createPgliteDb` in a child process for a new data directory: creates the database cluster
// (PGlite runs initdb on first open) and exits, so the bot's own process never holds initdb's memory.
import { PGlite } from '@electric-sql/pglite';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: pglite-initdb.mjs DATA_DIR');
const pg = await PGlite.create(dataDir);
await pg.close();
