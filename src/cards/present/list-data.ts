/**
 * The shape every list card shares: a title, a line saying what is shown, the rows (or a sentence
 * when there are none), and previous / next buttons that re-run the command for another page.
 */
import type { ApprovalAction, CommandAction, Paging } from '../../views/index.ts';
import { approvalButtonStyles } from './approval-card-data.ts';

export interface PageButtonData {
  title: string;
  data: { verb: string; command: string; page: number };
}

/**
 * A button under one row. Its data is the action's verb and what the action names, nothing else:
 * `{ verb: "choose", command }` runs a command; `{ verb, requestId, version }` is the approval
 * card's own button.
 */
export interface RowButtonData {
  title: string;
  style: 'positive' | 'destructive' | 'default';
  data: { verb: string; command: string } | { verb: string; requestId: string; version: number };
}

/** The buttons of a row, as its template's `ActionSet` binds them. */
export function rowButtons(actions: readonly (CommandAction | ApprovalAction)[]): { buttons: RowButtonData[]; hasButtons: boolean } {
  const buttons = actions.map((a): RowButtonData =>
    'command' in a
      ? { title: a.label, style: 'default', data: { verb: a.verb, command: a.command } }
      : { title: a.label, style: approvalButtonStyles[a.verb], data: { verb: a.verb, requestId: a.requestId, version: a.version } },
  );
  return { buttons, hasButtons: buttons.length > 0 };
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
/** "companies" → "company", "entries" → "entry", "orders" → "order": the plural nouns lists use, made singular. */
function singular(noun: string): string {
  if (noun.endsWith('ies')) return `${noun.slice(0, -3)}y`;
  return noun.endsWith('s') ? noun.slice(0, -1) : noun;
}

export function pagingText(paging: Paging, noun: string): string {
  const total = `${paging.total}${paging.totalIsLowerBound ? '+' : ''} ${paging.total === 1 && !paging.totalIsLowerBound ? singular(noun) : noun}`;
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
