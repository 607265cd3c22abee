import { describe, expect, it } from 'vitest';
import { collect, paginate, Pax8PageLimitError, type Page } from '../../src/pax8/index.ts';
import { createFakePax8, createTestClient, pageOf } from '../helpers/pax8-mock-agent.ts';

function pages(total: number, perPage: number): { fetch: (n: number) => Promise<Page<number>>; fetched: number[]; maxInFlight: () => number } {
  const fetched: number[] = [];
  let inFlight = 0;
  let max = 0;
  return {
    fetched,
    maxInFlight: () => max,
    fetch: async (n) => {
      fetched.push(n);
      inFlight += 1;
      max = Math.max(max, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1 + ((n * 7) % 5)));
      inFlight -= 1;
      return { content: Array.from({ length: perPage }, (_, i) => n * perPage + i), page: { size: perPage, totalElements: total * perPage, totalPages: total, number: n } };
    },
  };
}

describe('pagination', () => {
  it('yields every item in order with bounded pages in flight', async () => {
    const source = pages(25, 3);
    const items = await collect(paginate(source.fetch, { route: '/x', maxPages: 100, concurrency: 4 }));
    expect(items).toEqual(Array.from({ length: 75 }, (_, i) => i));
    expect(source.maxInFlight()).toBeLessThanOrEqual(4);
    expect(source.maxInFlight()).toBeGreaterThan(1);
  });

  it('refuses lists longer than maxPages', async () => {
    const source = pages(11, 1);
    await expect(collect(paginate(source.fetch, { route: '/x', maxPages: 10, concurrency: 1 }))).rejects.toBeInstanceOf(Pax8PageLimitError);
  });

  it('collect({max}) stops fetching early', async () => {
    const source = pages(50, 10);
    const items = await collect(paginate(source.fetch, { route: '/x', maxPages: 100, concurrency: 1 }), { max: 15 });
    expect(items).toHaveLength(15);
    expect(source.fetched.length).toBeLessThanOrEqual(3);
  });

  it('requests subscriptions in pages of 1000 and walks every page', async () => {
    const fake = createFakePax8();
    const paths: string[] = [];
    for (let n = 0; n < 3; n += 1) {
      fake.pool.intercept({ path: `/v1/subscriptions?companyId=c-1&page=${n}&size=1000`, method: 'GET' }).reply((opts) => {
        paths.push(opts.path);
        return { statusCode: 200, data: pageOf([{ id: `s-${n}`, commitmentTerm: { term: 'Annual' } }], n, 3) };
      });
    }
    const subs = await collect(createTestClient(fake.agent).subscriptions.list({ companyId: 'c-1' }));
    expect(subs.map((s) => [s.id, s.commitment?.term])).toEqual([
      ['s-0', 'Annual'],
      ['s-1', 'Annual'],
      ['s-2', 'Annual'],
    ]);
    expect(paths).toHaveLength(3);
  });
});
