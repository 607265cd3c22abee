import type { Invoice } from '../model.ts';
import type { SandboxData } from '../sandbox-data.ts';
import type { BillingLine } from './billing-line.ts';
import { applyDiscrepancies } from './discrepancies.ts';
import { costCents, issuedLines } from './invoice-lines.ts';

/** The lines of an issued invoice as it reads: the correct ones with any planted discrepancy applied. */
export function invoiceLines(data: SandboxData, invoice: Invoice): BillingLine[] {
  return applyDiscrepancies(data, invoice, issuedLines(data, invoice));
}

/** Sum of the items' `amountDue` (the partner's cost), computed once and kept until a discrepancy is planted. */
export function invoiceTotal(data: SandboxData, invoice: Invoice): number {
  invoice.total ??= invoiceLines(data, invoice).reduce((sum, line) => sum + costCents(line), 0) / 100;
  return invoice.total;
}

/** What is still owed: all of an Unpaid invoice, part of a Carried one, nothing otherwise. */
export function invoiceBalance(data: SandboxData, invoice: Invoice): number {
  const total = invoiceTotal(data, invoice);
  if (invoice.status === 'Unpaid') return total;
  return invoice.status === 'Carried' ? Math.round(total * 40) / 100 : 0;
}
