import type { Company, Invoice, InvoiceItem, Subscription } from '../pax8/index.ts';
import { collect, parsePax8Date } from '../pax8/index.ts';
import type { BotChange } from './bot-changes.ts';
import { DAY_MS, isoDay, isoMonth, monthStartOf, periodMonths, plusMonths } from './billing-calendar.ts';
import { billedLine, compareLines, isMoneyOnly, type LineFinding } from './compare-lines.ts';
import { expectedLines, type ChargeLine } from './expected-lines.ts';
import type { ReconcileReads } from './reconcile-reads.ts';
import { CurrencyLedger, type ReconcileReport, type ReconcileRow } from './reconcile-report.ts';
import { billedAt, timelineOf } from './subscription-timeline.ts';

/** One Pax8 partner account to reconcile. */
export interface ReconcileAccount {
  readonly name: string;
  readonly reads: ReconcileReads;
}

export interface ReconcileOptions {
  readonly accounts: readonly ReconcileAccount[];
  /** `YYYY-MM`; default: the last month any account has an invoice for. */
  readonly month?: string | undefined;
  /** Only this company (of this account): exactly the rows the full run gives for it. */
  readonly company?: { readonly account: string; readonly companyId: string } | undefined;
  /** The bot's own changes in a time range (they explain prorated lines). */
  readonly botChanges?: ((range: { readonly from: Date; readonly to: Date }) => Promise<readonly BotChange[]>) | undefined;
  /** Companies reconciled at once (their reads share the client's rate budget). */
  readonly concurrency?: number;
  /** Called after each company: "140 of 2,000 companies". */
  readonly onProgress?: ((progress: { readonly done: number; readonly total: number }) => void) | undefined;
}

/** Invoices that were replaced or cancelled: the replacement is what is reconciled. */
const supersededStatuses = new Set(['credited', 'void']);

/** The month of the newest invoice of an account (one page: the list sorted newest first). */
async function lastInvoicedMonth(account: ReconcileAccount): Promise<string | undefined> {
  for await (const invoice of account.reads.invoices.list({ sort: 'invoiceDate,desc' })) {
    const at = parsePax8Date(invoice.invoiceDate);
    if (at) return isoMonth(at.getTime());
  }
  return undefined;
}

/** Per company, the invoice of the month to reconcile: the newest that was not credited or voided. */
function invoiceByCompany(invoices: readonly Invoice[]): Map<string, Invoice> {
  const chosen = new Map<string, Invoice>();
  for (const invoice of invoices) {
    if (!invoice.companyId || supersededStatuses.has((invoice.status ?? '').toLowerCase())) continue;
    const held = chosen.get(invoice.companyId);
    const at = parsePax8Date(invoice.invoiceDate)?.getTime() ?? 0;
    if (!held || at >= (parsePax8Date(held.invoiceDate)?.getTime() ?? 0)) chosen.set(invoice.companyId, invoice);
  }
  return chosen;
}

interface AccountData {
  readonly account: ReconcileAccount;
  readonly companies: readonly Company[];
  readonly invoices: Map<string, Invoice>;
  readonly subscriptions: Map<string, Subscription[]>;
  readonly usageProduct: (productId: string) => Promise<boolean>;
}

async function readAccount(account: ReconcileAccount, month: string | undefined, companyId: string | undefined): Promise<AccountData> {
  const reads = account.reads;
  const companies = companyId ? [await reads.companies.get(companyId)] : await collect(reads.companies.list());
  const start = month === undefined ? undefined : monthStartOf(month);
  const invoices =
    start === undefined
      ? []
      : await collect(reads.invoices.list({ invoiceDateRangeStart: isoDay(start), invoiceDateRangeEnd: isoDay(plusMonths(start, 1) - DAY_MS), ...(companyId ? { companyId } : {}) }));
  const subscriptions = new Map<string, Subscription[]>();
  if (invoices.length > 0) {
    for (const sub of await collect(reads.subscriptions.list(companyId ? { companyId } : {}))) {
      const list = subscriptions.get(sub.companyId ?? '') ?? [];
      list.push(sub);
      subscriptions.set(sub.companyId ?? '', list);
    }
  }
  const usage = new Map<string, Promise<boolean>>();
  const usageProduct = (productId: string): Promise<boolean> => {
    let known = usage.get(productId);
    if (!known) {
      // Billed on consumption, in arrears: the pricing is a mark-up on usage (the Azure plan).
      known = reads.products.pricing(productId).then((prices) => prices.some((p) => (p.type ?? '').toLowerCase() === 'mark-up'));
      usage.set(productId, known);
    }
    return known;
  };
  return { account, companies, invoices: invoiceByCompany(invoices), subscriptions, usageProduct };
}

