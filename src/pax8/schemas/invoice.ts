import { z } from 'zod';
import { id, optionalBoolean, optionalNumber, optionalText, pax8Date } from './common.ts';

/**
 * An invoice. `status` is missing from the spec but present on the wire: `Unpaid`, `Paid`, `Void`,
 * `Carried`, `Nothing Due`, `Credited` (WIRE-NOTES).
 */
export const invoiceSchema = z.object({
  id,
  invoiceDate: pax8Date,
  dueDate: pax8Date,
  status: optionalText,
  balance: optionalNumber,
  carriedBalance: optionalNumber,
  total: optionalNumber,
  currencyCode: optionalText,
  partnerName: optionalText,
  companyId: optionalText,
  externalId: optionalText,
});
export type Invoice = z.infer<typeof invoiceSchema>;

/**
 * The spec's `rateType` enum holds prose (`"single (Single price ...)"`); the wire sends the bare
 * word in any case (`single`, `Flat`). Both become the lower-case word.
 */
const rateType = optionalText.transform((value) => (value ? (value.trim().split(/\s+/)[0] ?? value).toLowerCase() : value));

/** An invoice line (`/invoices/{id}/items`) or a draft line (`/invoices/draftItems`). */
export const invoiceItemSchema = z.object({
  id: optionalText,
  purchaseOrderNumber: optionalText,
  type: optionalText,
  companyId: optionalText,
  externalId: optionalText,
  companyName: optionalText,
  startPeriod: pax8Date,
  endPeriod: pax8Date,
  quantity: optionalNumber,
  unitOfMeasure: optionalText,
  term: optionalText,
  sku: optionalText,
  description: optionalText,
  details: optionalText,
  rateType,
  chargeType: optionalText,
  price: optionalNumber,
  subTotal: optionalNumber,
  cost: optionalNumber,
  costTotal: optionalNumber,
  offeredBy: optionalText,
  billedByPax8: optionalBoolean,
  total: optionalNumber,
  productId: optionalText,
  productName: optionalText,
  billingFee: optionalNumber,
  billingFeeRate: optionalNumber,
  amountDue: optionalNumber,
  currencyCode: optionalText,
  salesTax: optionalNumber,
  subscriptionId: optionalText,
  vendorName: optionalText,
});
export type InvoiceItem = z.infer<typeof invoiceItemSchema>;

/** Filters of `GET /invoices` (dates as `YYYY-MM-DD`). */
export interface InvoiceFilters {
  status?: string;
  invoiceDate?: string;
  invoiceDateRangeStart?: string;
  invoiceDateRangeEnd?: string;
  dueDate?: string;
  total?: number;
  balance?: number;
  carriedBalance?: number;
  companyId?: string;
  sort?: string;
}
