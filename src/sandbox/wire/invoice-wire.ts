import type { Invoice } from '../model.ts';
import { cents, createPrng, hashSeed } from '../prng.ts';
import type { SandboxData } from '../sandbox-data.ts';
import { billableLines, type BillableLine } from '../seed/billing.ts';
import { DAY_MS, dateOnly } from '../wire-dates.ts';
import type { WireObject } from './wire-types.ts';

/** Bare-word rate types in mixed case, as the wire sends them (not the spec's prose enum). */
const rateTypes = ['single', 'Flat', 'single', 'flat'];

/** An `InvoiceItem` for one billable line. */
export function invoiceItemWire(line: BillableLine, idSeed: string): WireObject {
  const prng = createPrng(hashSeed(idSeed, line.sub.id));
  const subTotal = cents(line.price * line.quantity);
  const costTotal = cents(line.cost * line.quantity);
  const feeRate = line.company.billOnBehalfOfEnabled ? 0.03 : 0;
  const billingFee = cents(subTotal * feeRate);
  return {
    id: prng.uuid(),
    type: 'subscription',
    purchaseOrderNumber: 'N/A',
    companyId: line.company.id,
    ...(line.company.externalId ? { externalId: line.company.externalId } : {}),
    companyName: line.company.name,
    startPeriod: dateOnly(line.startPeriod),
    endPeriod: dateOnly(line.endPeriod),
    quantity: line.quantity,
    unitOfMeasure: line.product.unitOfMeasure,
    term: line.term,
    sku: line.product.sku,
    description: line.product.name,
    rateType: rateTypes[line.sub.dateStyle % rateTypes.length] ?? 'single',
    chargeType: 'per',
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
    currencyCode: line.sub.currencyCode,
    salesTax: 0,
    subscriptionId: line.sub.id,
    vendorName: line.product.vendorName,
  };
}

/** The items of an invoice: the history in effect that month, with the planted discrepancies applied. */
export function invoiceItems(data: SandboxData, invoice: Invoice): WireObject[] {
  const planted = data.discrepanciesByInvoice.get(invoice.id) ?? [];
  return billableLines(data, invoice.companyId, invoice.monthStart).map((line) => {
    const d = planted.find((p) => p.subscriptionId === line.sub.id);
    const billed = d ? { ...line, quantity: d.billedQuantity, cost: d.billedUnitCost } : line;
    return invoiceItemWire(billed, invoice.id);
  });
}

function totalsOf(data: SandboxData, invoice: Invoice): NonNullable<Invoice['totals']> {
  if (invoice.totals) return invoice.totals;
  const total = cents(invoiceItems(data, invoice).reduce((sum, item) => sum + (typeof item.amountDue === 'number' ? item.amountDue : 0), 0));
  const balance = invoice.status === 'Unpaid' ? total : invoice.status === 'Carried' ? cents(total * 0.4) : 0;
  invoice.totals = { total, balance, carriedBalance: 0 };
  return invoice.totals;
}

/** `Invoice` with the observed `status` field; totals are computed from the items on first use. */
export function invoiceWire(data: SandboxData, invoice: Invoice): WireObject {
  const company = data.companiesById.get(invoice.companyId);
  const totals = totalsOf(data, invoice);
  return {
    id: invoice.id,
    invoiceDate: dateOnly(invoice.monthStart),
    dueDate: dateOnly(invoice.monthStart + 14 * DAY_MS),
    total: totals.total,
    balance: totals.balance,
    carriedBalance: totals.carriedBalance,
    currencyCode: company?.address.country === 'CA' ? 'CAD' : company?.address.country === 'GB' ? 'GBP' : 'USD',
    status: invoice.status,
    partnerName: data.partnerName,
    companyId: invoice.companyId,
    ...(company?.externalId ? { externalId: company.externalId } : {}),
  };
}

/** Numbers used by list filters (`total`, `balance`, `carriedBalance`). */
export function invoiceTotals(data: SandboxData, invoice: Invoice): NonNullable<Invoice['totals']> {
  return totalsOf(data, invoice);
}
