import type { Paging } from './view-parts.ts';

/** Plain-text formatting shared by the text renderers; no platform markup. */

/** `12.5, 'USD'` → `12.50 USD`; `-` when unknown. */
export function money(amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '-';
  return `${amount.toFixed(2)}${currency ? ` ${currency}` : ''}`;
}

/** Signed money for deltas: `+12.50 USD`, `-3.00 USD`. */
export function signedMoney(amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '-';
  return `${amount >= 0 ? '+' : ''}${money(amount, currency)}`;
}

/** The calendar date of an ISO text (`2026-10-01`); `-` when absent. */
export function day(iso: string | null | undefined): string {
  if (!iso) return '-';
  return /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : iso;
}

/** `-` for an absent value, else the value as text. */
export function orDash(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** "Showing 11-20 of 300 (page 2 of 30). Next: companies --page 3". */
export function pagingLine(paging: Paging, noun: string): string {
  if (paging.total === 0) return `No ${noun}.`;
  const first = (paging.page - 1) * paging.pageSize + 1;
  const last = Math.min(paging.total, paging.page * paging.pageSize);
  const pages = Math.max(1, Math.ceil(paging.total / paging.pageSize));
  const total = `${paging.total}${paging.totalIsLowerBound ? '+' : ''}`;
  const range = first > paging.total ? `Page ${paging.page} is past the end` : `Showing ${first}-${last}`;
  const next = paging.next ? ` Next page: ${paging.next.command} --page ${paging.next.page}` : '';
  return `${range} of ${total} ${noun} (page ${paging.page} of ${pages}).${next}`;
}

/** Lines joined, empty ones dropped. */
export function lines(...parts: (string | false | null | undefined)[]): string {
  return parts.filter((part): part is string => typeof part === 'string' && part !== '').join('\n');
}
