import { type CommandWord, commandWords, isCommandWord, wireIds } from '../wire-ids.ts';
import { editDistance } from './fuzzy-match.ts';
import type { IntentRequest, ParseFailure, RequestContext } from './intent-request.ts';
import { maxCommandLength, normalizeCommandText } from './normalize-text.ts';
import { type Parsed, looksLikeQuantity, parseDateArg, parseQuantity, parseQuantityChange, parseTerm, takeAccount, takeDetails, takePage } from './parse-args.ts';
import { type Token, tokenize } from './tokenize.ts';
import { uuidLike } from './create-resolver.ts';
import { parseTenantRef, tenantRefHint } from '../microsoft/tenant-ref.ts';

type ArgParser = (args: readonly Token[], context: RequestContext) => Parsed<IntentRequest>;

const c = wireIds.commands;
const ok = (value: IntentRequest): Parsed<IntentRequest> => ({ ok: true, value });
const fail = (message: string): Parsed<IntentRequest> => ({ ok: false, message });
const joined = (tokens: readonly Token[]): string | null => (tokens.length === 0 ? null : tokens.map((t) => t.text).join(' '));

/** A command taking one optional name and `--page`. */
function pagedName<K extends 'companies' | 'products'>(kind: K): ArgParser {
  return (args, ctx) => {
    const paged = takePage(args);
    return paged.ok ? ok({ ...ctx, kind, page: paged.value.page, text: joined(paged.value.rest) }) : paged;
  };
}

/** A command about a company that the channel mapping may supply. */
function pagedCompany<K extends 'contacts' | 'subs' | 'orders' | 'licenses' | 'unused'>(kind: K): ArgParser {
  return (args, ctx) => {
    const paged = takePage(args);
    return paged.ok ? ok({ ...ctx, kind, page: paged.value.page, company: joined(paged.value.rest) }) : paged;
  };
}

/** The whole argument text, which must not be empty. */
function requiredText(args: readonly Token[], what: string): Parsed<string> {
  const text = joined(args);
  return text === null ? { ok: false, message: `say which ${what}` } : { ok: true, value: text };
}

const parseBuy: ArgParser = (args, ctx) => {
  const { details, rest } = takeDetails(args);
  const qtyAt = rest.findLastIndex(looksLikeQuantity);
  if (qtyAt === -1) return fail('give the number of seats after the product, e.g. 5');
  const quantity = parseQuantity(rest[qtyAt]);
  if (!quantity.ok) return quantity;
  const after = rest.slice(qtyAt + 1);
  const term = parseTerm(after[0]);
  if (after.length > (term ? 1 : 0)) return fail(`"${after.map((t) => t.text).join(' ').slice(0, 60)}" is not a term: use monthly, annual, 2-year or 3-year`);
  const names = rest.slice(0, qtyAt).map((t) => t.text);
  if (names.length === 0) return fail('say which product to buy (and for which company, unless this channel is mapped to one)');
  return ok({ ...ctx, kind: 'buy', names, quantity: quantity.value, term: term ?? null, details });
};

/**
 * `seats <subscription> <+N|-N|N>`, or `seats <subscription>` alone for the seats form. Text that
 * reads like a botched number (`5x`, `+`) at the end, or after an id, is a wrong change, not a name.
 */
const parseSeats: ArgParser = (args, ctx) => {
  const last = args.at(-1);
  const changeFail = fail('end the command with the seat change: +N, -N or N (or leave it out to be asked)');
  if (!last) return fail('say which subscription: its id, or the company and product');
  if (!looksLikeQuantity(last)) {
    const botched = !last.quoted && (/^[+-]$/.test(last.text) || (/^[+-]?\d/.test(last.text) && !uuidLike.test(last.text)));
    if (args.length > 1 && (botched || uuidLike.test(args[0]?.text ?? ''))) return changeFail;
    return ok({ ...ctx, kind: 'seats', names: args.map((t) => t.text), change: null, answer: null });
  }
  const change = parseQuantityChange(last);
  if (!change.ok) return change;
  const names = args.slice(0, -1).map((t) => t.text);
  if (names.length === 0) return fail('say which subscription: its id, or the company and product');
  return ok({ ...ctx, kind: 'seats', names, change: change.value, answer: null });
};

