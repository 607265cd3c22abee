/** Presenters of the conversational views: help, choices, working, notice, error. */
import type { ChoicesView, ErrorView, HelpView, NoticeView, WorkingView } from '../../views/index.ts';
import type { RowData } from './list-cards.ts';
import { listData, type PageButtonData } from './list-data.ts';

export interface HelpData {
  title: string;
  intro: string;
  rows: RowData[];
  subtitle: string;
  hasPaging: boolean;
  pageButtons: PageButtonData[];
}

export function helpData(view: HelpView): HelpData {
  const rows = view.commands.map((c) => ({
    title: c.usage,
    detail: c.summary + (c.adminOnly ? ' (admins only)' : ''),
    figure: c.examples.length > 0 ? `e.g. ${c.examples.join(' · ')}` : '',
  }));
  const list = view.paging ? listData('', rows, view.paging, { noun: 'commands', emptyText: '' }) : undefined;
  return {
    title: view.topic ? `Help: ${view.topic}` : 'What I can do',
    intro: 'Type a command after `/pax8` in Slack or after mentioning me in Teams.',
    rows,
    subtitle: list?.subtitle ?? '',
    hasPaging: list?.hasPaging ?? false,
    pageButtons: list?.pageButtons ?? [],
  };
}

export interface ChoicesData {
  title: string;
  message: string;
  rows: RowData[];
  buttons: { title: string; data: { verb: string; command: string } }[];
  hasButtons: boolean;
}

export function choicesData(view: ChoicesView): ChoicesData {
  return {
    title: view.reason === 'ambiguous' ? `Which ${view.entity} did you mean?` : `No ${view.entity} called “${view.query}”`,
    message: view.message,
    rows: view.candidates.map((c) => ({ title: c.label, detail: c.detail ?? c.id, figure: '' })),
    // Two candidates of one name (two subscriptions of a product): the button says which is which.
    buttons: view.candidates.map((c) => ({
      title: view.candidates.filter((o) => o.label === c.label).length > 1 && c.detail ? `${c.label} · ${c.detail}` : c.label,
      data: { verb: c.verb, command: c.command },
    })),
    hasButtons: view.candidates.length > 0,
  };
}

export interface MessageData {
  title: string;
  message: string;
  color: 'good' | 'warning' | 'attention' | 'accent' | 'default';
}

export function workingData(view: WorkingView): { message: string } {
  return { message: view.message };
}

const toneColors = { info: 'accent', success: 'good', warning: 'warning' } as const;

export function noticeData(view: NoticeView): MessageData {
  return { title: view.title, message: view.message, color: toneColors[view.tone] };
}

const errorTitles: Record<ErrorView['code'], string> = {
  bad_input: 'That command is not quite right',
  unknown_command: 'I do not know that command',
  not_found: 'Not found',
  forbidden: 'You may not do that',
  refused: 'Not possible',
  pax8_unavailable: 'Pax8 is not answering',
  pax8_refused: 'Pax8 refused',
  microsoft_unavailable: 'Microsoft is not answering',
  microsoft_refused: 'Microsoft refused',
  internal: 'Something went wrong on my side',
};

export interface ErrorData extends MessageData {
  usage: string;
  hasUsage: boolean;
  examples: string[];
  hasExamples: boolean;
}

export function errorData(view: ErrorView): ErrorData {
  return {
    title: errorTitles[view.code],
    message: view.message,
    color: 'attention',
    usage: view.usage ?? '',
    hasUsage: view.usage !== null,
    examples: view.examples,
    hasExamples: view.examples.length > 0,
  };
}