/** Reads every account, then reconciles each company, at most `concurrency` at once. */
export async function reconcileBilling(options: ReconcileOptions): Promise<ReconcileReport> {
  const accounts = options.company ? options.accounts.filter((a) => a.name === options.company?.account) : options.accounts;
  let month = options.month;
  if (month === undefined) {
    const months = (await Promise.all(options.accounts.map(lastInvoicedMonth))).filter((m): m is string => m !== undefined);
    month = months.sort().at(-1);
  }
  const data = await Promise.all(accounts.map((a) => readAccount(a, month, options.company?.companyId)));
  const start = month === undefined ? undefined : monthStartOf(month);
  const changes = start === undefined || !options.botChanges ? [] : await options.botChanges({ from: new Date(plusMonths(start, -1)), to: new Date(plusMonths(start, 1)) });
  const jobs = data.flatMap((d) => d.companies.map((company) => ({ d, company })));
  const results: { rows: ReconcileRow[]; ledger: CurrencyLedger | undefined; findings: boolean }[] = [];
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      const job = jobs[i];
      if (!job) continue;
      results[i] = await reconcileCompany(job.d, job.company, month, changes);
      done += 1;
      options.onProgress?.({ done, total: jobs.length });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 6, jobs.length)) }, worker));
  const ledger = new CurrencyLedger();
  for (const r of results) if (r.ledger) ledger.merge(r.ledger);
  const order = (row: ReconcileRow): string => `${row.account}\u0000${row.companyName.toLowerCase()}\u0000${row.companyId}`;
  const rows = results.map((r, i) => ({ rows: r.rows, i })).sort((a, b) => order(a.rows[0] as ReconcileRow).localeCompare(order(b.rows[0] as ReconcileRow)) || a.i - b.i).flatMap((r) => r.rows);
  return {
    month: month ?? null,
    accounts: data.map((d) => ({ name: d.account.name, invoices: d.invoices.size })),
    companies: jobs.length,
    reconciled: results.filter((r) => r.ledger).length,
    notReconciled: results.filter((r) => !r.ledger).length,
    withFindings: results.filter((r) => r.findings).length,
    totals: ledger.totals(),
    rows,
  };
}

const blankRow = { invoiceId: '', currency: '', kind: '', subscriptionId: '', productId: '', productName: '', line: '', billedQuantity: null, expectedQuantity: null, billedUnitCost: null, expectedUnitCost: null, costImpact: null, priceImpact: null, explanation: '', note: '' } as const;

const termLabels: Record<string, string> = { monthly: 'Monthly', annual: 'Annual', '2year': '2-Year', '3year': '3-Year', onetime: 'One-Time', activation: 'Activation', arrears: 'Arrears' };

function lineText(line: ChargeLine): string {
  return `${line.type} ${termLabels[line.term] ?? line.term} ${isoDay(line.startDay)}..${isoDay(line.endDay)}`;
}

/** Whether the subscription changed since `since`: then its history tells what it was; else it is as it is now. */
function needsHistory(sub: Subscription, since: number): boolean {
  const changed = parsePax8Date(sub.updatedDate ?? sub.createdDate)?.getTime();
  return changed === undefined || changed >= since;
}

