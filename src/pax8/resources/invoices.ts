import { invoiceItemSchema, invoiceSchema, type Invoice, type InvoiceFilters, type InvoiceItem } from '../schemas/invoice.ts';
import { listAll, toQuery, type ResourceContext } from './context.ts';

/** `/invoices` (Pax8 docs: https://devx.pax8.com/reference/findpartnerinvoices). Invoices never change once issued. */
export interface InvoicesResource {
  list(filters?: InvoiceFilters): AsyncIterable<Invoice>;
  get(invoiceId: string): Promise<Invoice>;
  /** Every item of an invoice, in pages of the crawl size; fails closed on a refused or short page. */
  items(invoiceId: string): AsyncIterable<InvoiceItem>;
  /** Next month's invoice lines as they stand (without usage billed in arrears; WIRE-NOTES rule 10), in pages of the crawl size. */
  draftItems(filters?: { companyId?: string; monthOffset?: number }): AsyncIterable<InvoiceItem>;
}

export function createInvoicesResource(ctx: ResourceContext): InvoicesResource {
  return {
    list: (filters) => listAll(ctx, '/invoices', invoiceSchema, {}, toQuery(filters)),
    get: (invoiceId) => ctx.request({ method: 'GET', route: '/invoices/{invoiceId}', params: { invoiceId }, schema: invoiceSchema, kind: 'read' }),
    items: (invoiceId) => listAll(ctx, '/invoices/{invoiceId}/items', invoiceItemSchema, { invoiceId }, {}, ctx.crawlPageSize),
    draftItems: (filters) => listAll(ctx, '/invoices/draftItems', invoiceItemSchema, {}, toQuery(filters), ctx.crawlPageSize),
  };
}
