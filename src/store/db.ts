/**
 * The one database seam. Two implementations exist (embedded PGlite and a `pg.Pool`); everything
 * above this interface is plain PostgreSQL SQL with `$1` parameters, so the same code and the same
 * tests run on both.
 */
export interface Queryable {
  /** One statement with positional parameters; rows come back as plain objects. */
  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<readonly T[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A connection-level handle: can start a transaction and be closed. */
export interface Db extends Queryable {
  /** Which engine is behind it, for logs and `check`. */
  readonly backend: 'pglite' | 'postgres';
  /**
   * Runs `fn` in one transaction (BEGIN … COMMIT, ROLLBACK when it throws). Inside `fn`, use only
   * `tx`: on PGlite the outer handle waits until the transaction ends.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
