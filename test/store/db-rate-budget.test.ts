import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgPoolDb } from '../../src/store/create-pg-pool-db.ts';
import { createDbRateBudget } from '../../src/store/create-db-rate-budget.ts';
import type { Db } from '../../src/store/db.ts';
import { dbBackends, type TestDatabase } from '../helpers/db-backends.ts';

const limit = 5;
const windowMs = 800;

/** Acquires `n` starts spread over the given handles at once and returns when each was allowed to start. */
async function startTimes(handles: readonly Db[], n: number, account: string): Promise<number[]> {
  const budgets = handles.map((db) => createDbRateBudget(db, { account, limit, windowMs, marginMs: 20 }));
  const times = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      await budgets[i % budgets.length]?.acquire();
      return performance.now();
    }),
  );
  return times.sort((a, b) => a - b);
}

describe.each(dbBackends)('the Pax8 rate budget in the database ($name)', (backend) => {
  let test: TestDatabase;
  const replicas: Db[] = [];

  beforeAll(async () => {
    test = await backend.create();
    replicas.push(test.db);
    // On PostgreSQL a second pool stands for a second replica of the bot.
    if (test.url) replicas.push(createPgPoolDb(test.url));
  });
  afterAll(async () => {
    for (const db of replicas.slice(1)) await db.close();
    await test.dispose();
  });

  it('never lets more than the limit start within one window, across replicas', async () => {
    const times = await startTimes(replicas, 3 * limit, 'us');
    expect(times).toHaveLength(3 * limit);
    for (let i = 0; i + limit < times.length; i++) {
      expect(times[i + limit]! - times[i]!).toBeGreaterThanOrEqual(windowMs - 5);
    }
  });

  it('keeps one budget per Pax8 account', async () => {
    const us = createDbRateBudget(replicas[0]!, { account: 'us-2', limit, windowMs, marginMs: 20 });
    const eu = createDbRateBudget(replicas.at(-1)!, { account: 'eu', limit, windowMs, marginMs: 20 });
    const first = await Promise.all(Array.from({ length: limit }, () => us.reserve()));
    expect(first).toEqual(Array.from({ length: limit }, () => 0));
    expect(await us.reserve()).toBeGreaterThan(0);
    expect(await eu.reserve()).toBe(0);
  });
});
