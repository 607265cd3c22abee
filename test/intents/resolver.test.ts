import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolver } from '../../src/intents/index.ts';
import { pickMatch, scoreName } from '../../src/intents/fuzzy-match.ts';
import { createSilentLogger } from '../../src/log.ts';
import { createManualClock } from '../../src/util/clock.ts';
import { clientFor, countingLogger, oneAccount, type Sandbox, startSandbox } from '../helpers/pax8-sandbox.ts';

describe('fuzzy matching', () => {
  const names = ['Contoso Ltd', 'Contoso Pharma Inc.', 'Fabrikam', 'Microsoft 365 E3', 'Microsoft 365 E5', 'Office 365 E3'];
  const match = (q: string) => pickMatch(q, names, (n) => n, (n) => [n]);

  it('prefers exact names and ids, and treats legal suffixes as noise', () => {
    expect(match('contoso ltd')).toMatchObject({ kind: 'match', item: 'Contoso Ltd' });
    expect(match('Fabrikam')).toMatchObject({ kind: 'match', item: 'Fabrikam' });
    expect(scoreName('fabrikam inc', 'Fabrikam')).toBeGreaterThanOrEqual(0.97);
  });

  it('finds prefixes and typos, and is ambiguous where people would be', () => {
    expect(match('fabrkam')).toMatchObject({ kind: 'match', item: 'Fabrikam' });
    expect(match('contoso')).toMatchObject({ kind: 'match', item: 'Contoso Ltd' });
    expect(match('cont')).toMatchObject({ kind: 'ambiguous' });
    expect(match('e3')).toMatchObject({ kind: 'ambiguous' });
    expect(match('microsoft 365 e5')).toMatchObject({ kind: 'match', item: 'Microsoft 365 E5' });
    expect(match('zzzz qqqq')).toMatchObject({ kind: 'unknown' });
  });
});

describe('createResolver against the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 3, companies: 450 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('reads every page of companies once, serves names from the cache, and refreshes in the background', async () => {
    const counter = countingLogger();
    const pax8 = clientFor(sandbox, { log: counter.log });
    const clock = createManualClock('2026-11-02T09:00:00Z');
    const resolver = createResolver({ pax8: oneAccount(pax8), clock, log: createSilentLogger(), ttlMs: 60_000 });
    const [first, again] = await Promise.all([resolver.companies(), resolver.companies()]);
    expect(first).toHaveLength(450);
    expect(again).toBe(first);
    const afterLoad = counter.requests();
    expect(afterLoad).toBe(Math.ceil(450 / 200));
    const name = first.map((c) => c.name).find((n, _, all) => all.filter((m) => m === n).length === 1) ?? '';
    expect(await resolver.company(name)).toMatchObject({ kind: 'match', item: { name } });
    expect(counter.requests()).toBe(afterLoad);
    clock.advance(61_000);
    expect(await resolver.companies()).toBe(first);
    await expect.poll(() => counter.requests()).toBe(afterLoad * 2);
    expect(await resolver.companies()).not.toBe(first);
  });

  it('fetches an id that is not cached yet, and keeps "unknown" for one Pax8 does not know', async () => {
    const pax8 = clientFor(sandbox);
    const resolver = createResolver({ pax8: oneAccount(pax8), clock: createManualClock('2026-11-02T09:00:00Z'), log: createSilentLogger() });
    const companies = await resolver.companies();
    expect(await resolver.company(companies[0]?.id ?? '')).toMatchObject({ kind: 'match', score: 1 });
    expect(await resolver.company('00000000-0000-4000-8000-000000000000')).toMatchObject({ kind: 'unknown' });
  });
});
