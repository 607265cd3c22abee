import { cents } from './billing-calendar.ts';
import type { FindingKind } from './compare-lines.ts';

/**
 * One row of a reconciliation, as the CSV and the cards show it: a finding, a change the bot made
 * that explains a prorated line, a company reconciled with nothing to find (`clean`), or a company
 * with no invoice for the month (`not reconciled` — never `clean`).
 */
export interface ReconcileRow {
  readonly account: string;
  readonly month: string;
  readonly companyId: string;
  readonly companyName: string;
  readonly status: 'finding' | 'clean' | 'not reconciled' | 'bot change';
  readonly invoiceId: string;
  readonly currency: string;
  readonly kind: FindingKind | '';
  readonly subscriptionId: string;
  readonly productId: string;
  readonly productName: string;
  /** `subscription`, `prorate`, `one-time` or `arrears`, with its term and days, e.g. `prorate Monthly 2026-09-12..2026-09-30`. */
  readonly line: string;
  readonly billedQuantity: number | null;
  readonly expectedQuantity: number | null;
  readonly billedUnitCost: number | null;
  readonly expectedUnitCost: number | null;
  /** Invoice minus expectation on the partner's cost, in the invoice's currency; positive = billed too much. */
  readonly costImpact: number | null;
  /** The same on the customer's price. */
  readonly priceImpact: number | null;
  /** Changes the bot made that explain the line: "seats +2 approved by Ann on 12 Oct (request …)". */
  readonly explanation: string;
  readonly note: string;
}

/** Money of one currency: never added to another currency's. */
export interface CurrencyTotals {
  readonly currency: string;
  readonly invoices: number;
  /** Sum of the invoices' partner cost (`costTotal`), credits included. */
  readonly billedCost: number;
  /** Credits and rebates on those invoices (negative). */
  readonly credits: number;
  /** Monthly recurring partner cost as held on the 1st: annual and multi-year terms divided by their months; one-time, trial and activation left out. */
  readonly monthlyRecurringCost: number;
  /** One-time and activation charges billed (not monthly amounts). */
  readonly oneTimeCost: number;
  /** Sum of the findings' cost impact (positive = billed too much). */
  readonly findingsCost: number;
  readonly findingsPrice: number;
  readonly findings: number;
}

/** A whole run: what it covered, the rows, and the totals per currency. */
export interface ReconcileReport {
  readonly month: string | null;
  readonly accounts: readonly { readonly name: string; readonly invoices: number }[];
  readonly companies: number;
  readonly reconciled: number;
  readonly notReconciled: number;
  readonly withFindings: number;
  readonly totals: readonly CurrencyTotals[];
  readonly rows: readonly ReconcileRow[];
}

/** Adds money in cents per currency. */
export class CurrencyLedger {
  private readonly byCurrency = new Map<string, Record<Exclude<keyof CurrencyTotals, 'currency'>, number>>();

  add(currency: string, field: Exclude<keyof CurrencyTotals, 'currency'>, amount: number): void {
    const entry = this.byCurrency.get(currency) ?? { invoices: 0, billedCost: 0, credits: 0, monthlyRecurringCost: 0, oneTimeCost: 0, findingsCost: 0, findingsPrice: 0, findings: 0 };
    entry[field] += field === 'invoices' || field === 'findings' ? amount : cents(amount);
    this.byCurrency.set(currency, entry);
  }

  merge(other: CurrencyLedger): void {
    for (const [currency, entry] of other.byCurrency) {
      for (const [field, value] of Object.entries(entry) as [Exclude<keyof CurrencyTotals, 'currency'>, number][]) {
        this.add(currency, field, field === 'invoices' || field === 'findings' ? value : value / 100);
      }
    }
  }

  totals(): CurrencyTotals[] {
    return [...this.byCurrency.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, e]) => ({
        currency,
        invoices: e.invoices,
        findings: e.findings,
        billedCost: e.billedCost / 100,
        credits: e.credits / 100,
        monthlyRecurringCost: e.monthlyRecurringCost / 100,
        oneTimeCost: e.oneTimeCost / 100,
        findingsCost: e.findingsCost / 100,
        findingsPrice: e.findingsPrice / 100,
      }));
  }
}

/** The findings that matter most: largest money impact first. */
export function topFindings(report: Pick<ReconcileReport, 'rows'>, n: number): ReconcileRow[] {
  return report.rows.filter((r) => r.status === 'finding').sort((a, b) => Math.abs(b.costImpact ?? 0) - Math.abs(a.costImpact ?? 0) || a.companyName.localeCompare(b.companyName)).slice(0, n);
}
