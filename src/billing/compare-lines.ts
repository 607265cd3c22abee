import type { InvoiceItem } from '../pax8/index.ts';
import { parsePax8Date } from '../pax8/index.ts';
import { cents, dayStart, termKey } from './billing-calendar.ts';
import type { ChargeLine, LineType } from './expected-lines.ts';

/**
 * What a reconciliation finds about one invoice line or one expected line:
 * - `more-seats` / `fewer-seats`: billed for another seat count than the subscription held;
 * - `not-billed`: active (for the whole period, or a change) but not on the invoice;
 * - `not-active`: billed while the subscription was not active then (or for a product never held);
 * - `unit-cost`: billed at a unit cost other than the partner cost in effect;
 * - `amount`: right seats and cost, another amount (days or rounding).
 */
export const findingKinds = ['more-seats', 'fewer-seats', 'not-billed', 'not-active', 'unit-cost', 'amount'] as const;
export type FindingKind = (typeof findingKinds)[number];

export interface LineFinding {
  readonly kind: FindingKind;
  readonly expected: ChargeLine | undefined;
  readonly billed: ChargeLine | undefined;
  /** Invoice minus expectation, on the partner's cost; positive = billed too much. */
  readonly costImpact: number;
  /** The same on the customer's price. */
  readonly priceImpact: number;
}

/** Lines that are money only (credits, rebates): summed, never compared with seats. */
export function isMoneyOnly(item: InvoiceItem): boolean {
  const type = (item.type ?? '').toLowerCase();
  return type.includes('credit') || type === 'rebate' || termKey(item.term) === 'rebate';
}

function lineType(item: InvoiceItem): LineType | undefined {
  if (termKey(item.term) === 'arrears') return 'arrears';
  switch ((item.type ?? '').toLowerCase()) {
    case 'subscription':
      return 'subscription';
    case 'prorate':
      return 'prorate';
    case 'one-time':
    case 'onetime':
      return 'one-time';
    default:
      return undefined;
  }
}

/** An invoice item as a comparable line; undefined for money-only or unknown kinds of line. */
export function billedLine(item: InvoiceItem): ChargeLine | undefined {
  const type = lineType(item);
  const start = parsePax8Date(item.startPeriod)?.getTime();
  const end = parsePax8Date(item.endPeriod)?.getTime();
  if (!type || isMoneyOnly(item) || start === undefined || end === undefined) return undefined;
  return {
    subscriptionId: item.subscriptionId ?? null,
    productId: item.productId ?? '',
    type,
    term: termKey(item.term),
    startDay: dayStart(start),
    endDay: dayStart(end),
    quantity: item.quantity ?? 0,
    unitCost: item.cost ?? 0,
    unitPrice: item.price ?? 0,
    costTotal: item.costTotal ?? item.amountDue ?? 0,
    priceTotal: item.subTotal ?? 0,
  };
}

/** Lines that bill the same thing: kind of line, term, days, and charge or credit. */
function shape(line: ChargeLine): string {
  const sign = line.type === 'arrears' ? '' : line.quantity < 0 ? '-' : '+';
  return `${line.type}|${line.type === 'arrears' ? '' : line.term}|${line.startDay}|${line.endDay}|${sign}`;
}

const minus = (a: number, b: number): number => (cents(a) - cents(b)) / 100;

function compared(expected: ChargeLine, billed: ChargeLine): LineFinding | undefined {
  if (expected.type === 'arrears') return undefined;
  const impact = { expected, billed, costImpact: minus(billed.costTotal, expected.costTotal), priceImpact: minus(billed.priceTotal, expected.priceTotal) };
  if (billed.quantity !== expected.quantity) return { kind: billed.quantity > expected.quantity ? 'more-seats' : 'fewer-seats', ...impact };
  if (cents(billed.unitCost) !== cents(expected.unitCost)) return { kind: 'unit-cost', ...impact };
  if (cents(billed.costTotal) !== cents(expected.costTotal)) return { kind: 'amount', ...impact };
  return undefined;
}

/**
 * Pairs each billed line with an open expected line that `same` accepts and that bills the same
 * thing (kind, term, days, sign): first every pair that agrees entirely, then each line left with
 * the candidate closest in seats. So two subscriptions of one product billed without subscription
 * ids are never crossed (6 and 4 seats read as 4 and 6: two findings where there is none).
 * Returns the billed lines that found no partner.
 */
function pairLines(open: Set<ChargeLine>, billed: readonly ChargeLine[], same: (e: ChargeLine, line: ChargeLine) => boolean, findings: LineFinding[]): ChargeLine[] {
  const candidates = (line: ChargeLine): ChargeLine[] => [...open].filter((e) => same(e, line) && shape(e) === shape(line));
  const rest: ChargeLine[] = [];
  for (const line of billed) {
    const exact = candidates(line).find((e) => compared(e, line) === undefined);
    if (exact) open.delete(exact);
    else rest.push(line);
  }
  const unmatched: ChargeLine[] = [];
  for (const line of rest) {
    const closest = candidates(line).reduce<ChargeLine | undefined>((best, e) => (!best || Math.abs(e.quantity - line.quantity) < Math.abs(best.quantity - line.quantity) ? e : best), undefined);
    if (!closest) {
      unmatched.push(line);
      continue;
    }
    open.delete(closest);
    const finding = compared(closest, line);
    if (finding) findings.push(finding);
  }
  return unmatched;
}

/**
 * Compares one company's expected lines with its invoice's lines: matched by subscription first,
 * then lines without a subscription id by product (WIRE-NOTES rule 11). All lines of a subscription
 * are read together: each billed line is paired with the expected line of the same kind, days and
 * sign, so a prorated seat change next to the month's line is not read as an overcharge, and two
 * subscriptions of one product are never mixed up.
 */
export function compareLines(expected: readonly ChargeLine[], billed: readonly ChargeLine[]): LineFinding[] {
  const findings: LineFinding[] = [];
  const open = new Set(expected);
  const withId = billed.filter((line) => line.subscriptionId !== null);
  const unmatched = pairLines(open, withId, (e, line) => e.subscriptionId === line.subscriptionId, findings);
  const byProduct = pairLines(open, billed.filter((line) => line.subscriptionId === null), (e, line) => e.productId === line.productId, findings);
  for (const line of [...unmatched, ...byProduct]) {
    findings.push({ kind: 'not-active', expected: undefined, billed: line, costImpact: line.costTotal, priceImpact: line.priceTotal });
  }
  for (const line of open) {
    if (line.type === 'arrears') continue;
    findings.push({ kind: 'not-billed', expected: line, billed: undefined, costImpact: -line.costTotal, priceImpact: -line.priceTotal });
  }
  return findings;
}
