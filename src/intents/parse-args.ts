import type { QuantityChange, TermWord } from './intent-request.ts';
import type { Token } from './tokenize.ts';

/** Largest seat count accepted from chat; larger numbers are typos, not orders. */
export const maxQuantity = 100_000;

/** An argument that could be read, or the reason it could not. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** `5` → 5. Quoted text is a name, never a number. */
export function parseQuantity(token: Token | undefined): Parsed<number> {
  if (!token || token.quoted || !/^\d{1,9}$/.test(token.text)) return fail('the quantity must be a whole number, e.g. 5');
  const n = Number(token.text);
  if (n < 1 || n > maxQuantity) return fail(`the quantity must be between 1 and ${maxQuantity}`);
  return ok(n);
}

/** Whether a token reads as a quantity (`5`, `+2`, `-1`), so it can be told apart from a name. */
export function looksLikeQuantity(token: Token): boolean {
  return !token.quoted && /^[+-]?\d+$/.test(token.text);
}

/** `+2` adds, `-2` removes, `7` sets the total. */
export function parseQuantityChange(token: Token | undefined): Parsed<QuantityChange> {
  const match = token && !token.quoted ? /^([+-]?)(\d{1,9})$/.exec(token.text) : null;
  if (!match) return fail('the seat change must be +N (add), -N (remove) or N (new total), e.g. +2');
  const amount = Number(match[2]);
  const mode = match[1] === '+' ? 'add' : match[1] === '-' ? 'remove' : 'set';
  if (mode === 'set' ? amount < 1 : amount < 1) return fail(mode === 'set' ? 'the new total must be at least 1 (use "cancel" to end a subscription)' : 'the change must not be 0');
  if (amount > maxQuantity) return fail(`the seat change must be at most ${maxQuantity}`);
  return ok({ mode, amount });
}

const termAliases: Readonly<Record<string, TermWord>> = {
  monthly: 'Monthly', month: 'Monthly', p1m: 'Monthly', '1m': 'Monthly',
  annual: 'Annual', annually: 'Annual', yearly: 'Annual', year: 'Annual', '1-year': 'Annual', '1y': 'Annual', p1y: 'Annual',
  '2-year': '2-Year', '2year': '2-Year', '2y': '2-Year', p2y: '2-Year',
  '3-year': '3-Year', '3year': '3-Year', '3y': '3-Year', p3y: '3-Year',
  'one-time': 'One-Time', onetime: 'One-Time', trial: 'Trial',
};

/** `annual`, `Annually`, `P1Y`, `3y` → the Pax8 billing term; `undefined` if the word is no term. */
export function parseTerm(token: Token | undefined): TermWord | undefined {
  if (!token || token.quoted) return undefined;
  return termAliases[token.text.toLowerCase()];
}

/**
 * `2026-10-15` or a month `2026-10`. A month as the start of a range means its first day, as the
 * end its last day, so `audit 2026-10` covers all of October.
 */
export function parseDateArg(token: Token, edge: 'start' | 'end'): Parsed<string> {
  const month = /^(\d{4})-(\d{2})$/.exec(token.text);
  const dayMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(token.text);
  if (!month && !dayMatch) return fail(`"${token.text.slice(0, 40)}" is not a date: use YYYY-MM-DD or YYYY-MM`);
  const [, y, m, d] = (dayMatch ?? month) as RegExpExecArray;
  const year = Number(y);
  const monthIndex = Number(m) - 1;
  if (monthIndex < 0 || monthIndex > 11) return fail(`"${token.text}" has no month ${m}`);
  const date = dayMatch
    ? new Date(Date.UTC(year, monthIndex, Number(d)))
    : new Date(Date.UTC(year, edge === 'start' ? monthIndex : monthIndex + 1, edge === 'start' ? 1 : 0));
  if (dayMatch && date.getUTCDate() !== Number(d)) return fail(`"${token.text}" is not a calendar date`);
  if (edge === 'end') date.setUTCHours(23, 59, 59, 999);
  return ok(date.toISOString());
}

/** Removes `--page N` (or `page=N`) from the tokens; page numbers are 1-based. */
export function takePage(tokens: readonly Token[]): Parsed<{ page: number; rest: Token[] }> {
  const rest: Token[] = [];
  let page = 1;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    const inline = !token.quoted ? /^(?:--page=|page=)(.*)$/i.exec(token.text) : null;
    const separate = !token.quoted && token.text.toLowerCase() === '--page';
    if (!inline && !separate) {
      rest.push(token);
      continue;
    }
    const value = inline ? inline[1] : tokens[(i += 1)]?.text;
    if (!value || !/^\d{1,6}$/.test(value) || Number(value) < 1) return fail('--page needs a page number, e.g. --page 2');
    page = Number(value);
  }
  return ok({ page, rest });
}

/** Removes `--account NAME` (or `--account=NAME`): the Pax8 account a command is narrowed to. */
export function takeAccount(tokens: readonly Token[]): Parsed<{ account: string | undefined; rest: Token[] }> {
  const rest: Token[] = [];
  let account: string | undefined;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    const inline = !token.quoted ? /^--account=(.*)$/i.exec(token.text) : null;
    const separate = !token.quoted && token.text.toLowerCase() === '--account';
    if (!inline && !separate) {
      rest.push(token);
      continue;
    }
    const value = (inline ? inline[1] : tokens[(i += 1)]?.text)?.trim();
    if (!value || value.startsWith('--')) return fail('--account needs the name of a Pax8 account, e.g. --account emea');
    if (account !== undefined && account.toLowerCase() !== value.toLowerCase()) return fail('give --account once');
    account = value;
  }
  return ok({ account, rest });
}

/** Removes `key=value` provisioning details (`msDomain=contoso.onmicrosoft.com`); `a,b` gives two values. */
export function takeDetails(tokens: readonly Token[]): { details: Record<string, string[]>; rest: Token[] } {
  const details: Record<string, string[]> = {};
  const rest: Token[] = [];
  for (const token of tokens) {
    const match = token.quoted ? null : /^([A-Za-z][\w.-]{0,63})=(.*)$/s.exec(token.text);
    if (!match) {
      rest.push(token);
      continue;
    }
    const [, key = '', value = ''] = match;
    // Kept whole; checkProvisioning splits Multi-Value answers once it knows the detail's type.
    details[key] = [value.trim()].filter((v) => v !== '');
  }
  return { details, rest };
}