/** `user <upn>`: one sign-in name, whose domain says which tenant to ask. */
const parseUser: ArgParser = (args, ctx) => {
  const [first, extra] = args;
  const hint = "give the user's sign-in name (UPN), e.g. ann@contoso.com";
  if (!first || extra) return fail(hint);
  const at = first.text.lastIndexOf('@');
  const domain = at > 0 ? parseTenantRef(first.text.slice(at + 1)) : undefined;
  if (domain?.kind !== 'domain' || /[\s"'<>]/.test(first.text.slice(0, at)) || first.text.length > 320) return fail(hint);
  return ok({ ...ctx, kind: 'user', upn: first.text });
};

/** `tenant <company> <tenant-id|domain>`: the last word is the tenant. */
const parseTenant: ArgParser = (args, ctx) => {
  const last = args.at(-1);
  if (!last || args.length < 2) return fail(`name the company, then its Microsoft 365 tenant: ${tenantRefHint}`);
  if (!parseTenantRef(last.text)) return fail(`"${last.text.slice(0, 60)}" is not ${tenantRefHint}`);
  return ok({ ...ctx, kind: 'tenant', company: args.slice(0, -1).map((t) => t.text).join(' '), tenant: last.text });
};

/** A trailing `csv` word: the answer comes as a file too. */
function takeCsv(args: readonly Token[]): { csv: boolean; rest: Token[] } {
  const last = args.at(-1);
  return last && !last.quoted && last.text.toLowerCase() === 'csv' ? { csv: true, rest: args.slice(0, -1) } : { csv: false, rest: [...args] };
}

/** `reconcile [company] [YYYY-MM] [csv]`: the month is the last word that looks like one. */
const parseReconcile: ArgParser = (args, ctx) => {
  const { csv, rest } = takeCsv(args);
  const last = rest.at(-1);
  const month = last && !last.quoted && /^\d{4}-\d{2}$/.test(last.text) ? last.text : null;
  if (month !== null && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return fail(`"${month}" is not a month: give it as YYYY-MM, e.g. 2026-10`);
  const words = month === null ? rest : rest.slice(0, -1);
  if (words.some((t) => !t.quoted && /^\d{4}-\d{1,2}(-\d{1,2})?$/.test(t.text))) return fail('give the month as YYYY-MM after the company, e.g. reconcile "Contoso Ltd" 2026-10');
  return ok({ ...ctx, kind: 'reconcile', company: words.length > 0 ? words.map((t) => t.text).join(' ') : null, month, csv });
};

/**
 * `unused [company]`; and what a finding's buttons run: `unused reduce <subscription-id> <N>` (a
 * seats request to N that keeps every assigned seat) and `unused ignore <company> <sku>` (admins).
 * A company called "reduce" or "ignore" is typed in quotes.
 */
const parseUnused: ArgParser = (args, ctx) => {
  const [first, ...rest] = args;
  const word = first && !first.quoted ? first.text.toLowerCase() : undefined;
  if (word === 'reduce') {
    const [sub, total, extra] = rest;
    if (!sub || !total || extra || !uuidLike.test(sub.text)) return fail('give the subscription id and the number of seats to keep, e.g. unused reduce 4f5e0c1a-… 12');
    const quantity = parseQuantity(total);
    if (!quantity.ok) return quantity;
    return ok({ ...ctx, kind: 'seats', names: [sub.text], change: { mode: 'set', amount: quantity.value }, answer: null, keepAssigned: true });
  }
  if (word === 'ignore') {
    const sku = rest.at(-1);
    if (!sku || rest.length < 2) return fail('name the company, then the licence (its part number, e.g. FLOW_FREE)');
    if (!/^[A-Za-z0-9_.-]{1,80}$/.test(sku.text)) return fail(`"${sku.text.slice(0, 60)}" is not a licence part number or SKU id`);
    return ok({ ...ctx, kind: 'unusedIgnore', company: rest.slice(0, -1).map((t) => t.text).join(' '), sku: sku.text });
  }
  return pagedCompany('unused')(args, ctx);
};

const parseAudit: ArgParser = (args, ctx) => {
  const { csv, rest: uncsv } = takeCsv(args);
  const paged = takePage(uncsv);
  if (!paged.ok) return paged;
  const [fromToken, toToken, extra] = paged.value.rest;
  if (extra) return fail('give at most two dates: from and to');
  const from = fromToken ? parseDateArg(fromToken, 'start') : undefined;
  const to = toToken ? parseDateArg(toToken, 'end') : fromToken && /^\d{4}-\d{2}$/.test(fromToken.text) ? parseDateArg(fromToken, 'end') : undefined;
  if (from && !from.ok) return from;
  if (to && !to.ok) return to;
  const f = from?.ok ? from.value : null;
  const t = to?.ok ? to.value : null;
  if (f && t && f > t) return fail('the start date is after the end date');
  return ok({ ...ctx, kind: 'audit', page: paged.value.page, from: f, to: t, ...(csv ? { csv } : {}) });
};

const parsers: { readonly [K in CommandWord]: ArgParser } = {
  [c.help]: (args, ctx) => {
    const paged = takePage(args);
    return paged.ok ? ok({ ...ctx, kind: 'help', page: paged.value.page, topic: paged.value.rest[0]?.text.toLowerCase() ?? null }) : paged;
  },
  [c.companies]: pagedName('companies'),
  [c.company]: (args, ctx) => ok({ ...ctx, kind: 'company', company: joined(args) }),
  [c.contacts]: pagedCompany('contacts'),
  [c.products]: pagedName('products'),
  [c.product]: (args, ctx) => {
    const text = requiredText(args, 'product: a name, SKU or id');
    return text.ok ? ok({ ...ctx, kind: 'product', product: text.value }) : text;
  },
  [c.subs]: pagedCompany('subs'),
  [c.sub]: (args, ctx) => {
    return args.length === 0 ? fail('say which subscription: its id, or the company and product') : ok({ ...ctx, kind: 'sub', names: args.map((t) => t.text) });
  },
  [c.orders]: pagedCompany('orders'),
  [c.order]: (args, ctx) => {
    const text = requiredText(args, 'order (its id)');
    return text.ok ? ok({ ...ctx, kind: 'order', order: text.value }) : text;
  },
  [c.buy]: parseBuy,
  [c.seats]: parseSeats,
  [c.cancel]: (args, ctx) => (args.length === 0 ? fail('say which subscription: its id, or the company and product') : ok({ ...ctx, kind: 'cancel', names: args.map((t) => t.text) })),
  [c.licenses]: pagedCompany('licenses'),
  [c.unused]: parseUnused,
  [c.users]: (args, ctx) => {
    const paged = takePage(args);
    return paged.ok ? ok({ ...ctx, kind: 'users', page: paged.value.page, names: paged.value.rest.map((t) => t.text) }) : paged;
  },
  [c.user]: parseUser,
  [c.offboard]: (args, ctx) => ok({ ...ctx, kind: 'offboard', names: args.map((t) => t.text), answer: null }),
  [c.onboard]: (args, ctx) => ok({ ...ctx, kind: 'onboard', company: joined(args), details: null }),
  [c.requests]: (args, ctx) => {
    const paged = takePage(args);
    if (!paged.ok) return paged;
    const word = paged.value.rest.map((t) => t.text.toLowerCase()).join(' ') || 'all';
    if (word !== 'mine' && word !== 'pending' && word !== 'all') return fail('filter by "mine", "pending" or "all"');
    return ok({ ...ctx, kind: 'requests', page: paged.value.page, filter: word });
  },
  [c.renewals]: (args, ctx) => {
    const paged = takePage(args);
    if (!paged.ok) return paged;
    const [first, extra] = paged.value.rest;
    if (extra || (first && !/^\d{1,3}$/.test(first.text))) return fail('give the number of days ahead as a whole number, e.g. 60');
    const days = first ? Number(first.text) : 30;
    if (days < 1 || days > 366) return fail('the number of days must be between 1 and 366');
    return ok({ ...ctx, kind: 'renewals', page: paged.value.page, days });
  },
  [c.request]: (args, ctx) => {
    const text = requiredText(args, 'request (its id, or the first 8 characters of it)');
    return text.ok ? ok({ ...ctx, kind: 'request', requestId: text.value }) : text;
  },
  [c.audit]: parseAudit,
  [c.reconcile]: parseReconcile,
  [c.approvals]: (args, ctx) => (args.length === 1 && args[0]?.text.toLowerCase() === 'here' ? ok({ ...ctx, kind: 'approvalsHere' }) : fail('the only form is "approvals here"')),
  [c.map]: (args, ctx) => {
    const text = requiredText(args, 'company to map this channel to');
    return text.ok ? ok({ ...ctx, kind: 'map', company: text.value }) : text;
  },
  [c.tenant]: parseTenant,
};

/** Says how long a command may be, and how to get there. */
function tooLong(length: number): string {
  const n = new Intl.NumberFormat('en-US');
  return `That command is too long: ${n.format(length)} characters, and a command may have at most ${n.format(maxCommandLength)}. Shorten it; a company, product or subscription can be named by its id.`;
}

/**
 * Reads a command as typed in Slack (after `/pax8`) or Teams (with `<at>` mentions) into an
 * `IntentRequest`, or says what was wrong. Never throws, whatever the text.
 */
export function parseCommand(text: string, context: RequestContext): IntentRequest | ParseFailure {
  if (text.length > maxCommandLength * 4) return failure('bad_arguments', tooLong(text.length), null);
  const normalized = normalizeCommandText(text);
  if (normalized.length > maxCommandLength) return failure('bad_arguments', tooLong(normalized.length), null);
  const [head, ...args] = tokenize(normalized);
  if (!head) return failure('empty', 'Type a command, for example "help".', null);
  const word = head.text.toLowerCase();
  if (head.quoted || !isCommandWord(word)) {
    const shown = head.text.length > 40 ? `${head.text.slice(0, 40)}...` : head.text;
    return { kind: 'parseFailure', reason: 'unknown_command', message: `"${shown}" is not a command.`, command: null, suggestions: suggest(word) };
  }
  const narrowed = takeAccount(args);
  if (!narrowed.ok) return failure('bad_arguments', `${capitalize(narrowed.message)}.`, word);
  const { account, rest } = narrowed.value;
  const parsed = parsers[word](rest, context);
  if (!parsed.ok) return failure('bad_arguments', `${capitalize(parsed.message)}.`, word);
  return account === undefined ? parsed.value : { ...parsed.value, account };
}

function failure(reason: ParseFailure['reason'], message: string, command: string | null): ParseFailure {
  return { kind: 'parseFailure', reason, message, command, suggestions: [] };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Command words within two edits of (or starting like) what was typed. */
function suggest(word: string): string[] {
  const w = word.slice(0, 30);
  return commandWords.filter((cmd) => (w.length >= 2 && cmd.startsWith(w)) || editDistance(w, cmd) <= 2).slice(0, 3);
}