async function reconcileCompany(d: AccountData, company: Company, month: string | undefined, changes: readonly BotChange[]): Promise<{ rows: ReconcileRow[]; ledger: CurrencyLedger | undefined; findings: boolean }> {
  const base = { ...blankRow, account: d.account.name, month: month ?? '', companyId: company.id, companyName: company.name };
  const invoice = d.invoices.get(company.id);
  const start = month === undefined ? undefined : monthStartOf(month);
  if (!invoice || start === undefined) {
    const note = month === undefined ? 'no invoice yet in this account: not reconciled' : d.invoices.size === 0 ? `the account has no invoice for ${month}: not reconciled` : `no invoice for ${month}: not reconciled`;
    return { rows: [{ ...base, status: 'not reconciled', note }], ledger: undefined, findings: false };
  }
  const previous = plusMonths(start, -1);
  const items = await collect(d.account.reads.invoices.items(invoice.id));
  const subs = d.subscriptions.get(company.id) ?? [];
  const names = new Map<string, string>();
  for (const item of items) if (item.productId && item.productName) names.set(item.productId, item.productName);
  for (const sub of subs) if (sub.productId && sub.productName) names.set(sub.productId, sub.productName);
  const currency = invoice.currencyCode ?? items.find((i) => i.currencyCode)?.currencyCode ?? 'unknown';
  const ledger = new CurrencyLedger();
  ledger.add(currency, 'invoices', 1);
  const expected: ChargeLine[] = [];
  await Promise.all(
    subs.map(async (sub) => {
      const timeline = timelineOf(needsHistory(sub, previous) ? await d.account.reads.subscriptions.history(sub.id) : [sub]);
      const usage = sub.productId ? await d.usageProduct(sub.productId) : false;
      expected.push(...expectedLines({ id: sub.id, productId: sub.productId ?? '', usage }, timeline, start));
      const held = billedAt(timeline, start);
      const months = held ? periodMonths(held.term) : undefined;
      if (held && months !== undefined && !usage) ledger.add(currency, 'monthlyRecurringCost', (held.cost * held.quantity) / months);
    }),
  );
  // Histories arrive in any order: compare in the subscriptions' order, so every run gives the same rows.
  const subOrder = new Map(subs.map((s, i) => [s.id, i]));
  expected.sort((a, b) => (subOrder.get(a.subscriptionId ?? '') ?? 0) - (subOrder.get(b.subscriptionId ?? '') ?? 0) || a.startDay - b.startDay || a.quantity - b.quantity);
  addInvoiceMoney(ledger, currency, items);
  const billed = items.map(billedLine).filter((l): l is ChargeLine => l !== undefined);
  const findings = compareLines(expected, billed);
  const explain = (line: ChargeLine | undefined): string =>
    line?.subscriptionId
      ? changes.filter((c) => c.subscriptionId === line.subscriptionId && (line.type === 'prorate' || line.type === 'one-time' ? Math.floor(c.at.getTime() / DAY_MS) * DAY_MS === line.startDay : c.at.getTime() >= previous)).map((c) => c.text).join('; ')
      : '';
  const rows: ReconcileRow[] = findings.map((f) => findingRow(base, invoice.id, currency, f, names, explain(f.billed ?? f.expected)));
  for (const f of findings) {
    ledger.add(currency, 'findings', 1);
    ledger.add(currency, 'findingsCost', f.costImpact);
    ledger.add(currency, 'findingsPrice', f.priceImpact);
  }
  const flagged = new Set(findings.map((f) => f.billed));
  for (const line of billed) {
    const why = line.type === 'prorate' && !flagged.has(line) ? explain(line) : '';
    if (why) rows.push({ ...base, ...lineColumns(line, names), status: 'bot change', invoiceId: invoice.id, currency, billedQuantity: line.quantity, billedUnitCost: line.unitCost, explanation: why });
  }
  if (findings.length === 0) rows.unshift({ ...base, status: 'clean', invoiceId: invoice.id, currency, note: `${billed.length} lines match the subscription history` });
  return { rows, ledger, findings: findings.length > 0 };
}

function addInvoiceMoney(ledger: CurrencyLedger, currency: string, items: readonly InvoiceItem[]): void {
  for (const item of items) {
    const cost = item.costTotal ?? item.amountDue ?? 0;
    ledger.add(currency, 'billedCost', cost);
    if (isMoneyOnly(item)) ledger.add(currency, 'credits', cost);
    else if ((item.type ?? '').toLowerCase() === 'one-time') ledger.add(currency, 'oneTimeCost', cost);
  }
}

function lineColumns(line: ChargeLine, names: ReadonlyMap<string, string>): Pick<ReconcileRow, 'subscriptionId' | 'productId' | 'productName' | 'line'> {
  return { subscriptionId: line.subscriptionId ?? '', productId: line.productId, productName: names.get(line.productId) ?? '', line: lineText(line) };
}

const findingNotes: Record<LineFinding['kind'], string> = {
  'more-seats': 'billed for more seats than held',
  'fewer-seats': 'billed for fewer seats than held',
  'not-billed': 'active but not billed',
  'not-active': 'billed while not active',
  'unit-cost': 'unit cost differs from the cost in effect',
  amount: 'amount differs for the same seats and cost',
};

function findingRow(base: Omit<ReconcileRow, 'status'>, invoiceId: string, currency: string, f: LineFinding, names: ReadonlyMap<string, string>, explanation: string): ReconcileRow {
  const line = (f.billed ?? f.expected) as ChargeLine;
  return {
    ...base,
    ...lineColumns(line, names),
    status: 'finding',
    invoiceId,
    currency,
    kind: f.kind,
    billedQuantity: f.billed?.quantity ?? null,
    expectedQuantity: f.expected?.quantity ?? null,
    billedUnitCost: f.billed?.unitCost ?? null,
    expectedUnitCost: f.expected?.unitCost ?? null,
    costImpact: f.costImpact,
    priceImpact: f.priceImpact,
    explanation,
    note: findingNotes[f.kind],
  };
}
