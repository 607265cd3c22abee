/**
 * The shape every list card shares: a title, a line saying what is shown, the rows (or a sentence
 * when there are none), and previous / next buttons that re-run the command for another page.
 */
import type { Paging } from '../../views/index.ts';

export interface PageButtonData {
  title: string;
  data: { verb: string; command: string; page: number };
}

export interface ListData<Row> {
  title: string;
  subtitle: string;
  isEmpty: boolean;
  emptyText: string;
  rows: Row[];
  hasPaging: boolean;
  pageButtons: PageButtonData[];
}

/** "Page 2 of 14 · 340 companies" (or "340+" when Pax8's list was cut by the page guard). */
export function pagingText(paging: Paging, noun: string): string {
  const total = `${paging.total}${paging.totalIsLowerBound ? '+' : ''} ${noun}`;
  const pages = Math.max(1, Math.ceil(paging.total / paging.pageSize));
  return pages > 1 || paging.totalIsLowerBound ? `Page ${paging.page} of ${pages}${paging.totalIsLowerBound ? '+' : ''} · ${total}` : total;
}

export function listData<Row>(
  title: string,
  rows: Row[],
  paging: Paging,
  options: { noun: string; emptyText: string; subtitle?: string },
): ListData<Row> {
  const pageButtons = [paging.previous, paging.next].flatMap((action) =>
    action ? [{ title: action.label, data: { verb: action.verb, command: action.command, page: action.page } }] : [],
  );
  const summary = pagingText(paging, options.noun);
  return {
    title,
    subtitle: options.subtitle ? `${options.subtitle} · ${summary}` : summary,
    isEmpty: rows.length === 0,
    emptyText: options.emptyText,
    rows,
    hasPaging: pageButtons.length > 0,
    pageButtons,
  };
}
