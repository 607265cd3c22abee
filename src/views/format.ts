/**
 * Display formatting: the one money, count and date formatter for cards, Slack text and notices. Views carry facts (numbers, ISO dates, nulls);
 * cards show text. Formatting lives here, in TypeScript, rather than in template expressions
 * because `adaptivecards-templating` throws on a `null` inside `${...}` and its date functions throw
 * on text that is not a date: a template should only place ready text.
 */

/** What a card shows for a fact nobody knows. */
export const unknown = '—';

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const moneyFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function text(value: string | null | undefined): string {
  return value === null || value === undefined || value.trim() === '' ? unknown : value;
}

export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? unknown : numberFormat.format(value);
}

/** `1 seat`, `12 seats`, `— seats` when unknown. */
export function seats(value: number | null | undefined): string {
  return `${count(value)} ${value === 1 ? 'seat' : 'seats'}`;
}

/** The first 8 characters of an id (`4f5e0c1a`): enough to tell rows apart and to find the whole id. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** `1,234.50 USD`; the currency is omitted when Pax8 did not give one. */
export function money(amount: number | null | undefined, currency: string | null): string {
  if (amount === null || amount === undefined) return unknown;
  return currency ? `${moneyFormat.format(amount)} ${currency}` : moneyFormat.format(amount);
}

/** A change in money, always signed: `+120.00 USD`, `-36.00 USD`. */
export function moneyDelta(amount: number | null | undefined, currency: string | null): string {
  if (amount === null || amount === undefined) return unknown;
  return amount > 0 ? `+${money(amount, currency)}` : money(amount, currency);
}

/** `2026-01-07 06:04 UTC`: one unambiguous zone for every reader, in Teams and Slack alike. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return unknown;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `2026-01-07`. */
export function day(iso: string | null | undefined): string {
  if (!iso) return unknown;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 10);
}

export function yesNo(value: boolean | null | undefined): string {
  return value === null || value === undefined ? unknown : value ? 'yes' : 'no';
}

/** A fact for a FactSet. */
export interface FactData {
  title: string;
  value: string;
}

/** Facts whose value is unknown are left out: an approver should not have to read a row of dashes. */
export function knownFacts(facts: readonly FactData[]): FactData[] {
  return facts.filter((fact) => fact.value !== unknown);
}
