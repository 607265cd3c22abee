import type { Company, Product, Subscription } from '../model.ts';

/** Invoice item types the sandbox bills (a subset of the spec's `InvoiceItem.type` enum). */
export type LineType = 'subscription' | 'prorate' | 'one-time' | 'service-credit' | 'rebate';

/**
 * One line of an invoice before it is put on the wire. Amounts are derived from it:
 * `costTotal = unit cost × quantity × days ÷ ofDays`, rounded to the cent (see `lineCents`).
 */
export interface BillingLine {
  /** Stable within the invoice (the item id is derived from it and the invoice id). */
  key: string;
  type: LineType;
  company: Company;
  /** The subscription billed; absent for a line added for a product the company does not hold. */
  sub?: Subscription;
  product: Product;
  /** Negative for a credit (seats removed, a cancellation). */
  quantity: number;
  /** Customer unit price and partner unit cost for one whole period (a month, a year, once). */
  price: number;
  cost: number;
  /** Days billed out of the period's days: equal for a whole period. */
  days: number;
  ofDays: number;
  /** First and last day billed (UTC day starts, both included). */
  start: number;
  end: number;
  /** The item `term` as invoices spell it (`Monthly`, `3 Year`, `Arrears`, `Rebate`); absent on credits. */
  term?: string;
  /** Free text for people (`Prorated 17 of 30 days`). */
  details?: string;
}
