import { toCsv } from '../util/csv.ts';
import type { ReconcileReport, ReconcileRow } from './reconcile-report.ts';

/** The CSV's columns, in order: one row per finding, bot change, clean or not-reconciled company. */
export const reconcileColumns = [
  'account', 'month', 'company_id', 'company', 'status', 'invoice_id', 'currency', 'finding', 'subscription_id', 'product_id', 'product', 'line',
  'billed_quantity', 'expected_quantity', 'billed_unit_cost', 'expected_unit_cost', 'cost_impact', 'price_impact', 'explanation', 'note',
] as const;

function cells(r: ReconcileRow): (string | number | null)[] {
  return [
    r.account, r.month, r.companyId, r.companyName, r.status, r.invoiceId, r.currency, r.kind, r.subscriptionId, r.productId, r.productName, r.line,
    r.billedQuantity, r.expectedQuantity, r.billedUnitCost, r.expectedUnitCost, r.costImpact, r.priceImpact, r.explanation, r.note,
  ];
}

/** A reconciliation as CSV for spreadsheets (header first, CRLF, names that look like formulas made text). */
export function reconcileToCsv(report: Pick<ReconcileReport, 'rows'>): string {
  return toCsv(reconcileColumns, report.rows.map(cells));
}

/** The file name a download offers, e.g. `reconcile-2026-10.csv`. */
export function reconcileFileName(report: Pick<ReconcileReport, 'month'>, company?: string): string {
  const slug = company ? `-${company.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40)}` : '';
  return `reconcile-${report.month ?? 'none'}${slug}.csv`;
}
