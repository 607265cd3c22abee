import type { ErrorCodeView, ErrorView } from '../views/message-views.ts';
import type { Paging } from '../views/view-parts.ts';
import type { View } from '../views/view.ts';
import { type CommandWord, isCommandWord, wireIds } from '../wire-ids.ts';
import { commandUsage } from './command-usage.ts';

/**
 * What a handler returns: the view to show at once and, when the answer needs Pax8 or the database,
 * a promise of the final view. Adapters post `now` within the platform's acknowledgement limit
 * (Slack 3 s, Teams 15 s) and replace it with `later` when that settles. `later` never rejects.
 */
export interface IntentResult {
  readonly now: View;
  readonly later?: Promise<View>;
  /**
   * Interim views a long answer shows while it runs ("140 of 2,000 companies"), each replacing the
   * one before, until `later` settles. Adapters throttle them to what their platform allows.
   */
  readonly updates?: ViewUpdates;
}

/** Interim views of one answer, for whoever listens (only the latest matters). */
export interface ViewUpdates {
  listen(listener: (view: View) => void): void;
}

/** A feed of interim views: `publish` from the handler, `listen` in the adapter. */
export function createViewUpdates(): ViewUpdates & { publish(view: View): void } {
  const listeners: ((view: View) => void)[] = [];
  return {
    listen: (listener) => void listeners.push(listener),
    publish: (view) => {
      for (const listener of listeners) listener(view);
    },
  };
}

/** An error view; for input mistakes, `command` adds the right form of that command. */
export function errorView(code: ErrorCodeView, message: string, command?: string | null): ErrorView {
  const usage = command && isCommandWord(command) ? commandUsage[command] : undefined;
  return { kind: 'error', code, message, usage: usage?.usage ?? null, examples: usage ? [...usage.examples] : [] };
}

/** Puts a name or id in a command so it parses back as one token. */
export function arg(text: string): string {
  const clean = text.replace(/["\u201C\u201D]/g, "'").replace(/\s+/g, ' ').trim();
  return /[\s']/.test(clean) || clean === '' ? `"${clean}"` : clean;
}

/** A command line from its word and arguments, e.g. `subs "Contoso Ltd"`. */
export function commandLine(word: CommandWord, ...args: (string | null | undefined)[]): string {
  return [word, ...args.filter((a): a is string => typeof a === 'string' && a !== '')].join(' ');
}

/** `--account NAME` when the command was narrowed to an account, so a re-run (next page) stays there. */
export function accountArgs(r: { readonly account?: string }): string[] {
  return r.account === undefined ? [] : ['--account', arg(r.account)];
}

/** Default items per page of a list answer; a chat message with 300 rows helps nobody. */
const defaultPageSize = 10;

/**
 * One page of `items` and the paging block with `page` buttons that re-run `command`. `pageSize`
 * is the policy's, if it sets one.
 */
export function pageOf<T>(items: readonly T[], page: number, pageSize: number | undefined, command: string, totalIsLowerBound = false): { items: T[]; paging: Paging } {
  const size = pageSize ?? defaultPageSize;
  const total = items.length;
  const lastPage = Math.max(1, Math.ceil(total / size));
  const current = Math.min(Math.max(1, page), lastPage);
  const action = (p: number, label: string) => ({ verb: wireIds.cardVerbs.page, label, command, page: p });
  return {
    items: items.slice((current - 1) * size, current * size),
    paging: {
      page: current,
      pageSize: size,
      total,
      totalIsLowerBound,
      previous: current > 1 ? action(current - 1, 'Previous') : null,
      next: current < lastPage ? action(current + 1, 'Next') : null,
    },
  };
}

/** `Date` or Pax8 date text → ISO text, or null. */
export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  return value;
}

/** `null` for absent values, so view fields are never `undefined`. */
export function n<T>(value: T | null | undefined): T | null {
  return value ?? null;
}
