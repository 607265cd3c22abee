import { describe, expect, it } from 'vitest';
import { createPromiseCache, createSeenEvents, createTtlCache } from '../../src/util/ttl-cache.ts';

/** A clock the test moves by hand. */
function manualClock() {
  let ms = 1_000_000;
  return { now: () => ms, advance: (by: number) => void (ms += by) };
}

describe('the bounded cache', () => {
  it('keeps at most `max` entries, evicting the least recently used first', () => {
    const cache = createTtlCache<string, number>({ max: 3, ttlMs: 60_000 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1); // a is now the most recently used
    cache.set('d', 4);
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([1, 3, 4]);
  });

  it('stays at its bound however many keys arrive', () => {
    const cache = createTtlCache<number, number>({ max: 100, ttlMs: 60_000 });
    for (let i = 0; i < 10_000; i += 1) cache.set(i, i);
    expect(cache.size).toBe(100);
    expect(cache.get(9_999)).toBe(9_999);
    expect(cache.get(0)).toBeUndefined();
  });

  it('forgets an entry once its time to live has passed on the given clock', () => {
    const clock = manualClock();
    const cache = createTtlCache<string, string>({ max: 10, ttlMs: 1_000, now: clock.now });
    cache.set('u1', 'ann@msp.example');
    clock.advance(999);
    expect(cache.get('u1')).toBe('ann@msp.example');
    clock.advance(1);
    expect(cache.get('u1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('takes a time to live per entry, Infinity keeping it until the size bound evicts it', () => {
    const clock = manualClock();
    const cache = createTtlCache<string, string>({ max: 2, ttlMs: 1_000, now: clock.now });
    cache.set('short', 's', 10);
    cache.set('forever', 'f', Number.POSITIVE_INFINITY);
    clock.advance(86_400_000);
    expect(cache.get('short')).toBeUndefined();
    expect(cache.get('forever')).toBe('f');
    cache.set('x', 'x');
    cache.set('y', 'y');
    expect(cache.get('forever')).toBeUndefined();
  });
});

describe('seen events', () => {
  it('answers true once per id, true again after the time to live, and stays bounded', () => {
    const clock = manualClock();
    const seen = createSeenEvents({ max: 2, ttlMs: 600_000, now: clock.now });
    expect(seen.firstTime('evt-1')).toBe(true);
    expect(seen.firstTime('evt-1')).toBe(false);
    clock.advance(600_000);
    expect(seen.firstTime('evt-1')).toBe(true);
    seen.firstTime('evt-2');
    seen.firstTime('evt-3');
    // Past the bound the oldest id is forgotten rather than the memory growing.
    expect(seen.firstTime('evt-1')).toBe(true);
  });

  it('takes an id again once it is forgotten (an event refused without effect), and only that id', () => {
    const seen = createSeenEvents({ max: 10, ttlMs: 600_000 });
    seen.firstTime('refused');
    seen.firstTime('kept');
    seen.forget('refused');
    expect(seen.firstTime('refused')).toBe(true);
    expect(seen.firstTime('refused')).toBe(false);
    expect(seen.firstTime('kept')).toBe(false);
  });
});

describe('the promise cache', () => {
  it('shares one read between concurrent askers and keeps its answer', async () => {
    const cache = createPromiseCache<string, string>({ max: 10, ttlMs: 60_000 });
    let reads = 0;
    const read = () => {
      reads += 1;
      return new Promise<string>((resolve) => setTimeout(() => resolve('tenant-id'), 5));
    };
    const answers = await Promise.all([cache.get('contoso.com', read), cache.get('contoso.com', read)]);
    expect(answers).toEqual(['tenant-id', 'tenant-id']);
    expect(await cache.get('contoso.com', read)).toBe('tenant-id');
    expect(reads).toBe(1);
  });

  it('forgets a failed read, so the next asker reads again', async () => {
    const cache = createPromiseCache<string, string>({ max: 10, ttlMs: 60_000 });
    await expect(cache.get('k', () => Promise.reject(new Error('Entra unreachable')))).rejects.toThrow('Entra unreachable');
    await new Promise((resolve) => setImmediate(resolve));
    expect(cache.size).toBe(0);
    expect(await cache.get('k', () => Promise.resolve('second'))).toBe('second');
  });

  it('keeps each answer for the time `ttlFor` gives it', async () => {
    const clock = manualClock();
    const cache = createPromiseCache<string, string | null>({ max: 10, ttlMs: Number.POSITIVE_INFINITY, ttlFor: (v) => (v ? Number.POSITIVE_INFINITY : 1_000), now: clock.now });
    await cache.get('linked', () => Promise.resolve('sku'));
    await cache.get('provisioning', () => Promise.resolve(null));
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(1_000);
    let reads = 0;
    const again = () => {
      reads += 1;
      return Promise.resolve('sku-now');
    };
    expect(await cache.get('linked', again)).toBe('sku');
    expect(await cache.get('provisioning', again)).toBe('sku-now');
    expect(reads).toBe(1);
  });

  it('stays at its bound', async () => {
    const cache = createPromiseCache<number, number>({ max: 50, ttlMs: 60_000 });
    for (let i = 0; i < 500; i += 1) await cache.get(i, () => Promise.resolve(i));
    expect(cache.size).toBe(50);
  });
});
