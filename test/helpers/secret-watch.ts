/**
 * The secrets a test configured or saw issued, and where they leaked: every captured log line is
 * searched for each one, as given and URL-encoded. Adding a new kind of secret to a test (a
 * temporary password, a webhook's authorization value) is one `watch` call.
 */
import type { Queryable } from '../../src/store/db.ts';

export interface SecretWatch {
  /** Looks for `value` from now on; `label` names it in a failure (never the value itself). */
  watch(label: string, value: string | undefined): void;
  readonly watched: readonly string[];
  /** One entry per line that holds a watched value: which secret, and the line with the value censored. */
  leaks(lines: readonly string[]): string[];
}

export function createSecretWatch(): SecretWatch {
  const secrets = new Map<string, string>();
  return {
    watch(label, value) {
      if (value === undefined || value.length < 8) throw new Error(`${label}: a secret to look for must be at least 8 characters (a short one would match innocent text)`);
      secrets.set(value, label);
    },
    get watched() {
      return [...secrets.values()];
    },
    leaks(lines) {
      const found: string[] = [];
      lines.forEach((line, n) => {
        for (const [value, label] of secrets) {
          const forms = new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
          const form = [...forms].find((f) => line.includes(f));
          if (form !== undefined) found.push(`${label} in log line ${n + 1}: ${line.split(form).join('[SECRET]').slice(0, 600)}`);
        }
      });
      return found;
    },
  };
}

/** The rows of every table of the bot's database, as JSON text each: where a secret must never be. */
export async function databaseRows(db: Pick<Queryable, 'query'>): Promise<{ table: string; row: string }[]> {
  const tables = await db.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1");
  const rows: { table: string; row: string }[] = [];
  for (const { name } of tables) {
    for (const r of await db.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${name}" t`)) rows.push({ table: name, row: r.row });
  }
  return rows;
}

/**
 * Checks that `value` (a temporary password) is in no line of `logged` — which must be a verbose
 * log: it has to hold the Graph calls — and in no row of any table of `db`.
 */
export async function expectNeitherLoggedNorStored(label: string, value: string, logged: readonly string[], db: Pick<Queryable, 'query'>): Promise<void> {
  const watch = createSecretWatch();
  watch.watch(label, value);
  if (!logged.some((l) => l.includes('"msg":"graph request"'))) throw new Error('the log given holds no Graph call: run the bot at trace');
  const leaks = watch.leaks(logged);
  if (leaks.length > 0) throw new Error(leaks.join('\n\n'));
  const rows = await databaseRows(db);
  if (!rows.some((r) => r.table === 'approval_requests')) throw new Error('no approval request in the database: is it the bot’s?');
  const stored = rows.filter((r) => watch.leaks([r.row]).length > 0).map((r) => r.table);
  if (stored.length > 0) throw new Error(`${label} is stored in clear in: ${[...new Set(stored)].join(', ')}`);
}
