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

  it('counts a call from its answer: the next booking waits a window after it', async () => {
    const budget = createDbRateBudget(replicas[0]!, { account: 'answered', limit, windowMs, marginMs: 20 });
    const slots = await Promise.all(Array.from({ length: limit }, () => budget.acquire()));
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const slot of slots) await slot.done();
    // Counted from their starts, the window would free up ~300 ms sooner (wait <= 520 ms).
    expect(await budget.reserve()).toBeGreaterThan(windowMs + 20 - 150);
  });

  it('never lets more than the limit start within one window, across replicas', async () => {
    const times = await startTimes(replicas, 3 * limit, 'us');
    expect(times).toHaveLength(3 * limit);
    // The starts as booked, on the database's clock: what every replica agreed to. (Times seen by the
    // callers also include each booking's round trip, which a loaded machine stretches unevenly.)
    const rows = await replicas[0]!.query<{ ms: number | string }>(
      `SELECT EXTRACT(EPOCH FROM starts_at) * 1000 AS ms FROM pax8_call_starts WHERE account = 'us' ORDER BY starts_at`,
    );
    const booked = rows.map((r) => Number(r.ms));
    expect(booked).toHaveLength(3 * limit);
    for (let i = 0; i + limit < booked.length; i++) {
      expect(booked[i + limit]! - booked[i]!).toBeGreaterThanOrEqual(windowMs);
    }
    // The callers really waited for their booked starts: the last one began windows after the first.
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(windowMs);
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
