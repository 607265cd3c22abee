/**
 * A reference reconciler written from README "How the sandbox bills" alone, from what the API
 * serves (subscription history, invoice items), sharing no code with the sandbox. The billing tests
 * use it to show that every line of every invoice is what the history says, but for the planted
 * discrepancies, and that each of those is found.
 */
import type { Wire } from './sandbox-http.ts';

const DAY = 86_400_000;
const billedStatuses = new Set(['Active', 'Activated', 'PendingCancel']);
const upfront: Record<string, number> = { Annual: 12, '2-Year': 24, '3-Year': 36 };
const termSpelling: Record<string, string> = { Monthly: 'Monthly', Annual: 'Annual', '2-Year': '2 Year', '3-Year': '3 Year', 'One-Time': 'One-Time', Activation: 'Activation' };
const moneyOnly = new Set(['service-credit', 'rebate', 'invoice-credit', 'payment-credit']);

/** Any of the wire's date spellings as epoch milliseconds. */
export function wireTime(text: unknown): number {
  const s = String(text);
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not a wire date: ${s}`);
  return ms;
}

const dayOf = (ms: number): number => Math.floor(ms / DAY) * DAY;
const ymd = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Adds months keeping the day of the month (the month's last day when it is shorter) and the time. */
export function addMonths(ms: number, n: number): number {
  const d = new Date(ms);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n + 1, 0)).getUTCDate();
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, Math.min(d.getUTCDate(), last)) + (ms - dayOf(ms));
}

/** One history entry as the reconciler reads it. */
export interface Entry {
  at: number;
  status: string;
  quantity: number;
  price: number;
  cost: number;
  term: string;
  startAt: number;
  endAt?: number;
}

/** `GET /subscriptions/{id}/history` (newest first) as entries, oldest first: in effect from `updatedDate`, the first from `createdDate`. */
export function entriesOf(history: readonly Wire[]): Entry[] {
  return [...history].reverse().map((h) => ({
    at: wireTime(h.updatedDate ?? h.createdDate),
    status: String(h.status),
    quantity: Number(h.quantity),
    price: Number(h.price),
    cost: Number(h.partnerCost),
    term: String(h.billingTerm),
    startAt: wireTime(h.startDate),
    ...(h.endDate !== undefined ? { endAt: wireTime(h.endDate) } : {}),
  }));
}

function billedAt(entries: readonly Entry[], t: number): Entry | undefined {
  const e = [...entries].reverse().find((x) => x.at <= t);
  if (!e || !billedStatuses.has(e.status) || e.startAt > t) return undefined;
  if (e.status === 'PendingCancel' && e.endAt !== undefined && e.endAt <= t) return undefined;
  return e;
}

function periodOf(e: Entry, day: number): { start: number; end: number } | undefined {
  if (e.term === 'Monthly') {
    const d = new Date(day);
    return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
  }
  const months = upfront[e.term];
  if (months === undefined) return undefined;
  let k = 0;
  while (dayOf(addMonths(e.startAt, (k + 1) * months)) <= day) k++;
  return { start: dayOf(addMonths(e.startAt, k * months)), end: dayOf(addMonths(e.startAt, (k + 1) * months)) };
}

/** A line as compared: who it bills, what, and for which days. */
export interface Line {
  subscriptionId: string | null;
  productId: string;
  type: string;
  term: string;
  startPeriod: string;
  endPeriod: string;
  quantity: number;
  cost: number;
  costTotal: number;
}

/** `unit × quantity × days ÷ periodDays` in cents, halves away from zero, back in money. */
function amount(unit: number, quantity: number, days: number, ofDays: number): number {
  const raw = (Math.round(unit * 100) * quantity * days) / ofDays;
  return (Math.sign(raw) * Math.round(Math.abs(raw))) / 100;
}

interface Billed {
  e: Entry;
  p: { start: number; end: number };
}

function tuple(entries: readonly Entry[], t: number): Billed | undefined {
  const e = billedAt(entries, t);
  const p = e && periodOf(e, dayOf(t));
  return e && p ? { e, p } : undefined;
}

/** What the sandbox's README says one subscription puts on the invoice of the month starting `month`. */
export function expectedLines(sub: { id: string; productId: string; usage: boolean }, entries: readonly Entry[], month: number): Line[] {
  const prev = addMonths(month, -1);
  const base = { subscriptionId: sub.id, productId: sub.productId };
  const billedDays = (from: number, to: number) => {
    const days: number[] = [];
    for (let d = from; d < to; d += DAY) if (billedAt(entries, d + DAY - 1)) days.push(d);
    return days;
  };
  if (sub.usage) {
    return billedDays(prev, month).length === 0 ? [] : [{ ...base, type: 'subscription', term: 'Arrears', startPeriod: ymd(prev), endPeriod: ymd(month - DAY), quantity: 1, cost: NaN, costTotal: NaN }];
  }
  const firstEntry = entries[0];
  if (firstEntry && (firstEntry.term === 'One-Time' || firstEntry.term === 'Activation')) {
    const first = billedDays(dayOf(firstEntry.at), month)[0];
    const e = first === undefined ? undefined : billedAt(entries, first + DAY - 1);
    if (first === undefined || first < prev || !e) return [];
    return [{ ...base, type: 'one-time', term: termSpelling[e.term] ?? e.term, startPeriod: ymd(first), endPeriod: ymd(first), quantity: e.quantity, cost: e.cost, costTotal: amount(e.cost, e.quantity, 1, 1) }];
  }
  const lines: Line[] = [];
  const make = (b: Billed, type: string, quantity: number, day: number): Line => {
    const ofDays = Math.round((b.p.end - b.p.start) / DAY);
    const days = Math.round((b.p.end - day) / DAY);
    return { ...base, type, term: termSpelling[b.e.term] ?? b.e.term, startPeriod: ymd(day), endPeriod: ymd(b.p.end - DAY), quantity, cost: b.e.cost, costTotal: amount(b.e.cost, quantity, days, ofDays) };
  };
  const head = tuple(entries, month);
  if (head && head.e.term === 'Monthly') lines.push(make(head, 'subscription', head.e.quantity, month));
  const samePrice = (a: Billed, b: Billed) => a.e.term === b.e.term && a.p.start === b.p.start && a.e.price === b.e.price && a.e.cost === b.e.cost;
  let before = tuple(entries, prev);
  for (let day = prev; day < month; day += DAY) {
    const after = tuple(entries, day + DAY - 1);
    if (before === after || (before && after && samePrice(before, after) && before.e.quantity === after.e.quantity)) continue;
    if (!before && !after) continue;
    if (before && after && samePrice(before, after)) {
      lines.push(make(after, 'prorate', after.e.quantity - before.e.quantity, day));
    } else {
      if (before && before.p.end > day) lines.push(make(before, 'prorate', -before.e.quantity, day));
      if (after) lines.push(make(after, after.e.term !== 'Monthly' && day === after.p.start ? 'subscription' : 'prorate', after.e.quantity, day));
    }
    before = after;
  }
  return lines;
}

/** A difference between an invoice and the history: what a reconciler reports. */
export interface Finding {
  kind: 'quantity' | 'price' | 'dropped' | 'added' | 'amount';
  /** The subscription, or `product:<id>` for a line matched by company and product. */
  ref: string;
}

/** The billed lines of an invoice's items, credits (money only) left out. */
export function billedLines(items: readonly Wire[]): Line[] {
  return items
    .filter((i) => !moneyOnly.has(String(i.type)))
    .map((i) => ({
      subscriptionId: (i.subscriptionId as string | null) ?? null, productId: i.productId, type: String(i.type), term: String(i.term),
      startPeriod: String(i.startPeriod), endPeriod: String(i.endPeriod), quantity: i.quantity, cost: Number(i.cost), costTotal: Number(i.costTotal),
    }));
}

/**
 * Compares expected and billed lines: first by subscription id, what is left by product (lines
 * without a subscription id); then quantity, unit cost and amount of each pair. Arrears lines are
 * compared by presence (their amount comes from usage lines).
 */
export function reconcile(expected: readonly Line[], billed: readonly Line[]): Finding[] {
  const findings: Finding[] = [];
  const shape = (l: Line, ref: string) => `${ref}|${l.type}|${l.term}|${l.startPeriod}|${l.endPeriod}|${l.term === 'Arrears' ? '' : Math.sign(l.quantity) >= 0 ? '+' : '-'}`;
  let todoExpected = [...expected];
  let todoBilled = [...billed];
  const passes: [(l: Line) => string | null, (l: Line) => string | null][] = [
    [(l) => l.subscriptionId, (l) => l.subscriptionId],
    // Lines without a subscription id are matched by company (the invoice's) and product.
    [(l) => `product:${l.productId}`, (l) => (l.subscriptionId === null ? `product:${l.productId}` : null)],
  ];
  for (const [expectedRef, billedRef] of passes) {
    const leftBilled: Line[] = [];
    for (const b of todoBilled) {
      const ref = billedRef(b);
      const i = ref === null ? -1 : todoExpected.findIndex((e) => expectedRef(e) === ref && shape(e, ref) === shape(b, ref));
      const e = todoExpected[i];
      if (!e || ref === null) {
        leftBilled.push(b);
        continue;
      }
      todoExpected = todoExpected.filter((_, k) => k !== i);
      if (e.term === 'Arrears') continue;
      if (e.quantity !== b.quantity) findings.push({ kind: 'quantity', ref });
      else if (e.cost !== b.cost) findings.push({ kind: 'price', ref });
      else if (e.costTotal !== b.costTotal) findings.push({ kind: 'amount', ref });
    }
    todoBilled = leftBilled;
  }
  for (const e of todoExpected) findings.push({ kind: 'dropped', ref: e.subscriptionId ?? `product:${e.productId}` });
  for (const b of todoBilled) findings.push({ kind: 'added', ref: b.subscriptionId ?? `product:${b.productId}` });
  return findings;
}

/** An invoice error the sandbox planted, as `GET /__sandbox/billing/discrepancies` lists it. */
export interface Planted {
  kind: string;
  invoiceId: string;
  companyId: string;
  month: string;
  subscriptionId: string | null;
  productId: string;
}
