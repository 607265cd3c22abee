/** Presenters of the billing views: the reconciliation summary and a CSV export. */
import type { DownloadRef, FileExportView, ReconcileSummaryView } from '../../views/index.ts';
import { count, dateTime, type FactData, money, moneyDelta } from '../../views/format.ts';

export interface DownloadData {
  hasDownload: boolean;
  downloadTitle: string;
  downloadUrl: string;
  downloadNote: string;
}

function downloadData(download: DownloadRef | null): DownloadData {
  if (!download) return { hasDownload: false, downloadTitle: '', downloadUrl: '', downloadNote: '' };
  return {
    hasDownload: true,
    downloadTitle: `Download ${download.name}`,
    downloadUrl: download.url,
    downloadNote: `${count(download.rows)} rows; the link works until ${dateTime(download.expiresAt)}.`,
  };
}

export interface ReconcileSummaryData extends DownloadData {
  title: string;
  subtitle: string;
  facts: FactData[];
  notes: { text: string }[];
  currencies: { title: string; facts: FactData[] }[];
  hasFindings: boolean;
  findings: { title: string; detail: string; figure: string }[];
}

export function reconcileSummaryData(view: ReconcileSummaryView): ReconcileSummaryData {
  const scope = view.company ? ` for ${view.company}` : '';
  const running = view.progress !== null;
  const subtitle = running
    ? `Working: ${count(view.progress?.done)} of ${count(view.progress?.total)} companies`
    : `${count(view.companies)} companies: ${count(view.reconciled)} reconciled, ${count(view.notReconciled)} not reconciled, ${count(view.withFindings)} with findings`;
  const notes = view.accountsWithoutInvoices.map((name) => ({ text: `Account ${name} has no invoice for ${view.month ?? 'any month'}: not reconciled.` }));
  if (!running && view.notReconciled > 0) notes.push({ text: `${count(view.notReconciled)} companies have no invoice for the month: not reconciled, which is not the same as clean.` });
  return {
    title: `Reconciliation ${view.month ?? '(no invoiced month yet)'}${scope}`,
    subtitle,
    facts: [
      { title: 'Reconciled', value: count(view.reconciled) },
      { title: 'Not reconciled (no invoice)', value: count(view.notReconciled) },
      { title: 'With findings', value: count(view.withFindings) },
    ],
    notes,
    currencies: view.totals.map((t) => ({
      title: `${t.currency}: ${count(t.invoices)} invoices`,
      facts: [
        { title: 'Billed (partner cost)', value: money(t.billedCost, t.currency) },
        { title: 'Monthly recurring', value: money(t.monthlyRecurringCost, t.currency) },
        { title: 'One-time', value: money(t.oneTimeCost, t.currency) },
        { title: 'Credits', value: money(t.credits, t.currency) },
        { title: `Findings (${count(t.findings)})`, value: `${moneyDelta(t.findingsCost, t.currency)} cost, ${moneyDelta(t.findingsPrice, t.currency)} price` },
      ],
    })),
    hasFindings: view.topFindings.length > 0,
    findings: view.topFindings.map((f) => ({
      title: `${f.name}: ${f.productName}`,
      detail: f.explanation ? `${f.what} — ${f.explanation}` : f.what,
      figure: f.costImpact === null ? '' : `${moneyDelta(f.costImpact, f.currency)} (price ${moneyDelta(f.priceImpact, f.currency)})`,
    })),
    ...downloadData(view.download),
  };
}

export interface FileExportData extends DownloadData {
  title: string;
  message: string;
}

export function fileExportData(view: FileExportView): FileExportData {
  return { title: view.title, message: view.message, ...downloadData(view.download) };
}
