/**
 * The tables of licence findings (migration 0011): `licence_ignores`, `digest_runs` and
 * `digest_findings`, on PGlite and on PostgreSQL, where two connection pools stand for two replicas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgPoolDb } from '../../src/store/create-pg-pool-db.ts';
import type { Db } from '../../src/store/db.ts';
import { storeFromDb, type Store } from '../../src/store/open-store.ts';
import { dbBackends, type TestDatabase } from '../helpers/db-backends.ts';

const at = new Date('2026-11-02T08:00:00Z');

describe.each(dbBackends)('licence findings tables on $name', (backend) => {
  let database: TestDatabase;
  const pools: Db[] = [];
  const replicas: Store[] = [];

  beforeAll(async () => {
    database = await backend.create();
    replicas.push(storeFromDb(database.db));
    const second = database.url ? createPgPoolDb(database.url) : undefined;
    if (second) pools.push(second);
    replicas.push(second ? storeFromDb(second) : storeFromDb(database.db));
  });
  afterAll(async () => {
    for (const pool of pools) await pool.close();
    await database.dispose();
  });

  const store = (i: number): Store => {
    const s = replicas[i];
    if (!s) throw new Error('the replicas are opened in beforeAll');
    return s;
  };

  it('records an ignore once, by upper-cased SKU: a second click, from either replica, changes nothing', async () => {
    const entry = { companyId: 'c-1', companyName: 'Contoso Ltd', sku: 'flow_free', setBy: 'admin@msp.example' };
    const clicks = await Promise.all([store(0).licenceFindings.ignore(entry, at), store(1).licenceFindings.ignore({ ...entry, setBy: 'ann@msp.example' }, at)]);
    expect(clicks.filter(Boolean)).toHaveLength(1);
    expect(await store(1).licenceFindings.ignore({ ...entry, sku: 'FLOW_FREE' }, at)).toBe(false);
    await store(0).licenceFindings.ignore({ companyId: 'c-0', sku: 'POWER_BI_PRO', setBy: 'admin@msp.example' }, at);
    const ignores = await store(1).licenceFindings.ignores();
    expect(ignores.map((i) => [i.companyId, i.companyName, i.sku])).toEqual([
      ['c-1', 'Contoso Ltd', 'FLOW_FREE'],
      ['c-0', undefined, 'POWER_BI_PRO'],
    ]);
    expect(ignores[0]?.setAt).toEqual(at);
  });

  it('lets exactly one replica claim a digest period, however many passes ask at once', async () => {
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => store(i % 2).licenceFindings.claimDigest('unused', '2026-11-02', `replica-${i % 2}`, at)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = `replica-${claims.indexOf(true) % 2}`;
    expect(await store(0).licenceFindings.claimDigest('unused', '2026-11-02', winner, at)).toBe(false);
    // Another digest, and the next period, are claims of their own.
    expect(await store(1).licenceFindings.claimDigest('renewals', '2026-11-02', 'replica-1', at)).toBe(true);
    expect(await store(1).licenceFindings.claimDigest('unused', '2026-11-03', 'replica-1', at)).toBe(true);
    await store(0).licenceFindings.digestPosted('unused', '2026-11-02', 12);
    expect(await store(1).licenceFindings.digestRuns('unused')).toEqual([
      { period: '2026-11-02', claimedBy: winner, posted: 12 },
      { period: '2026-11-03', claimedBy: 'replica-1', posted: null },
    ]);
  });

  it('remembers what the last digest said, replacing what it said before', async () => {
    await store(0).licenceFindings.rememberFindings('unused', new Map([['c-1|E3', '[5,3]'], ['c-2|E5', '[2,1]']]), at);
    expect(await store(1).licenceFindings.postedFindings('unused')).toEqual(new Map([['c-1|E3', '[5,3]'], ['c-2|E5', '[2,1]']]));
    await store(1).licenceFindings.rememberFindings('unused', new Map([['c-1|E3', '[5,4]']]), at);
    expect(await store(0).licenceFindings.postedFindings('unused')).toEqual(new Map([['c-1|E3', '[5,4]']]));
    expect(await store(0).licenceFindings.postedFindings('renewals')).toEqual(new Map());
  });
});
