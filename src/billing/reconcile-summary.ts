import { topFindings, type ReconcileReport, type ReconcileRow } from './reconcile-report.ts';

/** Money with its currency, two decimals: `+55.00 USD`. */
export function money(amount: number, currency: string, signed = false): string {
  const text = Math.abs(amount).toFixed(2);
  const sign = amount < 0 ? '-' : signed ? '+' : '';
  return `${sign}${text} ${currency}`;
}

/** What a finding is, in a few words: "billed 12 seats, held 10". */
export function findingWhat(row: ReconcileRow): string {
  return (
    row.kind === 'more-seats' || row.kind === 'fewer-seats'
      ? `billed ${row.billedQuantity ?? '?'} seats, held ${row.expectedQuantity ?? '?'}`
      : row.kind === 'unit-cost'
        ? `unit cost ${row.billedUnitCost ?? '?'}, in effect ${row.expectedUnitCost ?? '?'}`
        : row.note
  );
}

/** One finding in a sentence: who, what, how much. */
export function findingText(row: ReconcileRow): string {
  const what = findingWhat(row);
  const impact = row.costImpact === null ? '' : ` — ${money(row.costImpact, row.currency, true)} cost (price ${money(row.priceImpact ?? 0, row.currency, true)})`;
  const why = row.explanation ? ` — ${row.explanation}` : '';
  return `${row.companyName}: ${row.productName || row.productId} ${what}${impact}${why}`;
}

/** Accounts with no invoice for the month: said as such, never "clean". */
export function accountsWithoutInvoices(report: ReconcileReport): string[] {
  return report.accounts.filter((a) => a.invoices === 0).map((a) => a.name);
}

/** The summary as lines of text (the CLI prints them; the cards show the same facts). */
export function summaryLines(report: ReconcileReport): string[] {
  const lines = [`Reconciliation of ${report.month ?? '(no invoiced month yet)'}: ${report.companies} companies — ${report.reconciled} reconciled, ${report.notReconciled} not reconciled (no invoice), ${report.withFindings} with findings.`];
  for (const name of accountsWithoutInvoices(report)) lines.push(`Account "${name}" has no invoice for ${report.month ?? 'any month'}: not reconciled.`);
  for (const t of report.totals) {
    lines.push(
      `${t.currency}: ${t.invoices} invoices, billed ${money(t.billedCost, t.currency)} (credits ${money(t.credits, t.currency)}, one-time ${money(t.oneTimeCost, t.currency)}), monthly recurring ${money(t.monthlyRecurringCost, t.currency)}; ${t.findings} findings, ${money(t.findingsCost, t.currency, true)} cost, ${money(t.findingsPrice, t.currency, true)} price.`,
    );
  }
  const top = topFindings(report, 5);
  if (top.length > 0) lines.push('Top findings:', ...top.map((r) => `  - ${findingText(r)}`));
  return lines;
}
