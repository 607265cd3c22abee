/**
 * Pairing invoice lines with the lines the history expects, on hand-made lines: the cases where a
 * careless pairing reports findings that are not there.
 */
import { describe, expect, it } from 'vitest';
import { compareLines } from '../../src/billing/compare-lines.ts';
import type { ChargeLine } from '../../src/billing/expected-lines.ts';

const october = Date.UTC(2026, 9, 1);
const lastDay = Date.UTC(2026, 9, 31);

/** A month's line of `quantity` seats at 10.00 cost and 12.00 price. */
function line(subscriptionId: string | null, productId: string, quantity: number, extra: Partial<ChargeLine> = {}): ChargeLine {
  return {
    subscriptionId,
    productId,
    type: 'subscription',
    term: 'monthly',
    startDay: october,
    endDay: lastDay,
    quantity,
    unitCost: 10,
    unitPrice: 12,
    costTotal: 10 * quantity,
    priceTotal: 12 * quantity,
    ...extra,
  };
}

describe('two subscriptions of one product for one company', () => {
  const expected = [line('sub-a', 'prod-1', 6), line('sub-b', 'prod-1', 4)];

  it('are matched by subscription id, whatever the order of the invoice lines', () => {
    expect(compareLines(expected, [line('sub-b', 'prod-1', 4), line('sub-a', 'prod-1', 6)])).toEqual([]);
  });

  it('are matched by product, by their seat counts, when the invoice lines carry no subscription id', () => {
    expect(compareLines(expected, [line(null, 'prod-1', 4), line(null, 'prod-1', 6)])).toEqual([]);
    expect(compareLines(expected, [line(null, 'prod-1', 6), line(null, 'prod-1', 4)])).toEqual([]);
  });

  it('still finds a real difference on one of them, and only that one', () => {
    const findings = compareLines(expected, [line(null, 'prod-1', 4), line(null, 'prod-1', 7)]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'more-seats', costImpact: 10, priceImpact: 12, expected: { subscriptionId: 'sub-a', quantity: 6 }, billed: { quantity: 7 } });
  });

  it('reads a prorated seat change next to the month\'s line as the change it is, not an overcharge', () => {
    const mid = Date.UTC(2026, 8, 16);
    const prorate = { type: 'prorate' as const, startDay: mid, endDay: Date.UTC(2026, 8, 30), costTotal: 10, priceTotal: 12 };
    const withChange = [...expected, line('sub-a', 'prod-1', 2, prorate)];
    expect(compareLines(withChange, [line('sub-a', 'prod-1', 6), line('sub-a', 'prod-1', 2, prorate), line('sub-b', 'prod-1', 4)])).toEqual([]);
  });
});
