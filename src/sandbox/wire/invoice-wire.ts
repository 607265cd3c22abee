import type { BillingLine } from '../billing/billing-line.ts';
import { lineCents } from '../billing/billing-periods.ts';
import { itemId } from '../billing/invoice-lines.ts';
import { invoiceBalance, invoiceTotal } from '../billing/invoices.ts';
import type { Invoice } from '../model.ts';
import { cents } from '../prng.ts';
import type { SandboxData } from '../sandbox-data.ts';
import { DAY_MS, dateOnly } from '../wire-dates.ts';
import type { WireObject } from './wire-types.ts';

/** Bare-word rate types in mixed case, as the wire sends them (not the spec's prose enum). */
const rateTypes = ['single', 'Flat', 'single', 'flat'];

/**
 * An `InvoiceItem` for one line; `invoice` is undefined for a draft item, which (as in Pax8's
 * example) has no `id` or `purchaseOrderNumber`. Lines of products Pax8 invoices without a
 * subscription (a BitTitan migration) carry `subscriptionId: null`, as the spec describes.
 */
export function invoiceItemWire(data: SandboxData, line: BillingLine, invoice?: Invoice): WireObject {
  const subTotal = lineCents(line.price, line.quantity, line.days, line.ofDays) / 100;
  const costTotal = lineCents(line.cost, line.quantity, line.days, line.ofDays) / 100;
  const feeRate = line.company.billOnBehalfOfEnabled ? 0.03 : 0;
  const billingFee = cents(subTotal * feeRate);
  const credit = line.type === 'service-credit' || line.type === 'rebate';
  return {
    ...(invoice ? { id: itemId(invoice, line.key), purchaseOrderNumber: 'N/A' } : {}),
    type: line.type,
    companyId: line.company.id,
    ...(line.company.externalId ? { externalId: line.company.externalId } : {}),
    companyName: line.company.name,
    startPeriod: dateOnly(line.start),
    endPeriod: dateOnly(line.end),
    quantity: line.quantity,
    unitOfMeasure: line.product.unitOfMeasure,
    ...(line.term !== undefined ? { term: line.term } : {}),
    sku: line.product.sku,
    description: line.product.name,
    ...(line.details !== undefined ? { details: line.details } : {}),
    rateType: rateTypes[(line.sub?.dateStyle ?? 0) % rateTypes.length] ?? 'single',
    chargeType: credit ? 'flat' : 'per',
    price: line.price,
    subTotal,
    cost: line.cost,
    costTotal,
    offeredBy: 'Pax8',
    billedByPax8: line.company.billOnBehalfOfEnabled,
    total: cents(subTotal + billingFee),
    productId: line.product.id,
    productName: line.product.name,
    billingFee,
    billingFeeRate: feeRate,
    amountDue: costTotal,
    currencyCode: data.currencyCode,
    salesTax: 0,
    subscriptionId: line.sub && !line.product.billedWithoutSubscriptionId ? line.sub.id : null,
    vendorName: line.product.vendorName,
  };
}

/** `Invoice` with the observed `status` field, in the account's currency. */
export function invoiceWire(data: SandboxData, invoice: Invoice): WireObject {
  const company = data.companiesById.get(invoice.companyId);
  return {
    id: invoice.id,
    invoiceDate: dateOnly(invoice.issuedAt),
    dueDate: dateOnly(invoice.issuedAt + 14 * DAY_MS),
    total: invoiceTotal(data, invoice),
    balance: invoiceBalance(data, invoice),
    carriedBalance: 0,
    currencyCode: data.currencyCode,
    status: invoice.status,
    partnerName: data.partnerName,
    companyId: invoice.companyId,
    ...(company?.externalId ? { externalId: company.externalId } : {}),
  };
}
