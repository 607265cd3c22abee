/** Words on cards as a person would write them: one seat, two seats. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cardData } from '../../src/cards/expand-card.ts';
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
