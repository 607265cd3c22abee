/** Words on cards as a person would write them: one seat, two seats. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cardData } from '../../src/cards/expand-card.ts';
import { pagingText } from '../../src/cards/present/list-data.ts';
import { seats } from '../../src/views/format.ts';

const sample = JSON.parse(readFileSync(new URL('../../cards/samples/subscriptionList.json', import.meta.url), 'utf8')) as { items: { quantity: number | null }[] };

describe('seat counts', () => {
  it('says "1 seat", "2 seats", and "— seats" when Pax8 gave no number', () => {
    expect([seats(1), seats(2), seats(0), seats(null)]).toEqual(['1 seat', '2 seats', '0 seats', '— seats']);
  });

  it('puts the singular on a list row of one seat', () => {
    const view = { ...sample, items: sample.items.slice(0, 2).map((item, i) => ({ ...item, quantity: i + 1 })) };
    const rows = (cardData('subscriptionList', view) as { rows: { detail: string }[] }).rows;
    expect(rows.map((r) => r.detail.split(' · ')[0])).toEqual(['1 seat', '2 seats']);
  });
});

describe('list counts', () => {
  it('says "1 company" for a list of one, "2 companies" for two, and keeps the plural for "1+"', () => {
    const paging = (total: number, totalIsLowerBound = false) => ({ page: 1, pageSize: 10, total, totalIsLowerBound, previous: null, next: null });
    expect(pagingText(paging(1), 'companies')).toBe('1 company');
    expect(pagingText(paging(2), 'companies')).toBe('2 companies');
    expect(pagingText(paging(1), 'entries')).toBe('1 entry');
    expect(pagingText(paging(1), 'orders')).toBe('1 order');
    expect(pagingText(paging(1, true), 'orders')).toBe('Page 1 of 1+ · 1+ orders');
  });
});
