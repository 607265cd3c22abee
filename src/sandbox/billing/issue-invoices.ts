import type { Invoice, InvoiceStatus } from '../model.ts';
import { createPrng, hashSeed } from '../prng.ts';
import type { SandboxData } from '../sandbox-data.ts';
import { addMonthsUtc, DAY_MS, startOfMonthUtc } from '../wire-dates.ts';
import { billsAnything } from './invoice-lines.ts';

/** Months of invoices a new sandbox starts with, the current one included. */
export const SEEDED_INVOICE_MONTHS = 12;

/** Days after the original that a replacement for a Credited invoice is dated. */
const REPLACEMENT_AFTER_DAYS = 9;

/** Invoice ids come from the account seed, the company and the month: the same whenever the month is issued. */
function invoiceId(data: SandboxData, companyId: string, monthStart: number, tag: string): string {
  return createPrng(hashSeed(data.seed, tag, companyId, monthStart)).uuid();
}

/** An invoice, if the company has anything to bill that month (its total is computed on first read). */
function draw(data: SandboxData, companyId: string, monthStart: number, status: InvoiceStatus): Invoice | undefined {
  if (!billsAnything(data, companyId, monthStart)) return undefined;
  return { id: invoiceId(data, companyId, monthStart, 'invoice'), companyId, monthStart, issuedAt: monthStart, status };
}

/** Past invoices were mostly paid; a few carried a balance, and a few were Credited and replaced (WIRE-NOTES rule 10). */
function pastStatus(data: SandboxData, companyId: string, monthStart: number): InvoiceStatus {
  const prng = createPrng(hashSeed(data.seed, 'invoice-status', companyId, monthStart));
  return prng.weighted([['Paid', 92], ['Carried', 5], ['Credited', 3]] as const);
}

/** One month's invoices, one per company with something billed, each Credited one followed by its replacement. */
function issueMonth(data: SandboxData, monthStart: number, status: (companyId: string) => InvoiceStatus): Invoice[] {
  const issued: Invoice[] = [];
  for (const company of data.companies) {
    const invoice = draw(data, company.id, monthStart, status(company.id));
    if (!invoice) continue;
    issued.push(invoice);
    if (invoice.status !== 'Credited') continue;
    issued.push({
      id: invoiceId(data, company.id, monthStart, 'replacement'), companyId: company.id, monthStart,
      issuedAt: monthStart + REPLACEMENT_AFTER_DAYS * DAY_MS, status: 'Paid', replaces: invoice.id,
    });
  }
  return issued;
}

function index(data: SandboxData, invoices: readonly Invoice[]): void {
  for (const invoice of invoices) data.invoicesById.set(invoice.id, invoice);
}

/**
 * The invoices a new sandbox starts with: the twelve most recent months up to the start day, newest
 * first; the current month's are Unpaid.
 */
export function seedInvoices(data: SandboxData): void {
  const newest = startOfMonthUtc(data.anchorMs);
  data.invoices = Array.from({ length: SEEDED_INVOICE_MONTHS }, (_, i) => addMonthsUtc(newest, -i)).flatMap((month) =>
    issueMonth(data, month, (companyId) => (month === newest ? 'Unpaid' : pastStatus(data, companyId, month))),
  );
  data.invoicesById = new Map();
  index(data, data.invoices);
  data.invoicedThrough = newest;
}

/**
 * Issues the invoices of every month whose 1st the clock has passed since the last ones, from the
 * subscription history (the lifecycle has run up to `now`, so the months billed are complete). The
 * previous invoices are then paid. Called on every request and after clock changes.
 */
export function issueDueInvoices(data: SandboxData, now: number): void {
  for (let month = addMonthsUtc(data.invoicedThrough, 1); month <= now; month = addMonthsUtc(month, 1)) {
    for (const invoice of data.invoices) if (invoice.status === 'Unpaid') invoice.status = 'Paid';
    const fresh = issueMonth(data, month, () => 'Unpaid');
    data.invoices.unshift(...fresh);
    index(data, fresh);
    data.invoicedThrough = month;
  }
}
